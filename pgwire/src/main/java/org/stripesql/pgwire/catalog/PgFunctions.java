package org.stripesql.pgwire.catalog;

import java.util.List;
import java.util.Optional;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Relation;
import org.stripesql.pgwire.types.PgType;

/**
 * The PostgreSQL functions clients call in their catalog queries, as Calcite user-defined functions
 * (every public static method here is one, by its name). Arguments are {@code Object} so that any
 * argument type matches; what the gateway has none of (defaults, triggers, rules) gives null.
 */
public final class PgFunctions {
  private PgFunctions() {
  }

  private static CatalogSnapshot catalog() {
    return PgContext.current().catalog();
  }

  private static Integer oid(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof Number n) {
      return n.intValue();
    }
    String s = o.toString().trim();
    if (s.matches("[0-9]+")) {
      return Integer.parseInt(s);
    }
    return catalog().resolve(s).map(Relation::oid).orElse(null);
  }

  public static String version() {
    return "PostgreSQL " + Settings.SERVER_VERSION.replace(" (stripe-sql)", "")
        + " (stripe-sql: SQL over the Stripe API), compiled by Apache Calcite, 64-bit";
  }

  public static String current_database() {
    return CatalogSnapshot.DATABASE;
  }

  public static Integer pg_backend_pid() {
    return PgContext.current().backendPid();
  }

  /** A type's SQL name with its modifier: {@code numeric(20,2)}, {@code character varying(10)}. */
  public static String format_type(Object typeOid, Object typmod) {
    Integer o = oid(typeOid);
    if (o == null) {
      return null;
    }
    PgType t = PgType.byOid(o);
    if (t == null) {
      return "???";
    }
    int mod = typmod == null ? -1 : ((Number) typmod).intValue();
    if (mod >= 4 && t == PgType.NUMERIC) {
      return "numeric(" + ((mod - 4) >> 16) + "," + ((mod - 4) & 0xFFFF) + ")";
    }
    if (mod >= 4 && (t == PgType.VARCHAR || t == PgType.BPCHAR)) {
      return t.display() + "(" + (mod - 4) + ")";
    }
    return t.display();
  }

  public static String pg_get_expr(Object expr, Object relation) {
    return null;
  }

  public static String pg_get_expr(Object expr, Object relation, Object pretty) {
    return null;
  }

  public static String pg_get_userbyid(Object roleOid) {
    Integer o = oid(roleOid);
    if (o == null) {
      return null;
    }
    if (o == CatalogSnapshot.OWNER_OID) {
      return CatalogSnapshot.OWNER;
    }
    if (o == PgCatalogTables.SESSION_USER_OID) {
      return PgContext.current().user();
    }
    return "unknown (OID=" + o + ")";
  }

  public static Boolean pg_table_is_visible(Object relation) {
    Integer o = oid(relation);
    return o == null ? null : catalog().relation(o).map(r -> catalog().visible(r)).orElse(false);
  }

  public static Boolean pg_type_is_visible(Object type) {
    return type == null ? null : true;
  }

  public static Boolean pg_function_is_visible(Object function) {
    return function == null ? null : true;
  }

  public static Boolean pg_collation_is_visible(Object collation) {
    return collation == null ? null : true;
  }

  public static Boolean pg_conversion_is_visible(Object conversion) {
    return conversion == null ? null : true;
  }

  public static String getdatabaseencoding() {
    return "UTF8";
  }

  public static Boolean has_table_privilege(Object table, Object privilege) {
    return true;
  }

  public static Boolean has_table_privilege(Object user, Object table, Object privilege) {
    return true;
  }

  public static Boolean has_schema_privilege(Object schema, Object privilege) {
    return true;
  }

  public static Boolean has_schema_privilege(Object user, Object schema, Object privilege) {
    return true;
  }

  public static Boolean has_database_privilege(Object database, Object privilege) {
    return true;
  }

  public static Boolean has_database_privilege(Object user, Object database, Object privilege) {
    return true;
  }

  public static Boolean has_column_privilege(Object table, Object column, Object privilege) {
    return true;
  }

  public static Boolean has_column_privilege(Object user, Object table, Object column, Object privilege) {
    return true;
  }

  public static Boolean has_any_column_privilege(Object table, Object privilege) {
    return true;
  }

  public static Boolean has_any_column_privilege(Object user, Object table, Object privilege) {
    return true;
  }

  /** A relation's description ({@code \dt+}); only pg_class descriptions exist. */
  public static String obj_description(Object object, Object catalogName) {
    return obj_description(object);
  }

  public static String obj_description(Object object) {
    Integer o = oid(object);
    return o == null ? null : catalog().relation(o).map(Relation::description).orElse(null);
  }

  /** A column's description ({@code \d+}): the Stripe field's documentation when the catalog carries it. */
  public static String col_description(Object relation, Object column) {
    Integer o = oid(relation);
    if (o == null || column == null) {
      return null;
    }
    int num = ((Number) column).intValue();
    return catalog().relation(o).flatMap(r -> r.attribute(num)).map(CatalogSnapshot.Attribute::description)
        .orElse(null);
  }

  public static String shobj_description(Object object, Object catalogName) {
    return null;
  }

  public static String pg_encoding_to_char(Object encoding) {
    return encoding == null ? null : "UTF8";
  }

  public static Integer pg_char_to_encoding(Object name) {
    return 6;
  }

  public static String pg_get_indexdef(Object index) {
    return pg_get_indexdef(index, 0, false);
  }

  /** A primary key's index: {@code CREATE UNIQUE INDEX ... USING btree (id)}, or its {@code column}-th column. */
  public static String pg_get_indexdef(Object index, Object column, Object pretty) {
    Integer o = oid(index);
    CatalogSnapshot s = catalog();
    Optional<Relation> idx = o == null ? Optional.empty() : s.relation(o).filter(r -> r.kind() == 'i');
    Optional<Relation> table = idx.flatMap(s::indexedTable);
    if (idx.isEmpty() || table.isEmpty()) {
      return null;
    }
    int col = column instanceof Number n ? n.intValue() : 0;
    if (col > 0) {
      return idx.get().attribute(col).map(a -> CatalogSnapshot.quoteIdent(a.name())).orElse(null);
    }
    return "CREATE UNIQUE INDEX " + idx.get().name() + " ON " + table.get().namespace().name() + "."
        + table.get().name() + " USING btree (" + s.columnNames(table.get(), table.get().keys().primaryKey()) + ")";
  }

  public static String pg_get_constraintdef(Object constraint) {
    return pg_get_constraintdef(constraint, false);
  }

  /** {@code PRIMARY KEY (id)}, {@code FOREIGN KEY (customer) REFERENCES customers(id)}. */
  public static String pg_get_constraintdef(Object constraint, Object pretty) {
    Integer o = oid(constraint);
    return o == null ? null : catalog().constraint(o).map(c -> c.definition(catalog())).orElse(null);
  }

  public static String pg_get_function_result(Object function) {
    return null;
  }

  public static String pg_get_function_arguments(Object function) {
    return null;
  }

  public static String pg_get_function_identity_arguments(Object function) {
    return null;
  }

  public static String pg_get_viewdef(Object view) {
    return null;
  }

  public static String pg_get_viewdef(Object view, Object pretty) {
    return null;
  }

  public static String pg_get_triggerdef(Object trigger) {
    return null;
  }

  public static String pg_get_triggerdef(Object trigger, Object pretty) {
    return null;
  }

  public static String pg_get_ruledef(Object rule) {
    return null;
  }

  public static String pg_get_statisticsobjdef_columns(Object statistics) {
    return null;
  }

  public static String pg_get_serial_sequence(Object table, Object column) {
    return null;
  }

  public static String pg_tablespace_location(Object tablespace) {
    return "";
  }

  /** Sizes: a Stripe table's size is not known without reading it, so 0. */
  public static Long pg_table_size(Object relation) {
    return 0L;
  }

  public static Long pg_total_relation_size(Object relation) {
    return 0L;
  }

  public static Long pg_relation_size(Object relation) {
    return 0L;
  }

  public static Long pg_indexes_size(Object relation) {
    return 0L;
  }

  public static Long pg_database_size(Object database) {
    return 0L;
  }

  public static String pg_size_pretty(Object bytes) {
    if (bytes == null) {
      return null;
    }
    long b = ((Number) bytes).longValue();
    String[] units = {"bytes", "kB", "MB", "GB", "TB"};
    int u = 0;
    while (Math.abs(b) >= 10 * 1024 && u < units.length - 1) {
      b = (b + 512) / 1024;
      u++;
    }
    return b + " " + units[u];
  }

  public static Boolean pg_relation_is_publishable(Object relation) {
    return false;
  }

  /** No relation is partitioned: a relation's ancestors are itself. */
  public static Integer pg_partition_ancestors(Object relation) {
    return oid(relation);
  }

  public static Boolean pg_is_in_recovery() {
    return false;
  }

  public static Long txid_current() {
    return 1L;
  }

  public static String inet_server_addr() {
    return null;
  }

  public static Integer inet_server_port() {
    return null;
  }

  /** {@code oid::regclass}: the relation's name, schema-qualified when it is not on the search path. */
  public static String regclass_name(Object relation) {
    Integer o = oid(relation);
    if (o == null) {
      return null;
    }
    Optional<Relation> r = catalog().relation(o);
    return r.map(rel -> catalog().visible(rel) ? rel.name() : rel.namespace().name() + "." + rel.name())
        .orElse(Integer.toString(o));
  }

  /** {@code oid::regtype}: the type's SQL name. */
  public static String regtype_name(Object type) {
    Integer o = oid(type);
    if (o == null) {
      return null;
    }
    PgType t = PgType.byOid(o);
    return t == null ? Integer.toString(o) : t.display();
  }

  /** {@code oid::regnamespace}: the schema's name. */
  public static String regnamespace_name(Object namespace) {
    Integer o = oid(namespace);
    return o == null ? null : catalog().namespace(o).map(CatalogSnapshot.Namespace::name).orElse(Integer.toString(o));
  }

  /** {@code text::regclass::oid}: the OID of the relation a name (or an OID) stands for. */
  public static Integer regclass_oid(Object relation) {
    Integer o = oid(relation);
    if (o == null && relation != null) {
      throw new PgSqlException("42P01", "relation \"" + relation + "\" does not exist");
    }
    return o;
  }

  public static Integer to_regclass(Object name) {
    return name == null ? null : catalog().resolve(name.toString()).map(Relation::oid).orElse(null);
  }

  public static String quote_ident(Object name) {
    return name == null ? null : CatalogSnapshot.quoteIdent(name.toString());
  }

  public static String current_setting(Object name) {
    return name == null ? null : PgContext.current().setting(name.toString());
  }

  public static String current_setting(Object name, Object missingOk) {
    return current_setting(name);
  }

  /** Settings are changed with SET; set_config answers with the value without changing it. */
  public static String set_config(Object name, Object value, Object local) {
    return value == null ? null : value.toString();
  }

  public static Integer array_lower(Object array, Object dimension) {
    return array instanceof List<?> l && !l.isEmpty() && dim(dimension) == 1 ? 1 : null;
  }

  public static Integer array_upper(Object array, Object dimension) {
    return array instanceof List<?> l && !l.isEmpty() && dim(dimension) == 1 ? l.size() : null;
  }

  public static Integer array_length(Object array, Object dimension) {
    return array_upper(array, dimension);
  }

  public static String array_to_string(Object array, Object delimiter) {
    return array_to_string(array, delimiter, null);
  }

  /** The elements joined by {@code delimiter}; null elements skipped, or written as {@code nullString}. */
  public static String array_to_string(Object array, Object delimiter, Object nullString) {
    if (!(array instanceof List<?> l) || delimiter == null) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (Object o : l) {
      if (o == null && nullString == null) {
        continue;
      }
      if (b.length() > 0) {
        b.append(delimiter);
      }
      b.append(o == null ? nullString : o);
    }
    return b.toString();
  }

  private static int dim(Object d) {
    return d instanceof Number n ? n.intValue() : 0;
  }
}
