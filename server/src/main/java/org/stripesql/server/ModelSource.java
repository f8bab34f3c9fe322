package org.stripesql.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.stripesql.adapter.StripeAdapter;

/**
 * Where the Calcite model comes from (a model.json file or inline JSON) and the Calcite connection
 * properties that carry it. The identifier policy ({@code lex=MYSQL_ANSI}: {@code customers},
 * {@code "customers"} and {@code CUSTOMERS} all resolve) is fixed here, server side.
 */
public final class ModelSource {
  /**
   * Calcite's JDBC URL, with the adapter's plan cache; the model and lex go in the properties, not the URL
   * (no quoting issues).
   */
  public static final String CALCITE_URL = StripeAdapter.CALCITE_URL;
  public static final String LEX = "MYSQL_ANSI";
  public static final String FUN = "standard,postgresql";
  public static final String CONFORMANCE = "LENIENT";

  private final Path file;
  private final String inlineJson;

  private ModelSource(Path file, String inlineJson) {
    this.file = file;
    this.inlineJson = inlineJson;
  }

  public static ModelSource file(Path path) {
    return new ModelSource(path.toAbsolutePath().normalize(), null);
  }

  public static ModelSource inline(String json) {
    return new ModelSource(null, json);
  }

  /** A one-schema model ("stripe") that reads from {@code apiBase} with the given key. */
  public static ModelSource stripe(String apiBase, String apiKey) {
    return stripe(apiBase, apiKey, Map.of());
  }

  /** The same with further operands ({@code "Pushdown": "false"}, {@code "RateLimit": "100"}, ...). */
  public static ModelSource stripe(String apiBase, String apiKey, Map<String, String> operands) {
    return inline(StripeAdapter.oneSchemaModel(apiBase, apiKey, operands));
  }

  /** The model file, or null for an inline model. */
  public Path path() {
    return file;
  }

  /** The model's JSON text. */
  public String text() throws IOException {
    return file != null ? Files.readString(file, StandardCharsets.UTF_8) : inlineJson;
  }

  /** For messages: "model file /x/y.json" or "the inline model". Never includes the JSON. */
  public String describe() {
    return file != null ? "model file " + file : "the inline model";
  }

  /**
   * Calcite connection properties: model, lex, and the session time zone. Stripe's times are UTC, so
   * sessions are too: CURRENT_DATE and date arithmetic agree with the TIMESTAMP values whatever the
   * server machine's zone is.
   */
  public Properties calciteProperties() {
    Properties p = new Properties();
    p.setProperty("model", file != null ? file.toString() : "inline:" + inlineJson);
    p.setProperty("lex", LEX);
    p.setProperty("timeZone", "UTC");
    // BI tools (Tableau, DBeaver; docs/tableau.md). fun: Calcite's standard operators plus its
    // PostgreSQL library, which adds the string functions Tableau's dialect (tableau/stripesql/dialect.tdd)
    // and hand-written SQL use and standard SQL lacks: LEFT, RIGHT, REPEAT, LTRIM, RTRIM, CHR, STRPOS,
    // DATE_TRUNC. Not mysql or oracle too: their overloads change NVL/CONCAT/SUBSTR semantics.
    p.setProperty("fun", FUN);
    // conformance LENIENT: accepts what query builders and people type that standard SQL refuses,
    // GROUP BY an alias or ordinal, HAVING an alias, '!=', '%', LIMIT start, count; everything valid
    // stays valid with the same meaning.
    p.setProperty("conformance", CONFORMANCE);
    return p;
  }
}
