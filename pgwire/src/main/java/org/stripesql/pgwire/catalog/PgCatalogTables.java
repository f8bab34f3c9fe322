package org.stripesql.pgwire.catalog;

import static org.stripesql.pgwire.catalog.CatalogTable.table;
import static org.stripesql.pgwire.types.PgType.ACLITEM_ARRAY;
import static org.stripesql.pgwire.types.PgType.BOOL;
import static org.stripesql.pgwire.types.PgType.BYTEA;
import static org.stripesql.pgwire.types.PgType.CHAR;
import static org.stripesql.pgwire.types.PgType.CHAR_ARRAY;
import static org.stripesql.pgwire.types.PgType.FLOAT4;
import static org.stripesql.pgwire.types.PgType.INT2;
import static org.stripesql.pgwire.types.PgType.INT2VECTOR;
import static org.stripesql.pgwire.types.PgType.INT2_ARRAY;
import static org.stripesql.pgwire.types.PgType.INT4;
import static org.stripesql.pgwire.types.PgType.NAME;
import static org.stripesql.pgwire.types.PgType.OID;
import static org.stripesql.pgwire.types.PgType.OIDVECTOR;
import static org.stripesql.pgwire.types.PgType.OID_ARRAY;
import static org.stripesql.pgwire.types.PgType.PG_NODE_TREE;
import static org.stripesql.pgwire.types.PgType.REGPROC;
import static org.stripesql.pgwire.types.PgType.TEXT;
import static org.stripesql.pgwire.types.PgType.TEXT_ARRAY;
import static org.stripesql.pgwire.types.PgType.TIMESTAMPTZ;

import java.util.ArrayList;
import java.util.List;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Attribute;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Namespace;
import org.stripesql.pgwire.catalog.CatalogSnapshot.Relation;
import org.stripesql.pgwire.types.PgType;

/**
 * The relations of {@code pg_catalog}, with the columns clients read (psql, pgJDBC, psqlODBC: see
 * docs/postgres.md) and PostgreSQL 15's OIDs. Those that describe tables, keys and their indexes have
 * rows from the snapshot; what the gateway has none of (triggers, policies, publications) is empty.
 */
final class PgCatalogTables {
  static final String SCHEMA = "pg_catalog";
  /** OID of pg_class, the classoid of a relation's description. */
  static final int PG_CLASS = 1259;
  /** OID of the role of the logged-in user when it is not the owner. */
  static final int SESSION_USER_OID = 16_382;

  private PgCatalogTables() {
  }

