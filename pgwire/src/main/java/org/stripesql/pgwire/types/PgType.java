package org.stripesql.pgwire.types;

import java.sql.Types;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The one home of PostgreSQL type knowledge: each type's OID, names and spellings, {@code pg_type} facts,
 * and the SQL type of Calcite's that stands for it (in both directions: a cast to {@code int8} is BIGINT,
 * a BIGINT result is int8). OIDs and names are PostgreSQL 15's, as clients carry them built in.
 */
public enum PgType {
  BOOL(16, "bool", "boolean", 1, 'B', 1000, "boolin", SqlTypeName.BOOLEAN),
  BYTEA(17, "bytea", "bytea", -1, 'U', 1001, "byteain", SqlTypeName.VARBINARY),
  CHAR(18, "char", "\"char\"", 1, 'Z', 1002, "charin", SqlTypeName.VARCHAR),
  NAME(19, "name", "name", 64, 'S', 1003, "namein", SqlTypeName.VARCHAR),
  INT8(20, "int8", "bigint", 8, 'N', 1016, "int8in", SqlTypeName.BIGINT),
  INT2(21, "int2", "smallint", 2, 'N', 1005, "int2in", SqlTypeName.SMALLINT),
  INT2VECTOR(22, "int2vector", "int2vector", -1, 'A', 1006, "int2vectorin", SqlTypeName.ARRAY),
  INT4(23, "int4", "integer", 4, 'N', 1007, "int4in", SqlTypeName.INTEGER),
  REGPROC(24, "regproc", "regproc", 4, 'N', 1008, "regprocin", SqlTypeName.VARCHAR),
  TEXT(25, "text", "text", -1, 'S', 1009, "textin", SqlTypeName.VARCHAR),
  OID(26, "oid", "oid", 4, 'N', 1028, "oidin", SqlTypeName.INTEGER),
  XID(28, "xid", "xid", 4, 'U', 1011, "xidin", SqlTypeName.INTEGER),
  CID(29, "cid", "cid", 4, 'U', 1012, "cidin", SqlTypeName.INTEGER),
  OIDVECTOR(30, "oidvector", "oidvector", -1, 'A', 1013, "oidvectorin", SqlTypeName.ARRAY),
  JSON(114, "json", "json", -1, 'U', 199, "json_in", SqlTypeName.VARCHAR),
  XML(142, "xml", "xml", -1, 'U', 143, "xml_in", SqlTypeName.VARCHAR),
  PG_NODE_TREE(194, "pg_node_tree", "pg_node_tree", -1, 'Z', 0, "pg_node_tree_in", SqlTypeName.VARCHAR),
  FLOAT4(700, "float4", "real", 4, 'N', 1021, "float4in", SqlTypeName.REAL),
  FLOAT8(701, "float8", "double precision", 8, 'N', 1022, "float8in", SqlTypeName.DOUBLE),
  UNKNOWN(705, "unknown", "unknown", -2, 'X', 0, "unknownin", SqlTypeName.VARCHAR),
  INET(869, "inet", "inet", -1, 'I', 1041, "inet_in", SqlTypeName.VARCHAR),
  ACLITEM(1033, "aclitem", "aclitem", 12, 'U', 1034, "aclitemin", SqlTypeName.VARCHAR),
  BPCHAR(1042, "bpchar", "character", -1, 'S', 1014, "bpcharin", SqlTypeName.VARCHAR),
  VARCHAR(1043, "varchar", "character varying", -1, 'S', 1015, "varcharin", SqlTypeName.VARCHAR),
  DATE(1082, "date", "date", 4, 'D', 1182, "date_in", SqlTypeName.DATE),
  TIME(1083, "time", "time without time zone", 8, 'D', 1183, "time_in", SqlTypeName.TIME),
  TIMESTAMP(1114, "timestamp", "timestamp without time zone", 8, 'D', 1115, "timestamp_in", SqlTypeName.TIMESTAMP),
  TIMESTAMPTZ(1184, "timestamptz", "timestamp with time zone", 8, 'D', 1185, "timestamptz_in",
      SqlTypeName.TIMESTAMP),
  INTERVAL(1186, "interval", "interval", 16, 'T', 1187, "interval_in", SqlTypeName.INTERVAL_DAY_SECOND),
  TIMETZ(1266, "timetz", "time with time zone", 12, 'D', 1270, "timetz_in", SqlTypeName.TIME),
  NUMERIC(1700, "numeric", "numeric", -1, 'N', 1231, "numeric_in", SqlTypeName.DECIMAL),
  REGCLASS(2205, "regclass", "regclass", 4, 'N', 2210, "regclassin", SqlTypeName.INTEGER),
  REGTYPE(2206, "regtype", "regtype", 4, 'N', 2211, "regtypein", SqlTypeName.INTEGER),
  RECORD(2249, "record", "record", -1, 'P', 2287, "record_in", SqlTypeName.VARCHAR),
  CSTRING(2275, "cstring", "cstring", -2, 'P', 1263, "cstring_in", SqlTypeName.VARCHAR),
  ANY(2276, "any", "\"any\"", 4, 'P', 0, "any_in", SqlTypeName.VARCHAR),
  TRIGGER(2279, "trigger", "trigger", 4, 'P', 0, "trigger_in", SqlTypeName.VARCHAR),
  LANGUAGE_HANDLER(2280, "language_handler", "language_handler", 4, 'P', 0, "language_handler_in",
      SqlTypeName.VARCHAR),
  INTERNAL(2281, "internal", "internal", 8, 'P', 0, "internal_in", SqlTypeName.VARCHAR),
  ANYELEMENT(2283, "anyelement", "anyelement", 4, 'P', 0, "anyelement_in", SqlTypeName.VARCHAR),
  EVENT_TRIGGER(3838, "event_trigger", "event_trigger", 4, 'P', 0, "event_trigger_in", SqlTypeName.VARCHAR),
  ANYARRAY(2277, "anyarray", "anyarray", -1, 'P', 0, "anyarray_in", SqlTypeName.VARCHAR),
  VOID(2278, "void", "void", 4, 'P', 0, "void_in", SqlTypeName.VARCHAR),
  UUID(2950, "uuid", "uuid", 16, 'U', 2951, "uuid_in", SqlTypeName.VARCHAR),
  JSONB(3802, "jsonb", "jsonb", -1, 'U', 3807, "jsonb_in", SqlTypeName.VARCHAR),
  REGNAMESPACE(4089, "regnamespace", "regnamespace", 4, 'N', 4090, "regnamespacein", SqlTypeName.INTEGER),
  BOOL_ARRAY(1000, BOOL), BYTEA_ARRAY(1001, BYTEA), CHAR_ARRAY(1002, CHAR), NAME_ARRAY(1003, NAME),
  INT2_ARRAY(1005, INT2), INT2VECTOR_ARRAY(1006, INT2VECTOR), INT4_ARRAY(1007, INT4), REGPROC_ARRAY(1008, REGPROC),
  TEXT_ARRAY(1009, TEXT), XID_ARRAY(1011, XID), CID_ARRAY(1012, CID), OIDVECTOR_ARRAY(1013, OIDVECTOR),
  BPCHAR_ARRAY(1014, BPCHAR), VARCHAR_ARRAY(1015, VARCHAR), INT8_ARRAY(1016, INT8), FLOAT4_ARRAY(1021, FLOAT4),
  FLOAT8_ARRAY(1022, FLOAT8), OID_ARRAY(1028, OID), ACLITEM_ARRAY(1034, ACLITEM), INET_ARRAY(1041, INET),
  TIMESTAMP_ARRAY(1115, TIMESTAMP), DATE_ARRAY(1182, DATE), TIME_ARRAY(1183, TIME),
  TIMESTAMPTZ_ARRAY(1185, TIMESTAMPTZ), INTERVAL_ARRAY(1187, INTERVAL), NUMERIC_ARRAY(1231, NUMERIC),
  TIMETZ_ARRAY(1270, TIMETZ), XML_ARRAY(143, XML), JSON_ARRAY(199, JSON), REGCLASS_ARRAY(2210, REGCLASS),
  REGTYPE_ARRAY(2211, REGTYPE), RECORD_ARRAY(2287, RECORD), UUID_ARRAY(2951, UUID), JSONB_ARRAY(3807, JSONB),
  REGNAMESPACE_ARRAY(4090, REGNAMESPACE);

