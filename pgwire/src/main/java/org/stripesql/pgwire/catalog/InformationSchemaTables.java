package org.stripesql.pgwire.catalog;

import static org.stripesql.pgwire.catalog.CatalogTable.table;
import static org.stripesql.pgwire.types.PgType.INT4;
import static org.stripesql.pgwire.types.PgType.NAME;
import static org.stripesql.pgwire.types.PgType.VARCHAR;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Attribute;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Constraint;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Relation;
import org.stripesql.pgwire.types.PgType;

/**
 * The {@code information_schema} views BI tools read: schemata, tables, columns, and the keys (table
 * constraints, key column usage, referential constraints) from the catalog's primary and foreign keys.
 */
final class InformationSchemaTables {
  static final String SCHEMA = "information_schema";

  private InformationSchemaTables() {
  }

  static List<CatalogTable> all() {
    List<CatalogTable> t = new ArrayList<>();
    t.add(table(SCHEMA, "schemata", 13_001, 'v').cols(NAME, "catalog_name", "schema_name", "schema_owner",
        "default_character_set_catalog", "default_character_set_schema", "default_character_set_name")
        .cols(VARCHAR, "sql_path").rows((tb, s) -> s.namespaces().stream().map(n -> tb.row(r -> {
          r.put("catalog_name", CatalogSnapshot.DATABASE);
          r.put("schema_name", n.name());
          r.put("schema_owner", CatalogSnapshot.OWNER);
        })).toList()).build());
    t.add(table(SCHEMA, "tables", 13_002, 'v').cols(NAME, "table_catalog", "table_schema", "table_name")
        .cols(VARCHAR, "table_type").cols(NAME, "self_referencing_column_name").cols(VARCHAR, "reference_generation")
        .cols(NAME, "user_defined_type_catalog", "user_defined_type_schema", "user_defined_type_name")
        .cols(VARCHAR, "is_insertable_into", "is_typed", "commit_action")
        .rows((tb, s) -> s.relations().stream().filter(rel -> rel.kind() != 'i').map(rel -> tb.row(r -> {
          r.put("table_catalog", CatalogSnapshot.DATABASE);
          r.put("table_schema", rel.namespace().name());
          r.put("table_name", rel.name());
          r.put("table_type", rel.kind() == 'v' ? "VIEW" : "BASE TABLE");
          r.put("is_insertable_into", "NO");
          r.put("is_typed", "NO");
        })).toList()).build());
    t.add(columns());
    t.add(table(SCHEMA, "views", 13_004, 'v').cols(NAME, "table_catalog", "table_schema", "table_name")
        .cols(VARCHAR, "view_definition", "check_option", "is_updatable", "is_insertable_into").build());
    t.add(table(SCHEMA, "table_constraints", 13_005, 'v').cols(NAME, "constraint_catalog", "constraint_schema",
        "constraint_name", "table_catalog", "table_schema", "table_name").cols(VARCHAR, "constraint_type",
        "is_deferrable", "initially_deferred", "enforced", "nulls_distinct")
        .rows((tb, s) -> s.constraints().stream().map(c -> tb.row(r -> {
          constraint(r, c);
          tableOf(r, c.table());
          r.put("constraint_type", c.type() == 'p' ? "PRIMARY KEY" : "FOREIGN KEY");
          r.put("is_deferrable", "NO");
          r.put("initially_deferred", "NO");
          r.put("enforced", "YES");
        })).toList()).build());
    t.add(table(SCHEMA, "key_column_usage", 13_006, 'v').cols(NAME, "constraint_catalog", "constraint_schema",
        "constraint_name", "table_catalog", "table_schema", "table_name", "column_name")
        .cols(INT4, "ordinal_position", "position_in_unique_constraint").rows((tb, s) -> {
          List<Object[]> rows = new ArrayList<>();
          for (Constraint c : s.constraints()) {
            for (int k = 0; k < c.columns().size(); k++) {
              int position = k + 1;
              Attribute a = c.table().attribute(c.columns().get(k)).orElseThrow();
              rows.add(tb.row(r -> {
                constraint(r, c);
                tableOf(r, c.table());
                r.put("column_name", a.name());
                r.put("ordinal_position", position);
                r.put("position_in_unique_constraint", c.type() == 'f' ? position : null);
              }));
            }
          }
          return rows;
        }).build());
    t.add(table(SCHEMA, "referential_constraints", 13_007, 'v').cols(NAME, "constraint_catalog", "constraint_schema",
        "constraint_name", "unique_constraint_catalog", "unique_constraint_schema", "unique_constraint_name")
        .cols(VARCHAR, "match_option", "update_rule", "delete_rule")
        .rows((tb, s) -> s.constraints().stream().filter(c -> c.type() == 'f').map(c -> tb.row(r -> {
          constraint(r, c);
          r.put("unique_constraint_catalog", CatalogSnapshot.DATABASE);
          r.put("unique_constraint_schema", c.target().namespace().name());
          r.put("unique_constraint_name", c.target().name() + "_pkey");
          r.put("match_option", "NONE");
          r.put("update_rule", "NO ACTION");
          r.put("delete_rule", "NO ACTION");
        })).toList()).build());
    t.add(table(SCHEMA, "constraint_column_usage", 13_008, 'v').cols(NAME, "table_catalog", "table_schema",
        "table_name", "column_name", "constraint_catalog", "constraint_schema", "constraint_name")
        .rows((tb, s) -> {
          List<Object[]> rows = new ArrayList<>();
          for (Constraint c : s.constraints()) {
            Relation used = c.type() == 'f' ? c.target() : c.table();
            for (int n : c.type() == 'f' ? c.targetColumns() : c.columns()) {
              rows.add(tb.row(r -> {
                constraint(r, c);
                tableOf(r, used);
                r.put("column_name", used.attribute(n).map(Attribute::name).orElse(null));
              }));
            }
          }
          return rows;
        }).build());
    return t;
  }