  static List<CatalogTable> all() {
    List<CatalogTable> t = new ArrayList<>();
    t.add(namespace());
    t.add(pgClass());
    t.add(attribute());
    t.add(type());
    t.add(table(SCHEMA, "pg_attrdef", 2604, 'r').cols(OID, "oid", "adrelid").cols(INT2, "adnum")
        .cols(PG_NODE_TREE, "adbin").build());
    t.add(description());
    t.add(table(SCHEMA, "pg_index", 2610, 'r').cols(OID, "indexrelid", "indrelid").cols(INT2, "indnatts", "indnkeyatts")
        .cols(BOOL, "indisunique", "indisprimary", "indisexclusion", "indimmediate", "indisclustered", "indisvalid",
            "indcheckxmin", "indisready", "indislive", "indisreplident")
        .cols(INT2VECTOR, "indkey").cols(OIDVECTOR, "indcollation", "indclass").cols(INT2VECTOR, "indoption")
        .cols(PG_NODE_TREE, "indexprs", "indpred").rows((tb, s) -> {
          List<Object[]> rows = new ArrayList<>();
          for (Relation rel : s.relations()) {
            List<Integer> pk = rel.keys().primaryKey();
            if (pk.isEmpty()) {
              continue;
            }
            List<Integer> zeros = pk.stream().map(n -> 0).toList();
            rows.add(tb.row(r -> {
              r.put("indexrelid", rel.oid() + 1);
              r.put("indrelid", rel.oid());
              r.put("indnatts", pk.size());
              r.put("indnkeyatts", pk.size());
              r.put("indisunique", true);
              r.put("indisprimary", true);
              r.put("indimmediate", true);
              r.put("indisvalid", true);
              r.put("indisready", true);
              r.put("indislive", true);
              r.put("indkey", pk);
              r.put("indcollation", zeros);
              r.put("indclass", zeros);
              r.put("indoption", zeros);
            }));
          }
          return rows;
        }).build());
    t.add(table(SCHEMA, "pg_constraint", 2606, 'r').cols(OID, "oid").cols(NAME, "conname").cols(OID, "connamespace")
        .cols(CHAR, "contype").cols(BOOL, "condeferrable", "condeferred", "convalidated")
        .cols(OID, "conrelid", "contypid", "conindid", "conparentid", "confrelid")
        .cols(CHAR, "confupdtype", "confdeltype", "confmatchtype").cols(BOOL, "conislocal").cols(INT4, "coninhcount")
        .cols(BOOL, "connoinherit").cols(INT2_ARRAY, "conkey", "confkey").cols(PG_NODE_TREE, "conbin")
        .rows((tb, s) -> s.constraints().stream().map(c -> tb.row(r -> {
          r.put("oid", c.oid());
          r.put("conname", c.name());
          r.put("connamespace", c.table().namespace().oid());
          r.put("contype", String.valueOf(c.type()));
          r.put("convalidated", true);
          r.put("conrelid", c.table().oid());
          r.put("conindid", c.type() == 'p' ? c.table().oid() + 1 : c.target().oid() + 1);
          r.put("confrelid", c.type() == 'f' ? c.target().oid() : 0);
          r.put("confupdtype", c.type() == 'f' ? "a" : " ");
          r.put("confdeltype", c.type() == 'f' ? "a" : " ");
          r.put("confmatchtype", c.type() == 'f' ? "s" : " ");
          r.put("conislocal", true);
          r.put("connoinherit", true);
          r.put("conkey", c.columns());
          r.put("confkey", c.type() == 'f' ? c.targetColumns() : null);
        })).toList()).build());
    t.add(table(SCHEMA, "pg_am", 2601, 'r').cols(OID, "oid").cols(NAME, "amname").cols(REGPROC, "amhandler")
        .cols(CHAR, "amtype").rows((tb, s) -> List.of(
            tb.row(r -> { r.put("oid", 2); r.put("amname", "heap"); r.put("amhandler", "heap_tableam_handler");
                r.put("amtype", "t"); }),
            tb.row(r -> { r.put("oid", 403); r.put("amname", "btree"); r.put("amhandler", "bthandler");
                r.put("amtype", "i"); }))).build());
    t.add(database());
    t.add(settings());
    t.add(table(SCHEMA, "pg_proc", 1255, 'r').cols(OID, "oid").cols(NAME, "proname").cols(OID, "pronamespace",
        "proowner", "prolang").cols(FLOAT4, "procost", "prorows").cols(OID, "provariadic").cols(REGPROC, "prosupport")
        .cols(CHAR, "prokind").cols(BOOL, "prosecdef", "proleakproof", "proisstrict", "proretset")
        .cols(CHAR, "provolatile", "proparallel").cols(INT2, "pronargs", "pronargdefaults").cols(OID, "prorettype")
        .cols(OIDVECTOR, "proargtypes").cols(OID_ARRAY, "proallargtypes").cols(CHAR_ARRAY, "proargmodes")
        .cols(TEXT_ARRAY, "proargnames").cols(PG_NODE_TREE, "proargdefaults").cols(TEXT, "prosrc", "probin")
        .cols(TEXT_ARRAY, "proconfig").cols(ACLITEM_ARRAY, "proacl").build());
    t.add(roles("pg_roles", 11_000));
    t.add(table(SCHEMA, "pg_user", 11_001, 'v').cols(NAME, "usename").cols(OID, "usesysid")
        .cols(BOOL, "usecreatedb", "usesuper", "userepl", "usebypassrls").cols(TEXT, "passwd")
        .cols(TEXT_ARRAY, "useconfig").rows((tb, s) -> users(s).stream().map(u -> tb.row(r -> {
          r.put("usename", u.name());
          r.put("usesysid", u.oid());
          r.put("passwd", "********");
        })).toList()).perSession().build());
    t.add(table(SCHEMA, "pg_collation", 3456, 'r').cols(OID, "oid").cols(NAME, "collname").cols(OID, "collnamespace",
        "collowner").cols(CHAR, "collprovider").cols(BOOL, "collisdeterministic").cols(INT4, "collencoding")
        .cols(NAME, "collcollate", "collctype").cols(TEXT, "colliculocale").rows((tb, s) -> List.of(
            collation(tb, 100, "default", "d"), collation(tb, 950, "C", "c"), collation(tb, 951, "POSIX", "c")))
        .build());
    t.add(table(SCHEMA, "pg_inherits", 2611, 'r').cols(OID, "inhrelid", "inhparent").cols(INT4, "inhseqno")
        .cols(BOOL, "inhdetachpending").build());
    t.add(table(SCHEMA, "pg_policy", 3256, 'r').cols(OID, "oid").cols(NAME, "polname").cols(OID, "polrelid")
        .cols(CHAR, "polcmd").cols(BOOL, "polpermissive").cols(OID_ARRAY, "polroles")
        .cols(PG_NODE_TREE, "polqual", "polwithcheck").build());
    t.add(table(SCHEMA, "pg_statistic_ext", 3381, 'r').cols(OID, "oid", "stxrelid").cols(NAME, "stxname")
        .cols(OID, "stxnamespace", "stxowner").cols(INT4, "stxstattarget").cols(INT2VECTOR, "stxkeys")
        .cols(CHAR_ARRAY, "stxkind").build());
    t.add(table(SCHEMA, "pg_publication", 6104, 'r').cols(OID, "oid").cols(NAME, "pubname").cols(OID, "pubowner")
        .cols(BOOL, "puballtables", "pubinsert", "pubupdate", "pubdelete", "pubtruncate", "pubviaroot").build());
    t.add(table(SCHEMA, "pg_publication_namespace", 6237, 'r').cols(OID, "oid", "pnpubid", "pnnspid").build());
    t.add(table(SCHEMA, "pg_publication_rel", 6106, 'r').cols(OID, "oid", "prpubid", "prrelid")
        .cols(PG_NODE_TREE, "prqual").cols(INT2VECTOR, "prattrs").build());
    t.add(table(SCHEMA, "pg_trigger", 2620, 'r').cols(OID, "oid", "tgrelid", "tgparentid").cols(NAME, "tgname")
        .cols(OID, "tgfoid").cols(INT2, "tgtype").cols(CHAR, "tgenabled").cols(BOOL, "tgisinternal")
        .cols(OID, "tgconstrrelid", "tgconstrindid", "tgconstraint").cols(BOOL, "tgdeferrable", "tginitdeferred")
        .cols(INT2, "tgnargs").cols(INT2VECTOR, "tgattr").cols(BYTEA, "tgargs").cols(PG_NODE_TREE, "tgqual")
        .cols(NAME, "tgoldtable", "tgnewtable").build());
    t.add(table(SCHEMA, "pg_tablespace", 1213, 'r').cols(OID, "oid").cols(NAME, "spcname").cols(OID, "spcowner")
        .cols(ACLITEM_ARRAY, "spcacl").cols(TEXT_ARRAY, "spcoptions").rows((tb, s) -> List.of(
            tb.row(r -> { r.put("oid", 1663); r.put("spcname", "pg_default"); r.put("spcowner", 10); }),
            tb.row(r -> { r.put("oid", 1664); r.put("spcname", "pg_global"); r.put("spcowner", 10); }))).build());
    t.add(table(SCHEMA, "pg_rewrite", 2618, 'r').cols(OID, "oid").cols(NAME, "rulename").cols(OID, "ev_class")
        .cols(CHAR, "ev_type", "ev_enabled").cols(BOOL, "is_instead").cols(PG_NODE_TREE, "ev_qual", "ev_action")
        .build());
    t.add(table(SCHEMA, "pg_depend", 2608, 'r').cols(OID, "classid", "objid").cols(INT4, "objsubid")
        .cols(OID, "refclassid", "refobjid").cols(INT4, "refobjsubid").cols(CHAR, "deptype").build());
    t.add(table(SCHEMA, "pg_enum", 3501, 'r').cols(OID, "oid", "enumtypid").cols(FLOAT4, "enumsortorder")
        .cols(NAME, "enumlabel").build());
    t.add(table(SCHEMA, "pg_extension", 3079, 'r').cols(OID, "oid").cols(NAME, "extname").cols(OID, "extowner",
        "extnamespace").cols(BOOL, "extrelocatable").cols(TEXT, "extversion").build());
    t.add(table(SCHEMA, "pg_range", 3541, 'r').cols(OID, "rngtypid", "rngsubtype", "rngmultitypid", "rngcollation")
        .build());
    t.add(table(SCHEMA, "pg_matviews", 11_002, 'v').cols(NAME, "schemaname", "matviewname", "matviewowner",
        "tablespace").cols(BOOL, "hasindexes", "ispopulated").cols(TEXT, "definition").build());
    t.add(table(SCHEMA, "pg_views", 11_003, 'v').cols(NAME, "schemaname", "viewname", "viewowner")
        .cols(TEXT, "definition").build());
    t.add(table(SCHEMA, "pg_tables", 11_004, 'v').cols(NAME, "schemaname", "tablename", "tableowner", "tablespace")
        .cols(BOOL, "hasindexes", "hasrules", "hastriggers", "rowsecurity")
        .rows((tb, s) -> s.relations().stream().filter(PgCatalogTables::userTable).map(rel -> tb.row(r -> {
          r.put("schemaname", rel.namespace().name());
          r.put("tablename", rel.name());
          r.put("tableowner", CatalogSnapshot.OWNER);
        })).toList()).build());
    t.addAll(PgSystemTables.all());
    return t;
  }

