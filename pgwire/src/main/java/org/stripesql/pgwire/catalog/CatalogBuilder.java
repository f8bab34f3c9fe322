package org.stripesql.pgwire.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.LikePattern;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ColumnType;
import org.stripesql.catalog.ConnectedCatalog;
import org.stripesql.catalog.ForeignKey;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Attribute;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Namespace;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Relation;
import org.stripesql.pgwire.types.PgType;

/**
 * Builds a connection's {@link CatalogSnapshot} from its Calcite schemas: each schema of the model is a
 * namespace, each of its tables a relation whose columns come from the table's row type, with json
 * columns, descriptions and keys from the Stripe catalog (through {@link StripeAdapter}). OIDs follow the
 * schemas' and tables' names in order, so they stay the same for the same model.
 */
public final class CatalogBuilder {
  private static final Set<String> NOT_MODEL = Set.of("pg_catalog", "information_schema", "metadata");
  private static final int FIRST_SCHEMA_OID = 16_384;
  private static final int FIRST_TABLE_OID = 100_000;
  private static final int TABLES_PER_SCHEMA = 20_000;

  private CatalogBuilder() {
  }

  /** The catalog relations (pg_catalog and information_schema) every connection has. */
  public static List<CatalogTable> catalogTables() {
    List<CatalogTable> all = new ArrayList<>(PgCatalogTables.all());
    all.addAll(InformationSchemaTables.all());
    return all;
  }

  /** Whether a table's qualified name ({@code [pg_catalog, pg_class]}, {@code [pg_class]}) is a catalog relation. */
  public static boolean isCatalogTable(List<String> qualifiedName) {
    if (qualifiedName.size() == 2) {
      String schema = qualifiedName.get(0);
      return schema.equals(PgCatalogTables.SCHEMA) || schema.equals(InformationSchemaTables.SCHEMA);
    }
    return qualifiedName.size() == 1 && CATALOG_NAMES.contains(qualifiedName.get(0));
  }

  private static final Set<String> CATALOG_NAMES = catalogNames();

  private static Set<String> catalogNames() {
    Set<String> names = new TreeSet<>();
    PgCatalogTables.all().forEach(t -> names.add(t.name()));
    return names;
  }

  /**
   * The tables with their keys from the Stripe catalog (a foreign key to a table of the same schema with a
   * one-column primary key), each primary key followed by its index relation ({@code <table>_pkey}).
   */
  private static List<Relation> keyed(List<Relation> tables, Map<String, ApiTable> definitions) {
    Map<String, Relation> byName = new HashMap<>();
    tables.forEach(t -> byName.put(t.name(), t));
    List<Relation> out = new ArrayList<>();
    for (Relation t : tables) {
      ApiTable def = definitions.get(t.name());
      if (def == null) {
        out.add(t);
        continue;
      }
      List<Integer> pk = new ArrayList<>();
      for (String c : def.primaryKey()) {
        t.attribute(c).ifPresent(a -> pk.add(a.num()));
      }
      if (pk.size() != def.primaryKey().size()) {
        pk.clear();
      }
      List<CatalogSnapshot.Reference> fks = new ArrayList<>();
      for (ForeignKey fk : def.foreignKeys()) {
        Relation target = byName.get(fk.table());
        ApiTable targetDef = definitions.get(fk.table());
        Optional<Attribute> column = t.attribute(fk.column());
        // in a schema of connected accounts both keys start with the account: (account, customer) -> (account, id)
        boolean connected = ConnectedCatalog.isConnected(def) && targetDef != null
            && ConnectedCatalog.isConnected(targetDef);
        int keySize = connected ? 2 : 1;
        if (target == null || targetDef == null || targetDef.primaryKey().size() != keySize || column.isEmpty()
            || fks.size() >= 15) {
          continue;
        }
        Optional<Attribute> targetColumn = target.attribute(targetDef.primaryKey().get(keySize - 1));
        if (targetColumn.isEmpty()) {
          continue;
        }
        if (connected) {
          fks.add(new CatalogSnapshot.Reference(List.of(t.attribute(ConnectedCatalog.ACCOUNT).orElseThrow().num(),
              column.get().num()), target.oid(), List.of(target.attribute(ConnectedCatalog.ACCOUNT).orElseThrow().num(),
              targetColumn.get().num())));
        } else {
          fks.add(new CatalogSnapshot.Reference(column.get().num(), target.oid(), targetColumn.get().num()));
        }
      }
      Relation keyed = new Relation(t.oid(), t.namespace(), t.name(), t.kind(), t.attributes(), t.description(),
          new CatalogSnapshot.Keys(List.copyOf(pk), List.copyOf(fks)), t.estimatedRows());
      out.add(keyed);
      if (!pk.isEmpty()) {
        List<Attribute> indexColumns = new ArrayList<>();
        for (int n : pk) {
          Attribute a = t.attribute(n).orElseThrow();
          indexColumns.add(new Attribute(indexColumns.size() + 1, a.name(), a.type(), a.typmod(), false, null));
        }
        out.add(new Relation(t.oid() + 1, t.namespace(), t.name() + "_pkey", 'i', indexColumns, null,
            CatalogSnapshot.Keys.NONE, t.estimatedRows()));
      }
    }
    return out;
  }

