package org.stripesql.pgwire.types;

import java.util.HashMap;
import java.util.Map;

/**
 * The PostgreSQL types the endpoint names: in RowDescription and ParameterDescription, in
 * {@code pg_type}, and for the catalog relations' own columns. OIDs and names are PostgreSQL 15's, as
 * clients carry them built in.
 */
public enum PgType {
  BOOL(16, "bool", "boolean", 1, 'B', 1000, "boolin"),
  BYTEA(17, "bytea", "bytea", -1, 'U', 1001, "byteain"),
  CHAR(18, "char", "\"char\"", 1, 'Z', 1002, "charin"),
  NAME(19, "name", "name", 64, 'S', 1003, "namein"),
  INT8(20, "int8", "bigint", 8, 'N', 1016, "int8in"),
  INT2(21, "int2", "smallint", 2, 'N', 1005, "int2in"),
  INT2VECTOR(22, "int2vector", "int2vector", -1, 'A', 1006, "int2vectorin"),
  INT4(23, "int4", "integer", 4, 'N', 1007, "int4in"),
  REGPROC(24, "regproc", "regproc", 4, 'N', 1008, "regprocin"),
  TEXT(25, "text", "text", -1, 'S', 1009, "textin"),
  OID(26, "oid", "oid", 4, 'N', 1028, "oidin"),
  OIDVECTOR(30, "oidvector", "oidvector", -1, 'A', 1013, "oidvectorin"),
  JSON(114, "json", "json", -1, 'U', 199, "json_in"),
  PG_NODE_TREE(194, "pg_node_tree", "pg_node_tree", -1, 'Z', 0, "pg_node_tree_in"),
  FLOAT4(700, "float4", "real", 4, 'N', 1021, "float4in"),
  FLOAT8(701, "float8", "double precision", 8, 'N', 1022, "float8in"),
  UNKNOWN(705, "unknown", "unknown", -2, 'X', 0, "unknownin"),
  ACLITEM(1033, "aclitem", "aclitem", 12, 'U', 1034, "aclitemin"),
  BPCHAR(1042, "bpchar", "character", -1, 'S', 1014, "bpcharin"),
  VARCHAR(1043, "varchar", "character varying", -1, 'S', 1015, "varcharin"),
  DATE(1082, "date", "date", 4, 'D', 1182, "date_in"),
  TIME(1083, "time", "time without time zone", 8, 'D', 1183, "time_in"),
  TIMESTAMP(1114, "timestamp", "timestamp without time zone", 8, 'D', 1115, "timestamp_in"),
  TIMESTAMPTZ(1184, "timestamptz", "timestamp with time zone", 8, 'D', 1185, "timestamptz_in"),
  INTERVAL(1186, "interval", "interval", 16, 'T', 1187, "interval_in"),
  TIMETZ(1266, "timetz", "time with time zone", 12, 'D', 1270, "timetz_in"),
  NUMERIC(1700, "numeric", "numeric", -1, 'N', 1231, "numeric_in"),
  REGCLASS(2205, "regclass", "regclass", 4, 'N', 2210, "regclassin"),
  REGTYPE(2206, "regtype", "regtype", 4, 'N', 2211, "regtypein"),
  RECORD(2249, "record", "record", -1, 'P', 2287, "record_in"),
  ANYARRAY(2277, "anyarray", "anyarray", -1, 'P', 0, "anyarray_in"),
  VOID(2278, "void", "void", 4, 'P', 0, "void_in"),
  UUID(2950, "uuid", "uuid", 16, 'U', 2951, "uuid_in"),
  JSONB(3802, "jsonb", "jsonb", -1, 'U', 3807, "jsonb_in"),
  REGNAMESPACE(4089, "regnamespace", "regnamespace", 4, 'N', 4090, "regnamespacein"),
  BOOL_ARRAY(1000, BOOL), BYTEA_ARRAY(1001, BYTEA), CHAR_ARRAY(1002, CHAR), NAME_ARRAY(1003, NAME),
  INT2_ARRAY(1005, INT2), INT2VECTOR_ARRAY(1006, INT2VECTOR), INT4_ARRAY(1007, INT4), REGPROC_ARRAY(1008, REGPROC),
  TEXT_ARRAY(1009, TEXT), OIDVECTOR_ARRAY(1013, OIDVECTOR), BPCHAR_ARRAY(1014, BPCHAR), VARCHAR_ARRAY(1015, VARCHAR),
  INT8_ARRAY(1016, INT8), FLOAT4_ARRAY(1021, FLOAT4), FLOAT8_ARRAY(1022, FLOAT8), OID_ARRAY(1028, OID),
  ACLITEM_ARRAY(1034, ACLITEM), TIMESTAMP_ARRAY(1115, TIMESTAMP), DATE_ARRAY(1182, DATE), TIME_ARRAY(1183, TIME),
  TIMESTAMPTZ_ARRAY(1185, TIMESTAMPTZ), INTERVAL_ARRAY(1187, INTERVAL), NUMERIC_ARRAY(1231, NUMERIC),
  TIMETZ_ARRAY(1270, TIMETZ), JSON_ARRAY(199, JSON), REGCLASS_ARRAY(2210, REGCLASS), REGTYPE_ARRAY(2211, REGTYPE),
  RECORD_ARRAY(2287, RECORD), UUID_ARRAY(2951, UUID), JSONB_ARRAY(3807, JSONB), REGNAMESPACE_ARRAY(4090, REGNAMESPACE);

