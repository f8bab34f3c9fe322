package org.stripesql.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} reports a startup failure in one line and exits with code 2 (no System.exit). */
class ServeStartupFailureTest {
  @TempDir
  Path tmp;

  @Test
  void serveExitsWithCode2AndNoStackTrace() {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
      code = StripeSqlCli.run("serve", "--port", "0", "--model",
          tmp.resolve("missing.json").toString());
    } finally {
      System.setErr(oldErr);
    }
    String err = buf.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, err);
    assertTrue(err.contains("Model file not found"), err);
    assertFalse(err.contains("\tat "), err);
  }
}
