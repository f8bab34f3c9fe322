package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.stripesql.adapter.config.Operand;

/**
 * The README's operand table is printed from {@link Operand}, the one home of every operand's type,
 * default and help. Run with {@code -Dstripesql.updateDocs=true} to rewrite it.
 */
class OperandDocTest {
  private static final String BEGIN = "<!-- operands:begin (generated from Operand; see OperandDocTest) -->\n";
  private static final String END = "<!-- operands:end -->";

  @Test
  void readmeOperandTableIsTheOneOperandPrints() throws Exception {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    assertTrue(b >= 0 && e > b, "README.md lacks the operand table markers");
    String expected = Operand.markdownTable();
    String actual = text.substring(b + BEGIN.length(), e);
    if (Boolean.getBoolean("stripesql.updateDocs") && !expected.equals(actual)) {
      Files.writeString(readme, text.substring(0, b + BEGIN.length()) + expected + text.substring(e),
          StandardCharsets.UTF_8);
      return;
    }
    assertEquals(expected, actual, "README.md's operand table is stale; regenerate it with"
        + " mvn -pl adapter test -Dtest=OperandDocTest -Dstripesql.updateDocs=true");
  }

  @Test
  void everyDefaultIsValidForItsOwnOperand() {
    for (Operand o : Operand.values()) {
      for (boolean test : new boolean[] {false, true}) {
        String d = o.defaultValue(test);
        if (d != null) {
          assertEquals(d, o.type().check(o, d), o.displayName());
        }
      }
    }
  }
}
