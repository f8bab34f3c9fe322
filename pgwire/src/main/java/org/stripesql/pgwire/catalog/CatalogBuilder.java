package org.stripesql.pgwire.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
import org.stripesql.pgwire.catalog.CatalogSnapshot.Attribute;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Namespace;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Relation;
import org.stripesql.pgwire.types.PgType;
import org.stripesql.pgwire.types.TypeMapping;

/**
 * Builds a connection's {@link CatalogSnapshot} from its Calcite schemas: each schema of the model is a
 * namespace, each of its tables a relation whose columns come from the table's row type, with json
 * columns and descriptions from the Stripe catalog (through {@link StripeAdapter}). OIDs follow the
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
          attributes, null));
    }
    int k = 0;
    for (String schemaName : new TreeSet<>(root.subSchemas().getNames(LikePattern.any()))) {
      if (NOT_MODEL.contains(schemaName)) {
        continue;
      }
      Namespace ns = new Namespace(FIRST_SCHEMA_OID + k, schemaName);
      namespaces.add(ns);
      SchemaPlus schema = root.subSchemas().get(schemaName);
      int i = 0;
      for (String tableName : new TreeSet<>(schema.tables().getNames(LikePattern.any()))) {
        Table table = schema.tables().get(tableName);
        Optional<ApiTable> api = StripeAdapter.table(connection, schemaName, tableName);
        List<Attribute> attributes = new ArrayList<>();
        for (RelDataTypeField f : table.getRowType(types).getFieldList()) {
          Optional<ApiColumn> col = api.flatMap(a -> a.column(f.getName()));
          PgType type = col.filter(c -> c.type() == ColumnType.JSON).isPresent() ? PgType.JSON
              : TypeMapping.of(f.getType());
          attributes.add(new Attribute(attributes.size() + 1, f.getName(), type, TypeMapping.typmod(f.getType()),
              !f.getType().isNullable(), col.map(ApiColumn::remarks).orElse(null)));
        }
        String description = api.map(a -> "Stripe " + a.object() + " objects (GET " + a.path() + ")").orElse(null);
        relations.add(new Relation(FIRST_TABLE_OID + k * TABLES_PER_SCHEMA + 2 * i, ns, tableName, 'r', attributes,
            description));
        i++;
      }
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
