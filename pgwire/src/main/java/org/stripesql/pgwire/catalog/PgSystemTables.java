package org.stripesql.pgwire.catalog;

import static org.stripesql.pgwire.catalog.CatalogTable.table;
import static org.stripesql.pgwire.types.PgType.ACLITEM_ARRAY;
import static org.stripesql.pgwire.types.PgType.BOOL;
import static org.stripesql.pgwire.types.PgType.CHAR;
import static org.stripesql.pgwire.types.PgType.FLOAT4;
import static org.stripesql.pgwire.types.PgType.INT4;
import static org.stripesql.pgwire.types.PgType.INT8;
import static org.stripesql.pgwire.types.PgType.NAME;
import static org.stripesql.pgwire.types.PgType.OID;
import static org.stripesql.pgwire.types.PgType.REGPROC;
import static org.stripesql.pgwire.types.PgType.TEXT;
import static org.stripesql.pgwire.types.PgType.TEXT_ARRAY;
import static org.stripesql.pgwire.types.PgType.TIMESTAMPTZ;

import java.util.ArrayList;
import java.util.List;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Relation;

/**
 * The rest of {@code pg_catalog} that clients read (pgcli, Metabase, psql's {@code \du}): languages, role
 * memberships (none), sequences (none), what the database has none of, and the statistics views, whose row counts are the planner's
 * estimate for each table (a Stripe table is not counted without reading it).
 */
final class PgSystemTables {
  private PgSystemTables() {
  }

  static List<CatalogTable> all() {
    List<CatalogTable> t = new ArrayList<>();
    t.add(table(PgCatalogTables.SCHEMA, "pg_language", 2612, 'r').cols(OID, "oid").cols(NAME, "lanname")
        .cols(OID, "lanowner").cols(BOOL, "lanispl", "lanpltrusted").cols(OID, "lanplcallfoid", "laninline",
            "lanvalidator").rows((tb, s) -> List.of(language(tb, 12, "internal"), language(tb, 13, "c"),
            language(tb, 14, "sql"))).build());
    t.add(table(PgCatalogTables.SCHEMA, "pg_auth_members", 1261, 'r').cols(OID, "roleid", "member", "grantor")
        .cols(BOOL, "admin_option").build());
    t.add(table(PgCatalogTables.SCHEMA, "pg_sequence", 2224, 'r').cols(OID, "seqrelid", "seqtypid")
        .cols(INT8, "seqstart", "seqincrement", "seqmax", "seqmin", "seqcache").cols(BOOL, "seqcycle").build());
    t.add(table(PgCatalogTables.SCHEMA, "pg_sequences", 11_010, 'v').cols(NAME, "schemaname", "sequencename",
        "sequenceowner").cols(OID, "data_type").cols(INT8, "start_value", "min_value", "max_value", "increment_by")
        .cols(BOOL, "cycle").cols(INT8, "cache_size", "last_value").build());
    t.add(statistics("pg_stat_user_tables", 11_011));
    t.add(statistics("pg_stat_all_tables", 11_012));
    t.add(table(PgCatalogTables.SCHEMA, "pg_stat_activity", 11_013, 'v').cols(OID, "datid").cols(NAME, "datname")
        .cols(INT4, "pid").cols(OID, "usesysid").cols(NAME, "usename").cols(TEXT, "application_name", "state",
            "query").cols(TIMESTAMPTZ, "backend_start", "query_start").build());
    t.add(table(PgCatalogTables.SCHEMA, "pg_opclass", 2616, 'r').cols(OID, "oid", "opcmethod").cols(NAME, "opcname")
        .cols(OID, "opcnamespace", "opcowner", "opcfamily", "opcintype").cols(BOOL, "opcdefault")
        .cols(OID, "opckeytype").build());
    t.add(table(PgCatalogTables.SCHEMA, "pg_foreign_table", 3118, 'r').cols(OID, "ftrelid", "ftserver").build());
    t.add(table(PgCatalogTables.SCHEMA, "pg_event_trigger", 3466, 'r').cols(OID, "oid").cols(NAME, "evtname", "evtevent")
        .cols(OID, "evtowner").cols(REGPROC, "evtfoid").cols(CHAR, "evtenabled").cols(TEXT_ARRAY, "evttags").build());
    t.addAll(absent());
    t.add(table(PgCatalogTables.SCHEMA, "pg_stats", 11_014, 'v').cols(NAME, "schemaname", "tablename", "attname")
        .cols(BOOL, "inherited").cols(FLOAT4, "null_frac").cols(INT4, "avg_width").cols(FLOAT4, "n_distinct",
            "correlation").build());
    return t;
  }