  private static final Map<Integer, PgType> BY_OID = new HashMap<>();
  private static final Map<String, PgType> BY_NAME = new HashMap<>();

  static {
    for (PgType t : values()) {
      BY_OID.put(t.oid, t);
      BY_NAME.put(t.typname, t);
    }
  }

  private final int oid;
  private final String typname;
  private final String display;
  private final int length;
  private final char category;
  private final int arrayOid;
  private final String input;
  private final PgType element;

  PgType(int oid, String typname, String display, int length, char category, int arrayOid, String input) {
    this.oid = oid;
    this.typname = typname;
    this.display = display;
    this.length = length;
    this.category = category;
    this.arrayOid = arrayOid;
    this.input = input;
    this.element = null;
  }

  PgType(int oid, PgType element) {
    this.oid = oid;
    this.typname = "_" + element.typname;
    this.display = element.display + "[]";
    this.length = -1;
    this.category = 'A';
    this.arrayOid = 0;
    this.input = "array_in";
    this.element = element;
  }

  public int oid() {
    return oid;
  }

  /** The name in {@code pg_type.typname}: {@code int8}, {@code _text}. */
  public String typname() {
    return typname;
  }

  /** What {@code format_type} prints: {@code bigint}, {@code text[]}. */
  public String display() {
    return display;
  }

  /** {@code pg_type.typlen}: bytes of a fixed-size value, -1 variable, -2 C string. */
  public int length() {
    return length;
  }

  /** {@code pg_type.typcategory}. */
  public char category() {
    return category;
  }

  /** {@code pg_type.typarray}: the OID of this type's array type, or 0. */
  public int arrayOid() {
    return arrayOid;
  }

  /** {@code pg_type.typinput}: the input function's name. */
  public String input() {
    return input;
  }

  /** The element type of an array type, or null. */
  public PgType element() {
    return element;
  }

  /** {@code pg_type.typtype}: {@code b} base, {@code p} pseudo. */
  public char typtype() {
    return category == 'P' || this == UNKNOWN ? 'p' : 'b';
  }

  /** The array type of this type, or null. */
  public PgType array() {
    return arrayOid == 0 ? null : BY_OID.get(arrayOid);
  }

  /** The type with this OID, or null. */
  public static PgType byOid(int oid) {
    return BY_OID.get(oid);
  }

  /** The type with this {@code typname}, or null. */
  public static PgType byName(String typname) {
    return BY_NAME.get(typname);
  }
}
