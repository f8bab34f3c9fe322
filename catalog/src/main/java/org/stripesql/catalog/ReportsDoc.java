package org.stripesql.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The report tables' part of {@code docs/tables.md}: for each report type its table, run parameters, what
 * a statement's filter sets of the run, and its columns. docs/reports.md explains how a run is read.
 */
final class ReportsDoc {
  private ReportsDoc() {}

  static void append(StringBuilder out, ReportTypes reports, Catalog catalog) {
    out.append("""
        # Reports

        Each of these Stripe report types is a table, `report_` and the type's id with dots as underscores. A
        statement reads one *report run* of the type: over the interval its filter bounds (`interval_start >=
        ...`, `interval_end <= ...`, `=`, `BETWEEN`, a prepared statement's parameters), or without bounds over
        the type's whole available range (`data_available_start` to `data_available_end`); `EXPLAIN` says which.
        The interval is what the table means, so it is bound with `Pushdown=false` too; the run's rows carry it
        in `interval_start` and `interval_end`, and the whole filter is still evaluated on them. A single
        payout's reports take no interval but `payout = 'po_...'`, which a statement must give. Amounts are in
        major units of the currency (`12.34` dollars, as Stripe's files have them), times in UTC; `count` is
        a reserved word in SQL, so write it quoted (`"count"`). How a run is made, awaited, read and kept:
        [reports.md](reports.md).

        | Table | Stripe report type | Required run parameters | Columns |
        |---|---|---|---|
        """);
    for (ReportType t : reports.types()) {
      out.append("| [`").append(t.tableName()).append("`](#").append(t.tableName()).append(") | `").append(t.id())
          .append("` (").append(t.name()).append(") | ").append(code(t.required())).append(" | ")
          .append(t.columns().size() + t.parameterColumns().size()).append(" |\n");
    }
    out.append('\n');
    for (ReportType t : reports.types()) {
      table(out, t, catalog);
    }
  }

  private static void table(StringBuilder out, ReportType type, Catalog catalog) {
    ApiTable t = type.toTable();
    out.append("## ").append(t.name()).append("\n\n");
    out.append("- Kind: ").append(t.kind()).append('\n');
    out.append("- Stripe report type: `").append(type.id()).append("` (").append(type.name()).append(")\n");
    out.append("- Endpoint: `POST ").append(ReportType.RUNS_PATH).append("`, then the run's result file\n");
    out.append("- Run parameters: required ").append(code(type.required())).append("; optional ")
        .append(code(type.optional())).append('\n');
    out.append("- ").append(type.remarks()).append("\n\n");
    out.append("Run parameters a statement sets:\n\n");
    for (String p : type.parameterColumns()) {
      out.append("- `").append(p).append(ReportType.INTERVAL_START.equals(p)
          ? "` `>=`, `>`, `=`: the greatest bound is the run's start; none: `data_available_start`\n"
          : ReportType.INTERVAL_END.equals(p)
          ? "` `<=`, `<`, `=`: the least bound is the run's end; none: `data_available_end`\n"
          : "` `=` (a literal or a parameter): the payout of the run, which a statement must give\n");
    }
    type.filters().forEach((param, column) -> out.append("- `").append(column).append("` `=` → `").append(param)
        .append("` (with Pushdown, for values Stripe reads as SQL does; rechecked on the rows)\n"));
    out.append('\n');
    out.append("| Column | Type | Nullable | Notes |\n|---|---|---|---|\n");
    for (ApiColumn c : t.columns()) {
      List<String> notes = new ArrayList<>();
      type.foreignKeys().stream().filter(k -> k.column().equals(c.name()) && catalog.table(k.table()).isPresent())
          .forEach(k -> notes.add("foreign key to [`" + k.table() + "`](#" + k.table() + ")"));
      if (c.remarks() != null) {
        notes.add(c.remarks().replace("|", "\\|"));
      }
      out.append("| `").append(c.name()).append("` | ").append(TablesDoc.sqlType(c.type())).append(" | ")
          .append(c.nullableInSql() ? "YES" : "NO").append(" | ").append(String.join("; ", notes)).append(" |\n");
    }
    out.append('\n');
  }

  private static String code(List<String> values) {
    if (values.isEmpty()) {
      return "none";
    }
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add("`" + v + "`"));
    return String.join(", ", out);
  }
}
