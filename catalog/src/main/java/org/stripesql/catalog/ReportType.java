package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One of Stripe's report types ({@code balance.summary.1}) as a table: its columns, the run parameters
 * Stripe documents for it, and which of them filter a column. docs/reports.md says how a table is read.
 *
 * @param id          Stripe's id of the report type
 * @param name        Stripe's name of it ("Balance summary")
 * @param remarks     what a run of the type holds, in our words after Stripe's documentation
 * @param required    the run parameters Stripe requires ({@code interval_start}, {@code interval_end})
 * @param optional    the run parameters Stripe accepts besides
 * @param filters     run parameters that keep only the rows whose column holds the value, by parameter
 * @param columns     the columns stripe-sql asks for ({@code parameters[columns]}), in order
 * @param foreignKeys columns holding ids of another table's rows
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"id", "name", "remarks", "required", "optional", "filters", "foreignKeys", "columns"})
public record ReportType(String id, String name, String remarks, List<String> required, List<String> optional,
    Map<String, String> filters, List<ReportColumn> columns, List<ForeignKey> foreignKeys) {
  /** The run parameter, and the column, of an interval's inclusive start. */
  public static final String INTERVAL_START = "interval_start";
  /** The run parameter, and the column, of an interval's exclusive end. */
  public static final String INTERVAL_END = "interval_end";
  /** The run parameter, and the column, of the payout a single payout's report is about. */
  public static final String PAYOUT = "payout";
  /** The prefix of a report type's table name. */
  public static final String TABLE_PREFIX = "report_";
  /** The endpoint that creates a run, which a report table stands for. */
  public static final String RUNS_PATH = "/v1/reporting/report_runs";

  public ReportType {
    Objects.requireNonNull(id, "id");
    required = required == null ? List.of() : List.copyOf(required);
    optional = optional == null ? List.of() : List.copyOf(optional);
    filters = filters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    columns = List.copyOf(columns);
    foreignKeys = foreignKeys == null ? List.of() : List.copyOf(foreignKeys);
  }

  /** {@code report_} and the id with dots as underscores: {@code report_balance_summary_1}. */
  @JsonIgnore
  public String tableName() {
    return TABLE_PREFIX + id.replace('.', '_');
  }

  /** Whether a run of this type takes the parameter. */
  public boolean declares(String param) {
    return required.contains(param) || optional.contains(param);
  }

  /** The interval columns the table has: {@code interval_start} and {@code interval_end}, when declared. */
  @JsonIgnore
  public List<String> intervalColumns() {
    List<String> out = new ArrayList<>();
    for (String p : List.of(INTERVAL_START, INTERVAL_END)) {
      if (declares(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * The columns stripe-sql fills from the run's parameters, which a statement's filter gives: the interval
   * columns, and {@code payout} for a type whose runs are about one payout.
   */
  @JsonIgnore
  public List<String> parameterColumns() {
    List<String> out = intervalColumns();
    if (declares(PAYOUT)) {
      out.add(PAYOUT);
    }
    return out;
  }

  /** The CSV columns, by name, in order. */
  @JsonIgnore
  public List<String> columnNames() {
    return columns.stream().map(ReportColumn::name).toList();
  }

  /**
   * The table: the report's columns (nullable: Stripe leaves a cell empty where it has no value), then the
   * parameter columns, which stripe-sql fills from the run's parameters (NOT NULL).
   */
  public ApiTable toTable() {
    List<ApiColumn> cols = new ArrayList<>();
    for (ReportColumn c : columns) {
      cols.add(new ApiColumn(c.name(), c.type(), true, List.of(c.name()), null, c.remarks()));
    }
    List<ForeignKey> keys = new ArrayList<>(foreignKeys);
    for (String p : parameterColumns()) {
      if (PAYOUT.equals(p)) {
        cols.add(new ApiColumn(p, ColumnType.VARCHAR, false, List.of(), null,
            "The payout the run is about (po_...): the run's payout parameter."));
        keys.add(new ForeignKey(PAYOUT, "payouts"));
      } else {
        cols.add(new ApiColumn(p, ColumnType.TIMESTAMP, false, List.of(), null, INTERVAL_START.equals(p)
            ? "The start of the run's interval (inclusive, UTC): the run's interval_start parameter."
            : "The end of the run's interval (exclusive, UTC): the run's interval_end parameter."));
      }
    }
    return new ApiTable(tableName(), TableKind.REPORT, "reporting.report_run", RUNS_PATH, null, null, cols, null,
        null, null, null, null, keys, null, "Stripe report " + id + " (" + name + "): " + remarks, null, null,
        null, null);
  }
}
