package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report types stripe-sql exposes as tables, committed as {@code report-types.json}: written by hand
 * from Stripe's report types reference (there is no machine-readable description), checked by a test.
 *
 * @param format          file layout version
 * @param source          where the data comes from
 * @param parameterValues for a run parameter Stripe's spec gives values for (reporting_category), those values
 * @param types           the report types, sorted by id
 */
@JsonPropertyOrder({"format", "source", "parameterValues", "types"})
public record ReportTypes(int format, String source, Map<String, List<String>> parameterValues,
    List<ReportType> types) {
  public static final int FORMAT = 1;
  public static final String RESOURCE = "/org/stripesql/catalog/report-types.json";
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static volatile ReportTypes bundled;

  public ReportTypes {
    parameterValues = parameterValues == null ? Map.of() : Map.copyOf(parameterValues);
    types = List.copyOf(types);
  }

  /** The committed report types, loaded once. */
  public static ReportTypes bundled() {
    ReportTypes r = bundled;
    if (r == null) {
      try (InputStream in = ReportTypes.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
        }
        r = MAPPER.readValue(in, ReportTypes.class);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
      if (r.format() != FORMAT) {
        throw new IllegalStateException(RESOURCE + " has format " + r.format() + ", expected " + FORMAT);
      }
      bundled = r;
    }
    return r;
  }

  /** The type with this id ({@code balance.summary.1}). */
  public Optional<ReportType> byId(String id) {
    return types.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** The type whose table has this name ({@code report_balance_summary_1}). */
  public Optional<ReportType> byTable(String tableName) {
    return types.stream().filter(t -> t.tableName().equals(tableName)).findFirst();
  }
}