  private static void constraint(Map<String, Object> r, Constraint c) {
    r.put("constraint_catalog", CatalogSnapshot.DATABASE);
    r.put("constraint_schema", c.table().namespace().name());
    r.put("constraint_name", c.name());
  }

  private static void tableOf(Map<String, Object> r, Relation rel) {
    r.put("table_catalog", CatalogSnapshot.DATABASE);
    r.put("table_schema", rel.namespace().name());
    r.put("table_name", rel.name());
  }

  private static CatalogTable columns() {
    return table(SCHEMA, "columns", 13_003, 'v').cols(NAME, "table_catalog", "table_schema", "table_name",
        "column_name").cols(INT4, "ordinal_position").cols(VARCHAR, "column_default", "is_nullable", "data_type")
        .cols(INT4, "character_maximum_length", "character_octet_length", "numeric_precision",
            "numeric_precision_radix", "numeric_scale", "datetime_precision")
        .cols(VARCHAR, "interval_type").cols(INT4, "interval_precision")
        .cols(NAME, "collation_catalog", "collation_schema", "collation_name", "domain_catalog", "domain_schema",
            "domain_name", "udt_catalog", "udt_schema", "udt_name").cols(INT4, "maximum_cardinality")
        .cols(NAME, "dtd_identifier").cols(VARCHAR, "is_self_referencing", "is_identity", "is_generated",
            "generation_expression", "is_updatable")
        .rows((tb, s) -> {
          List<Object[]> rows = new ArrayList<>();
          for (Relation rel : s.relations()) {
            if (rel.kind() == 'i') {
              continue;
            }
            for (Attribute a : rel.attributes()) {
              rows.add(tb.row(r -> column(r, rel, a)));
            }
          }
          return rows;
        }).build();
  }

  private static void column(Map<String, Object> r, Relation rel, Attribute a) {
    PgType t = a.type();
    r.put("table_catalog", CatalogSnapshot.DATABASE);
    r.put("table_schema", rel.namespace().name());
    r.put("table_name", rel.name());
    r.put("column_name", a.name());
    r.put("ordinal_position", a.num());
    r.put("is_nullable", a.notNull() ? "NO" : "YES");
    r.put("data_type", t.element() != null ? "ARRAY" : t.display());
    r.put("udt_catalog", CatalogSnapshot.DATABASE);
    r.put("udt_schema", "pg_catalog");
    r.put("udt_name", t.typname());
    r.put("dtd_identifier", Integer.toString(a.num()));
    r.put("is_self_referencing", "NO");
    r.put("is_identity", "NO");
    r.put("is_generated", "NEVER");
    r.put("is_updatable", "NO");
    switch (t) {
      case INT2:
        numeric(r, 16, 2, 0);
        break;
      case INT4:
      case OID:
        numeric(r, 32, 2, 0);
        break;
      case INT8:
        numeric(r, 64, 2, 0);
        break;
      case FLOAT4:
        numeric(r, 24, 2, null);
        break;
      case FLOAT8:
        numeric(r, 53, 2, null);
        break;
      case NUMERIC:
        if (a.typmod() > 4) {
          numeric(r, (a.typmod() - 4) >> 16, 10, (a.typmod() - 4) & 0xFFFF);
        } else {
          r.put("numeric_precision_radix", 10);
        }
        break;
      case TIMESTAMP:
      case TIMESTAMPTZ:
      case TIME:
      case DATE:
        r.put("datetime_precision", t == PgType.DATE ? 0 : 6);
        break;
      case VARCHAR:
      case TEXT:
        r.put("character_octet_length", 1_073_741_824);
        if (a.typmod() > 4) {
          r.put("character_maximum_length", a.typmod() - 4);
        }
        break;
      default:
        break;
    }
  }

  private static void numeric(Map<String, Object> r, int precision, int radix, Integer scale) {
    r.put("numeric_precision", precision);
    r.put("numeric_precision_radix", radix);
    r.put("numeric_scale", scale);
  }
}