  /** Other spellings of type names in SQL ({@code ::integer}, {@code CAST(x AS double precision)}). */
  private static final Map<String, PgType> ALIASES = Map.ofEntries(Map.entry("int", INT4),
      Map.entry("integer", INT4), Map.entry("smallint", INT2), Map.entry("bigint", INT8), Map.entry("real", FLOAT4),
      Map.entry("float", FLOAT8), Map.entry("double precision", FLOAT8), Map.entry("decimal", NUMERIC),
      Map.entry("boolean", BOOL), Map.entry("character varying", VARCHAR), Map.entry("character", BPCHAR),
      Map.entry("timestamp without time zone", TIMESTAMP), Map.entry("timestamp with time zone", TIMESTAMPTZ),
      Map.entry("time without time zone", TIME), Map.entry("time with time zone", TIMETZ));
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
  private final SqlTypeName sqlType;

  PgType(int oid, String typname, String display, int length, char category, int arrayOid, String input,
      SqlTypeName sqlType) {
    this.oid = oid;
    this.typname = typname;
    this.display = display;
    this.length = length;
    this.category = category;
    this.arrayOid = arrayOid;
    this.input = input;
    this.element = null;
    this.sqlType = sqlType;
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
    this.sqlType = SqlTypeName.ARRAY;
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

  /** The element of the SQL array standing for this type: an array's element, int2 and oid for the vectors. */
  public PgType component() {
    return this == INT2VECTOR ? INT2 : this == OIDVECTOR ? OID : element;
  }

  /** {@code pg_type.typelem}: the element of an array or vector type, else 0. */
  public int typelem() {
    return component() == null ? 0 : component().oid();
  }

  /** {@code pg_type.typtype}: {@code b} base, {@code p} pseudo. */
  public char typtype() {
    return category == 'P' || this == UNKNOWN ? 'p' : 'b';
  }

  /** The array type of this type, or null. */
  public PgType array() {
    return arrayOid == 0 ? null : BY_OID.get(arrayOid);
  }

  /** The SQL type of Calcite's that holds this type's values (oids are INTEGER, names VARCHAR, vectors ARRAY). */
  public SqlTypeName sqlType() {
    return sqlType;
  }

  /** Whether values of both types are the same SQL type to Calcite (int4 and oid; text, name and json). */
  public boolean sameSqlType(PgType other) {
    if (sqlType != other.sqlType) {
      return false;
    }
    return sqlType != SqlTypeName.ARRAY || component().sameSqlType(other.component());
  }

  /**
   * This type as Calcite SQL in a cast: {@code BIGINT}, {@code DECIMAL(38, 12)} (numeric without a
   * modifier keeps its digits), {@code VARCHAR ARRAY}.
   */
  public String castSpec() {
    if (sqlType == SqlTypeName.ARRAY) {
      return component().castSpec() + " ARRAY";
    }
    switch (sqlType) {
      case DECIMAL: return "DECIMAL(38, 12)";
      case VARBINARY: return "VARBINARY";
      case INTERVAL_DAY_SECOND: return "INTERVAL DAY TO SECOND";
      default: return sqlType.getName();
    }
  }

  /** The type with this OID, or null. */
  public static PgType byOid(int oid) {
    return BY_OID.get(oid);
  }

  /** The type with this {@code typname}, or null. */
  public static PgType byName(String typname) {
    return BY_NAME.get(typname);
  }

  /**
   * The type a name in SQL stands for, in any of PostgreSQL's spellings and any case ({@code int8},
   * {@code bigint}, {@code double precision}, {@code _text}), or null.
   */
  public static PgType bySqlName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    PgType t = BY_NAME.get(n);
    if (t == null) {
      t = ALIASES.get(n);
    }
    if (t == null) {
      for (PgType p : values()) {
        if (p.display.equals(n)) {
          return p;
        }
      }
    }
    return t;
  }

