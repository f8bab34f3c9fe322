package org.stripesql.pgwire.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.stripesql.pgwire.types.PgType;

/**
 * One relation of {@code pg_catalog} or {@code information_schema}: its OID, its columns with their
 * PostgreSQL types, and how its rows follow from a connection's {@link CatalogSnapshot}. Columns a row
 * does not set take PostgreSQL's usual value for a plain table (false, 0, empty).
 */
public final class CatalogTable {
  /** A column. */
  public record Column(String name, PgType type) {}

  private final String schema;
  private final String name;
  private final int oid;
  private final char kind;
  private final List<Column> columns;
  private final Map<String, Integer> index = new HashMap<>();
  private final RowSource rows;
  private final boolean fixed;

  private CatalogTable(Builder b) {
    this.schema = b.schema;
    this.name = b.name;
    this.oid = b.oid;
    this.kind = b.kind;
    this.columns = List.copyOf(b.columns);
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i).name(), i);
    }
    this.rows = b.rows;
    this.fixed = b.fixed;
  }

  static Builder table(String schema, String name, int oid, char kind) {
    return new Builder(schema, name, oid, kind);
  }

  public String schema() {
    return schema;
  }

  public String name() {
    return name;
  }

  public int oid() {
    return oid;
  }

  /** {@code r} for a table, {@code v} for a view. */
  public char kind() {
    return kind;
  }

  public List<Column> columns() {
    return columns;
  }

  /** Whether the rows follow from the snapshot alone (not from the session's settings or user). */
  public boolean fixed() {
    return fixed;
  }

  /** The rows for a connection's catalog. */
  public List<Object[]> rows(CatalogSnapshot snapshot) {
    return rows.rows(this, snapshot);
  }

  /** A row: the values set by {@code fill}, defaults elsewhere, converted to the columns' Java types. */
  Object[] row(Consumer<Map<String, Object>> fill) {
    Map<String, Object> values = new HashMap<>();
    fill.accept(values);
    for (String k : values.keySet()) {
      if (!index.containsKey(k)) {
        throw new IllegalArgumentException(name + " has no column " + k);
      }
    }
    Object[] row = new Object[columns.size()];
    for (int i = 0; i < row.length; i++) {
      Column c = columns.get(i);
      row[i] = CatalogValues.coerce(c.type(), values.containsKey(c.name()) ? values.get(c.name())
          : CatalogValues.defaultValue(c.type()));
    }
    return row;
  }

  /** Builds a table definition. */
  static final class Builder {
    private final String schema;
    private final String name;
    private final int oid;
    private final char kind;
    private final List<Column> columns = new ArrayList<>();
    private RowSource rows = (t, s) -> List.of();
    private boolean fixed = true;

    private Builder(String schema, String name, int oid, char kind) {
      this.schema = schema;
      this.name = name;
      this.oid = oid;
      this.kind = kind;
    }

    /** Columns of one type: {@code cols(PgType.OID, "oid", "relnamespace")}. */
    Builder cols(PgType type, String... names) {
      for (String n : names) {
        columns.add(new Column(n, type));
      }
      return this;
    }

    /** The rows, built with {@link CatalogTable#row}. */
    Builder rows(RowSource source) {
      this.rows = source;
      return this;
    }

    /** The rows show the session's settings or user: computed anew for each scan. */
    Builder perSession() {
      this.fixed = false;
      return this;
    }

    CatalogTable build() {
      return new CatalogTable(this);
    }
  }

  /** Produces a table's rows from a snapshot. */
  interface RowSource {
    List<Object[]> rows(CatalogTable table, CatalogSnapshot snapshot);
  }
}