  /** A table of a model schema (not pg_catalog, not information_schema, not an index). */
  static boolean userTable(Relation r) {
    return r.kind() == 'r' && r.namespace().oid() != CatalogSnapshot.PG_CATALOG_OID
        && r.namespace().oid() != CatalogSnapshot.INFORMATION_SCHEMA_OID;
  }

  private static CatalogTable namespace() {
    return table(SCHEMA, "pg_namespace", 2615, 'r').cols(OID, "oid").cols(NAME, "nspname").cols(OID, "nspowner")
        .cols(ACLITEM_ARRAY, "nspacl").rows((tb, s) -> s.namespaces().stream().map(n -> tb.row(r -> {
          r.put("oid", n.oid());
          r.put("nspname", n.name());
          r.put("nspowner", CatalogSnapshot.OWNER_OID);
        })).toList()).build();
  }

  private static CatalogTable pgClass() {
    return table(SCHEMA, "pg_class", PG_CLASS, 'r').cols(OID, "oid").cols(NAME, "relname")
        .cols(OID, "relnamespace", "reltype", "reloftype", "relowner", "relam", "relfilenode", "reltablespace")
        .cols(INT4, "relpages").cols(FLOAT4, "reltuples").cols(INT4, "relallvisible").cols(OID, "reltoastrelid")
        .cols(BOOL, "relhasindex", "relisshared").cols(CHAR, "relpersistence", "relkind").cols(INT2, "relnatts",
            "relchecks").cols(BOOL, "relhasrules", "relhastriggers", "relhassubclass", "relrowsecurity",
            "relforcerowsecurity", "relispopulated").cols(CHAR, "relreplident").cols(BOOL, "relispartition")
        .cols(OID, "relrewrite").cols(ACLITEM_ARRAY, "relacl").cols(TEXT_ARRAY, "reloptions")
        .cols(PG_NODE_TREE, "relpartbound")
        .rows((tb, s) -> s.relations().stream().map(rel -> tb.row(r -> {
          r.put("oid", rel.oid());
          r.put("relname", rel.name());
          // PostgreSQL's foreign keys are triggers on both tables; psql lists them only where there are some
          r.put("relhastriggers", s.constraints().stream().anyMatch(c -> c.type() == 'f'
              && (c.table() == rel || c.target().oid() == rel.oid())));
          r.put("relnamespace", rel.namespace().oid());
          r.put("relowner", CatalogSnapshot.OWNER_OID);
          r.put("relam", rel.kind() == 'r' ? 2 : rel.kind() == 'i' ? 403 : 0);
          r.put("relhasindex", !rel.keys().primaryKey().isEmpty());
          r.put("reltuples", rel.kind() == 'r' && userTable(rel) ? rel.estimatedRows() : -1);
          r.put("relpersistence", "p");
          r.put("relkind", String.valueOf(rel.kind()));
          r.put("relnatts", rel.attributes().size());
          r.put("relispopulated", true);
          r.put("relreplident", rel.kind() == 'r' ? "d" : "n");
        })).toList()).build();
  }