  /** The type of a column of Calcite's type {@code type} (an array's element type decides its array type). */
  public static PgType of(RelDataType type) {
    if (type.getSqlTypeName() == SqlTypeName.ARRAY && type.getComponentType() != null) {
      return arrayOf(of(type.getComponentType()));
    }
    return of(type.getSqlTypeName());
  }

  /** The type of a Calcite SQL type (CHAR is text: Calcite types string literals CHAR(n)). */
  public static PgType of(SqlTypeName name) {
    switch (name) {
      case BOOLEAN: return BOOL;
      case TINYINT: case SMALLINT: return INT2;
      case INTEGER: return INT4;
      case BIGINT: return INT8;
      case DECIMAL: return NUMERIC;
      case REAL: return FLOAT4;
      case FLOAT: case DOUBLE: return FLOAT8;
      case CHAR: return TEXT;
      case VARCHAR: return VARCHAR;
      case DATE: return DATE;
      case TIME: return TIME;
      case TIMESTAMP: return TIMESTAMP;
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE: case TIMESTAMP_TZ: return TIMESTAMPTZ;
      case BINARY: case VARBINARY: return BYTEA;
      case ARRAY: return TEXT_ARRAY;
      default: return SqlTypeName.INTERVAL_TYPES.contains(name) ? INTERVAL : TEXT;
    }
  }