  public static CatalogSnapshot build(Connection connection) throws SQLException {
    CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
    SchemaPlus root = calcite.getRootSchema();
    JavaTypeFactory types = calcite.getTypeFactory();
    List<Namespace> namespaces = new ArrayList<>();
    List<Relation> relations = new ArrayList<>();
    Namespace pg = new Namespace(CatalogSnapshot.PG_CATALOG_OID, PgCatalogTables.SCHEMA);
    Namespace info = new Namespace(CatalogSnapshot.INFORMATION_SCHEMA_OID, InformationSchemaTables.SCHEMA);
    namespaces.add(pg);
    namespaces.add(info);
    for (CatalogTable t : catalogTables()) {
      List<Attribute> attributes = new ArrayList<>();
      for (CatalogTable.Column c : t.columns()) {
        attributes.add(new Attribute(attributes.size() + 1, c.name(), c.type(), -1, false, null));
      }
      relations.add(new Relation(t.oid(), t.schema().equals(PgCatalogTables.SCHEMA) ? pg : info, t.name(), t.kind(),
          attributes, null, CatalogSnapshot.Keys.NONE, -1));
    }
    int k = 0;
    for (String schemaName : new TreeSet<>(root.subSchemas().getNames(LikePattern.any()))) {
      if (NOT_MODEL.contains(schemaName)) {
        continue;
      }
      Namespace ns = new Namespace(FIRST_SCHEMA_OID + k, schemaName);
      namespaces.add(ns);
      SchemaPlus schema = root.subSchemas().get(schemaName);
      List<Relation> tables = new ArrayList<>();
      Map<String, ApiTable> definitions = new HashMap<>();
      int i = 0;
      for (String tableName : new TreeSet<>(schema.tables().getNames(LikePattern.any()))) {
        Table table = schema.tables().get(tableName);
        Optional<ApiTable> api = StripeAdapter.table(connection, schemaName, tableName);
        api.ifPresent(a -> definitions.put(tableName, a));
        List<Attribute> attributes = new ArrayList<>();
        for (RelDataTypeField f : table.getRowType(types).getFieldList()) {
          Optional<ApiColumn> col = api.flatMap(a -> a.column(f.getName()));
          PgType type = col.filter(c -> c.type() == ColumnType.JSON).isPresent() ? PgType.JSON
              : PgType.of(f.getType());
          attributes.add(new Attribute(attributes.size() + 1, f.getName(), type, PgType.typmod(f.getType()),
              !f.getType().isNullable(), col.map(ApiColumn::remarks).orElse(null)));
        }
        String description = api.map(a -> a.remarks() != null ? a.remarks()
            : "Stripe " + a.object() + " objects (GET " + a.path() + ")").orElse(null);
        Double rows = table.getStatistic().getRowCount();
        tables.add(new Relation(FIRST_TABLE_OID + k * TABLES_PER_SCHEMA + 2 * i, ns, tableName, 'r', attributes,
            description, CatalogSnapshot.Keys.NONE, rows == null ? -1 : rows));
        i++;
      }
      relations.addAll(keyed(tables, definitions));
      k++;
    }
    String current = calcite.getSchema();
    List<String> path = new ArrayList<>();
    if (current != null && !current.isEmpty()) {
      path.add(current);
    }
    return new CatalogSnapshot(namespaces, relations, path);
  }
}