  private static CatalogTable attribute() {
    return table(SCHEMA, "pg_attribute", 1249, 'r').cols(OID, "attrelid").cols(NAME, "attname").cols(OID, "atttypid")
        .cols(INT4, "attstattarget").cols(INT2, "attlen", "attnum").cols(INT4, "attndims", "attcacheoff", "atttypmod")
        .cols(BOOL, "attbyval").cols(CHAR, "attalign", "attstorage", "attcompression")
        .cols(BOOL, "attnotnull", "atthasdef", "atthasmissing").cols(CHAR, "attidentity", "attgenerated")
        .cols(BOOL, "attisdropped", "attislocal").cols(INT4, "attinhcount").cols(OID, "attcollation")
        .cols(ACLITEM_ARRAY, "attacl").cols(TEXT_ARRAY, "attoptions", "attfdwoptions")
        .rows((tb, s) -> {
          List<Object[]> rows = new ArrayList<>();
          for (Relation rel : s.relations()) {
            for (Attribute a : rel.attributes()) {
              rows.add(tb.row(r -> {
                r.put("attrelid", rel.oid());
                r.put("attname", a.name());
                r.put("atttypid", a.type().oid());
                r.put("attstattarget", -1);
                r.put("attlen", a.type().length());
                r.put("attnum", a.num());
                r.put("attcacheoff", -1);
                r.put("atttypmod", a.typmod());
                r.put("attbyval", byValue(a.type()));
                r.put("attalign", align(a.type()));
                r.put("attstorage", a.type().length() > 0 ? "p" : "x");
                r.put("attnotnull", a.notNull());
                r.put("attislocal", true);
                r.put("attcollation", collation(a.type()));
              }));
            }
          }
          return rows;
        }).build();
  }