  /** The type of a result or parameter column from its JDBC type and type name ({@code VARCHAR ARRAY}). */
  public static PgType ofJdbc(int jdbcType, String typeName) {
    switch (jdbcType) {
      case Types.BOOLEAN: case Types.BIT: return BOOL;
      case Types.TINYINT: case Types.SMALLINT: return INT2;
      case Types.INTEGER: return INT4;
      case Types.BIGINT: return INT8;
      case Types.DECIMAL: case Types.NUMERIC: return NUMERIC;
      case Types.REAL: return FLOAT4;
      case Types.FLOAT: case Types.DOUBLE: return FLOAT8;
      case Types.CHAR: return TEXT;
      case Types.VARCHAR: case Types.LONGVARCHAR: case Types.NVARCHAR: return VARCHAR;
      case Types.DATE: return DATE;
      case Types.TIME: return TIME;
      case Types.TIMESTAMP: return TIMESTAMP;
      case Types.TIMESTAMP_WITH_TIMEZONE: return TIMESTAMPTZ;
      case Types.BINARY: case Types.VARBINARY: return BYTEA;
      case Types.ARRAY: return arrayOf(elementOf(typeName));
      default: return typeName != null && typeName.startsWith("INTERVAL") ? INTERVAL : TEXT;
    }
  }

  /** The element type named in a JDBC array type name ({@code BIGINT ARRAY}, {@code VARCHAR(10) ARRAY}). */
  private static PgType elementOf(String typeName) {
    String t = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
    int cut = t.lastIndexOf(" ARRAY");
    String element = cut > 0 ? t.substring(0, cut).trim() : "VARCHAR";
    int paren = element.indexOf('(');
    if (paren > 0) {
      element = element.substring(0, paren);
    }
    try {
      return of(SqlTypeName.valueOf(element.trim().replace(' ', '_')));
    } catch (IllegalArgumentException e) {
      return TEXT;
    }
  }

  private static PgType arrayOf(PgType element) {
    return element.array() != null ? element.array() : TEXT_ARRAY;
  }

  /** The typmod of a column: numeric(p,s) as ((p << 16) | s) + 4, varchar(n) as n + 4, else -1. */
  public static int typmod(RelDataType type) {
    switch (type.getSqlTypeName()) {
      case DECIMAL:
        return ((type.getPrecision() << 16) | type.getScale()) + 4;
      case VARCHAR:
      case CHAR:
        int p = type.getPrecision();
        return p > 0 && p < 10_485_760 ? p + 4 : -1;
      default:
        return -1;
    }
  }
}