  /**
   * What this database has none of (psql's {@code \\dc}, {@code \\dRs}, {@code \\des}, {@code \\dew},
   * {@code \\deu}, {@code \\det}, {@code \\drds}, {@code \\ddp}): conversions outside pg_catalog, subscriptions,
   * foreign servers and wrappers, user mappings, per-role settings, default privileges.
   */
  private static List<CatalogTable> absent() {
    String pg = PgCatalogTables.SCHEMA;
    return List.of(
        table(pg, "pg_conversion", 2607, 'r').cols(OID, "oid").cols(NAME, "conname").cols(OID, "connamespace",
            "conowner").cols(INT4, "conforencoding", "contoencoding").cols(REGPROC, "conproc")
            .cols(BOOL, "condefault").build(),
        table(pg, "pg_subscription", 6100, 'r').cols(OID, "oid", "subdbid").cols(NAME, "subname")
            .cols(OID, "subowner").cols(BOOL, "subenabled").cols(TEXT_ARRAY, "subpublications").build(),
        table(pg, "pg_foreign_data_wrapper", 2328, 'r').cols(OID, "oid").cols(NAME, "fdwname").cols(OID, "fdwowner",
            "fdwhandler", "fdwvalidator").cols(ACLITEM_ARRAY, "fdwacl").cols(TEXT_ARRAY, "fdwoptions").build(),
        table(pg, "pg_foreign_server", 1417, 'r').cols(OID, "oid").cols(NAME, "srvname").cols(OID, "srvowner",
            "srvfdw").cols(TEXT, "srvtype", "srvversion").cols(ACLITEM_ARRAY, "srvacl")
            .cols(TEXT_ARRAY, "srvoptions").build(),
        table(pg, "pg_user_mappings", 11_015, 'v').cols(OID, "umid", "srvid").cols(NAME, "srvname")
            .cols(OID, "umuser").cols(NAME, "usename").cols(TEXT_ARRAY, "umoptions").build(),
        table(pg, "pg_db_role_setting", 2964, 'r').cols(OID, "setdatabase", "setrole")
            .cols(TEXT_ARRAY, "setconfig").build(),
        table(pg, "pg_default_acl", 826, 'r').cols(OID, "oid", "defaclrole", "defaclnamespace")
            .cols(CHAR, "defaclobjtype").cols(ACLITEM_ARRAY, "defaclacl").build());
  }

  private static Object[] language(CatalogTable tb, int oid, String name) {
    return tb.row(r -> {
      r.put("oid", oid);
      r.put("lanname", name);
      r.put("lanowner", CatalogSnapshot.OWNER_OID);
      r.put("lanpltrusted", !name.equals("c"));
    });
  }

  /** pg_stat_user_tables and pg_stat_all_tables: no scans counted, the rows the planner expects. */
  private static CatalogTable statistics(String name, int oid) {
    return table(PgCatalogTables.SCHEMA, name, oid, 'v').cols(OID, "relid").cols(NAME, "schemaname", "relname")
        .cols(INT8, "seq_scan", "seq_tup_read", "idx_scan", "idx_tup_fetch", "n_tup_ins", "n_tup_upd", "n_tup_del",
            "n_tup_hot_upd", "n_live_tup", "n_dead_tup", "n_mod_since_analyze", "n_ins_since_vacuum")
        .cols(TIMESTAMPTZ, "last_vacuum", "last_autovacuum", "last_analyze", "last_autoanalyze")
        .cols(INT8, "vacuum_count", "autovacuum_count", "analyze_count", "autoanalyze_count")
        .rows((tb, s) -> {
          List<Object[]> rows = new ArrayList<>();
          for (Relation rel : s.relations()) {
            if (name.equals("pg_stat_all_tables") ? rel.kind() == 'r' : PgCatalogTables.userTable(rel)) {
              rows.add(tb.row(r -> {
                r.put("relid", rel.oid());
                r.put("schemaname", rel.namespace().name());
                r.put("relname", rel.name());
                r.put("n_live_tup", Math.max(0L, (long) rel.estimatedRows()));
              }));
            }
          }
          return rows;
        }).build();
  }
}