  private static CatalogTable type() {
    return table(SCHEMA, "pg_type", 1247, 'r').cols(OID, "oid").cols(NAME, "typname").cols(OID, "typnamespace",
        "typowner").cols(INT2, "typlen").cols(BOOL, "typbyval").cols(CHAR, "typtype", "typcategory")
        .cols(BOOL, "typispreferred", "typisdefined").cols(CHAR, "typdelim").cols(OID, "typrelid")
        .cols(REGPROC, "typsubscript").cols(OID, "typelem", "typarray")
        .cols(REGPROC, "typinput", "typoutput", "typreceive", "typsend", "typmodin", "typmodout", "typanalyze")
        .cols(CHAR, "typalign", "typstorage").cols(BOOL, "typnotnull").cols(OID, "typbasetype")
        .cols(INT4, "typtypmod", "typndims").cols(OID, "typcollation").cols(PG_NODE_TREE, "typdefaultbin")
        .cols(TEXT, "typdefault").cols(ACLITEM_ARRAY, "typacl")
        .rows((tb, s) -> {
          List<Object[]> rows = new ArrayList<>();
          for (PgType p : PgType.values()) {
            rows.add(tb.row(r -> {
              r.put("oid", p.oid());
              r.put("typname", p.typname());
              r.put("typnamespace", CatalogSnapshot.PG_CATALOG_OID);
              r.put("typowner", CatalogSnapshot.OWNER_OID);
              r.put("typlen", p.length());
              r.put("typbyval", byValue(p));
              r.put("typtype", String.valueOf(p.typtype()));
              r.put("typcategory", String.valueOf(p.category()));
              r.put("typisdefined", true);
              r.put("typdelim", ",");
              r.put("typelem", p.typelem());
              r.put("typarray", p.arrayOid());
              r.put("typsubscript", p.element() != null ? "array_subscript_handler" : "-");
              String base = p.input().endsWith("_in") ? p.input().substring(0, p.input().length() - 3)
                  : p.input().substring(0, p.input().length() - 2);
              String sep = p.input().endsWith("_in") ? "_" : "";
              r.put("typinput", p.input());
              r.put("typoutput", base + sep + "out");
              r.put("typreceive", base + sep + "recv");
              r.put("typsend", base + sep + "send");
              r.put("typmodin", "-");
              r.put("typmodout", "-");
              r.put("typanalyze", "-");
              r.put("typalign", align(p));
              r.put("typstorage", p.length() > 0 ? "p" : "x");
              r.put("typtypmod", -1);
              r.put("typcollation", collation(p));
            }));
          }
          return rows;
        }).build();
  }

