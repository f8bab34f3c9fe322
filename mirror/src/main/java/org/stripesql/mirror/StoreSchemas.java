package org.stripesql.mirror;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.adapter.jdbc.JdbcTable;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ColumnType;
import org.stripesql.mirror.read.StoreConvention;
import org.stripesql.mirror.read.StoreTable;
import org.stripesql.mirror.store.Store;

/**
 * The stores as Calcite JDBC schemas, in each store's own convention and dialect (package {@code read}). Calcite's generated code finds a JDBC schema's DataSource through
 * an expression; here that expression calls {@link #schemaPlus(String)} with the mirror's label, so the
 * store needs no place in the connection's schema tree where users could query it directly.
 */
public final class StoreSchemas {
  private static final Map<String, SchemaPlus> BY_LABEL = new ConcurrentHashMap<>();

  private StoreSchemas() {}

  /** A JDBC schema over the store's tables, registered under the mirror's label. */
  static JdbcSchema register(String label, Store store) {
    JdbcConvention convention = convention(label, store);
    return schemaIn(store, convention, store.schema());
  }

  /**
   * The convention of the store's reads, registered under {@code label}: every JDBC schema made with it
   * ({@link #schemaIn}) reads through the store's readers, so one statement joins and unions their tables
   * in the store (a Connect platform's accounts, one schema each).
   */
  static JdbcConvention convention(String label, Store store) {
    Expression expression = Expressions.call(StoreSchemas.class, "schemaPlus", Expressions.constant(label));
    JdbcConvention convention = new StoreConvention(store.kind().dialect(), expression, "MIRROR_" + label);
    JdbcSchema schema = new JdbcSchema(store.readers(), store.kind().dialect(), convention, null, store.schema());
    SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
    BY_LABEL.put(label, root.add("mirror", schema));
    return convention;
  }

  /** A JDBC schema over schema {@code name} of the store, read in {@code convention}. */
  static JdbcSchema schemaIn(Store store, JdbcConvention convention, String name) {
    return new JdbcSchema(store.readers(), store.kind().dialect(), convention, null, name);
  }

  /** The store's table of a catalog table, from a registered store schema. */
  static Optional<Table> table(JdbcSchema schema, ApiTable definition) {
    Table t = schema.tables().get(definition.name());
    if (!(t instanceof JdbcTable jdbc)) {
      return Optional.empty();
    }
    Set<String> json = new HashSet<>();
    definition.columns().stream().filter(c -> c.type() == ColumnType.JSON).forEach(c -> json.add(c.name()));
    return Optional.of(new StoreTable(jdbc, json));
  }

  static void unregister(String label) {
    BY_LABEL.remove(label);
  }

  /** Called by generated code: the schema whose {@code unwrap(JdbcSchema.class)} gives the store's DataSource. */
  public static SchemaPlus schemaPlus(String label) {
    SchemaPlus s = BY_LABEL.get(label);
    if (s == null) {
      throw new IllegalStateException("the mirror " + label + " is closed");
    }
    return s;
  }
}
