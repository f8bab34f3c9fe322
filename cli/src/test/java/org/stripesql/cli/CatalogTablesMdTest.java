package org.stripesql.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.OpenApiCatalogGenerator;
import org.stripesql.catalog.TablesDoc;

/** {@code stripesql catalog --tables-md}: the bundled catalog by default, a spec's catalog with --spec. */
class CatalogTablesMdTest {
  @TempDir
  Path tmp;

  @Test
  void writesTheBundledCatalogsReference() throws Exception {
    Path md = tmp.resolve("docs").resolve("tables.md");
    assertEquals(0, StripeSqlCli.run("catalog", "--tables-md", md.toString()));
    assertEquals(TablesDoc.markdown(Catalog.bundled()), Files.readString(md, StandardCharsets.UTF_8));
  }

  @Test
  void documentsTheCatalogOfASpec() throws Exception {
    Path spec = tmp.resolve("spec.json");
    try (InputStream in = getClass().getResourceAsStream("/specs/customers-widgets.json")) {
      assertNotNull(in);
      Files.copy(in, spec);
    }
    Path md = tmp.resolve("tables.md");
    assertEquals(0, StripeSqlCli.run("catalog", "--spec", spec.toString(), "--tables-md", md.toString()));
    String text = Files.readString(md, StandardCharsets.UTF_8);
    assertTrue(text.contains("\n## widgets\n"), text);
    assertTrue(text.contains("| `loyalty_tier` | VARCHAR | YES | `loyalty_tier` |"), text);
    assertTrue(text.contains(" 2 tables, "), text);
    assertFalse(text.contains("\n## charges\n"), "only the spec's tables");
  }

  @Test
  void reportsWhatItDerivedAndSkipped() throws Exception {
    Path spec = tmp.resolve("spec.json");
    try (InputStream in = getClass().getResourceAsStream("/specs/customers-widgets.json")) {
      Files.copy(in, spec);
    }
    PrintStream was = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, StripeSqlCli.run("catalog", "--spec", spec.toString(), "--tables-md",
          tmp.resolve("t.md").toString()));
    } finally {
      System.setOut(was);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    Catalog derived = OpenApiCatalogGenerator.fromFile(spec, false);
    assertTrue(out.contains("Derived from " + spec + ": API version " + derived.apiVersion() + ", 2 tables"), out);
  }

  @Test
  void outNeedsASpecAndSomethingMustBeWritten() {
    Path out = tmp.resolve("catalog.json");
    assertNotEquals(0, StripeSqlCli.run("catalog", "--out", out.toString()));
    assertNotEquals(0, StripeSqlCli.run("catalog"));
    assertFalse(Files.exists(out));
  }
}