  private static CatalogTable description() {
    return table(SCHEMA, "pg_description", 2609, 'r').cols(OID, "objoid", "classoid").cols(INT4, "objsubid")
        .cols(TEXT, "description").rows((tb, s) -> {
          List<Object[]> rows = new ArrayList<>();
          for (Relation rel : s.relations()) {
            if (rel.description() != null) {
              rows.add(description(tb, rel.oid(), 0, rel.description()));
            }
            for (Attribute a : rel.attributes()) {
              if (a.description() != null) {
                rows.add(description(tb, rel.oid(), a.num(), a.description()));
              }
            }
          }
          return rows;
        }).build();
  }

  private static Object[] description(CatalogTable tb, int oid, int sub, String text) {
    return tb.row(r -> {
      r.put("objoid", oid);
      r.put("classoid", PG_CLASS);
      r.put("objsubid", sub);
      r.put("description", text);
    });
  }

  private static CatalogTable database() {
    return table(SCHEMA, "pg_database", 1262, 'r').cols(OID, "oid").cols(NAME, "datname").cols(OID, "datdba")
        .cols(INT4, "encoding").cols(CHAR, "datlocprovider").cols(BOOL, "datistemplate", "datallowconn")
        .cols(INT4, "datconnlimit").cols(OID, "dattablespace").cols(TEXT, "datcollate", "datctype", "daticulocale",
            "datcollversion").cols(ACLITEM_ARRAY, "datacl")
        .rows((tb, s) -> List.<Object[]>of(tb.row(r -> {
          r.put("oid", CatalogSnapshot.DATABASE_OID);
          r.put("datname", CatalogSnapshot.DATABASE);
          r.put("datdba", CatalogSnapshot.OWNER_OID);
          r.put("encoding", 6);
          r.put("datlocprovider", "c");
          r.put("datallowconn", true);
          r.put("datconnlimit", -1);
          r.put("dattablespace", 1663);
          r.put("datcollate", "C.UTF-8");
          r.put("datctype", "C.UTF-8");
        }))).build();
  }

  private static CatalogTable settings() {
    return table(SCHEMA, "pg_settings", 11_005, 'v').cols(TEXT, "name", "setting", "unit", "category",
        "short_desc", "extra_desc", "context", "vartype", "source", "min_val", "max_val").cols(TEXT_ARRAY, "enumvals")
        .cols(TEXT, "boot_val", "reset_val", "sourcefile").cols(INT4, "sourceline").cols(BOOL, "pending_restart")
        .rows((tb, s) -> {
          List<Object[]> rows = new ArrayList<>();
          for (String name : Settings.NAMES) {
            String v = PgContext.current().setting(name);
            rows.add(tb.row(r -> {
              r.put("name", name);
              r.put("setting", v);
              r.put("context", "user");
              r.put("vartype", "string");
              r.put("source", "default");
              r.put("boot_val", v);
              r.put("reset_val", v);
            }));
          }
          return rows;
        }).perSession().build();
  }

  /** A role: the owner of everything, and the logged-in user. */
  record Role(int oid, String name) {}

  static List<Role> users(CatalogSnapshot s) {
    String user = PgContext.current().user();
    List<Role> roles = new ArrayList<>();
    roles.add(new Role(CatalogSnapshot.OWNER_OID, CatalogSnapshot.OWNER));
    if (user != null && !user.equals(CatalogSnapshot.OWNER)) {
      roles.add(new Role(SESSION_USER_OID, user));
    }
    return roles;
  }

  private static CatalogTable roles(String name, int oid) {
    return table(SCHEMA, name, oid, 'v').cols(NAME, "rolname").cols(BOOL, "rolsuper", "rolinherit",
        "rolcreaterole", "rolcreatedb", "rolcanlogin", "rolreplication").cols(INT4, "rolconnlimit")
        .cols(TEXT, "rolpassword").cols(TIMESTAMPTZ, "rolvaliduntil").cols(BOOL, "rolbypassrls")
        .cols(TEXT_ARRAY, "rolconfig").cols(OID, "oid")
        .rows((tb, s) -> users(s).stream().map(u -> tb.row(r -> {
          r.put("rolname", u.name());
          r.put("rolinherit", true);
          r.put("rolcanlogin", true);
          r.put("rolconnlimit", -1);
          r.put("rolpassword", "********");
          r.put("oid", u.oid());
        })).toList()).perSession().build();
  }

  private static Object[] collation(CatalogTable tb, int oid, String name, String provider) {
    return tb.row(r -> {
      r.put("oid", oid);
      r.put("collname", name);
      r.put("collnamespace", CatalogSnapshot.PG_CATALOG_OID);
      r.put("collowner", CatalogSnapshot.OWNER_OID);
      r.put("collprovider", provider);
      r.put("collisdeterministic", true);
      r.put("collencoding", -1);
      r.put("collcollate", name.equals("default") ? null : name);
      r.put("collctype", name.equals("default") ? null : name);
    });
  }

  static boolean byValue(PgType t) {
    return t.length() == 1 || t.length() == 2 || t.length() == 4 || t.length() == 8;
  }

  static String align(PgType t) {
    switch (t.length()) {
      case 1: return "c";
      case 2: return "s";
      case 8: return "d";
      default: return "i";
    }
  }

  /** The collation of a type's values: C for name, the default for other strings, none otherwise. */
  static int collation(PgType t) {
    return t == PgType.NAME ? 950 : t.category() == 'S' ? 100 : 0;
  }

  static Namespace pgCatalog() {
    return new Namespace(CatalogSnapshot.PG_CATALOG_OID, SCHEMA);
  }
}
