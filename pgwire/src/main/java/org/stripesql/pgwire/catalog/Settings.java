package org.stripesql.pgwire.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A session's run-time settings ({@code SET}, {@code SHOW}, {@code pg_settings}) with the values
 * PostgreSQL 15 clients expect: {@code server_version} decides which catalog SQL psql, pgJDBC and
 * psqlODBC send, pgJDBC needs {@code integer_datetimes} on, UTF8 and an ISO DateStyle. Names are
 * case-insensitive; the reported ones go to the client as ParameterStatus when they change.
 */
public final class Settings {
  /** What {@code server_version} says: clients parse the number and send PostgreSQL 15's catalog SQL. */
  public static final String SERVER_VERSION = "15.0 (stripe-sql)";
  /** The settings sent as ParameterStatus, in PostgreSQL's spelling and order. */
  public static final List<String> REPORTED = List.of("application_name", "client_encoding", "DateStyle",
      "default_transaction_read_only", "in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser",
      "server_encoding", "server_version", "session_authorization", "standard_conforming_strings", "TimeZone");
  /** The settings {@code pg_settings} and {@code SHOW ALL} list. */
  public static final List<String> NAMES;
  private static final Set<String> UTF8 = Set.of("utf8", "utf-8", "unicode");
  private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("application_name", "");
    DEFAULTS.put("client_encoding", "UTF8");
    DEFAULTS.put("DateStyle", "ISO, MDY");
    DEFAULTS.put("default_transaction_read_only", "on");
    DEFAULTS.put("in_hot_standby", "off");
    DEFAULTS.put("integer_datetimes", "on");
    DEFAULTS.put("IntervalStyle", "postgres");
    DEFAULTS.put("is_superuser", "off");
    DEFAULTS.put("server_encoding", "UTF8");
    DEFAULTS.put("server_version", SERVER_VERSION);
    DEFAULTS.put("session_authorization", "");
    DEFAULTS.put("standard_conforming_strings", "on");
    DEFAULTS.put("TimeZone", "UTC");
    DEFAULTS.put("server_version_num", "150000");
    DEFAULTS.put("extra_float_digits", "1");
    DEFAULTS.put("search_path", "");
    DEFAULTS.put("transaction_isolation", "read committed");
    DEFAULTS.put("default_transaction_isolation", "read committed");
    DEFAULTS.put("transaction_read_only", "on");
    DEFAULTS.put("max_identifier_length", "63");
    DEFAULTS.put("max_index_keys", "32");
    DEFAULTS.put("block_size", "8192");
    DEFAULTS.put("bytea_output", "hex");
    DEFAULTS.put("lc_collate", "C.UTF-8");
    DEFAULTS.put("lc_ctype", "C.UTF-8");
    DEFAULTS.put("statement_timeout", "0");
    DEFAULTS.put("lock_timeout", "0");
    DEFAULTS.put("idle_in_transaction_session_timeout", "0");
    DEFAULTS.put("max_connections", "1000");
    NAMES = List.copyOf(DEFAULTS.keySet());
  }

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> spelling = new LinkedHashMap<>();

  /** The defaults for {@code user} on {@code searchPath} (the default schema first). */
  public Settings(String user, String searchPath) {
    DEFAULTS.forEach(this::put);
    put("session_authorization", user == null ? "" : user);
    put("search_path", searchPath);
  }

  private void put(String name, String value) {
    String key = name.toLowerCase(Locale.ROOT);
    spelling.putIfAbsent(key, name);
    values.put(key, value);
  }

  /** The value of a setting, or null when there is none by that name. */
  public String get(String name) {
    return values.get(name.toLowerCase(Locale.ROOT));
  }

  /** The name as PostgreSQL spells it ({@code DateStyle}). */
  public String spelling(String name) {
    return spelling.getOrDefault(name.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
  }

  /**
   * Sets {@code name}; null resets it to its default. Returns the value now in force.
   *
   * @throws PgSqlException for a value the endpoint cannot honour (an encoding other than UTF8, a
   *                        non-ISO DateStyle, a change to a read-only setting)
   */
  public String set(String name, String value) {
    String key = name.toLowerCase(Locale.ROOT);
    String v = value;
    if (v == null) {
      v = DEFAULTS.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue)
          .findFirst().orElse("");
    }
    switch (key) {
      case "client_encoding":
        if (!UTF8.contains(v.toLowerCase(Locale.ROOT))) {
          throw new PgSqlException("22023", "client_encoding " + v + " is not supported: stripe-sql speaks UTF8 only;"
              + " set the client's encoding to UTF8");
        }
        v = "UTF8";
        break;
      case "datestyle":
        if (!v.toUpperCase(Locale.ROOT).startsWith("ISO")) {
          throw new PgSqlException("0A000", "DateStyle " + v + " is not supported: stripe-sql writes dates in ISO"
              + " format only");
        }
        v = "ISO, MDY";
        break;
      case "server_version": case "server_version_num": case "server_encoding": case "integer_datetimes":
      case "is_superuser": case "session_authorization": case "max_identifier_length": case "max_index_keys":
      case "block_size": case "lc_collate": case "lc_ctype": case "in_hot_standby":
        throw new PgSqlException("55P02", "parameter \"" + name + "\" cannot be changed");
      case "transaction_read_only": case "default_transaction_read_only":
        if (!truthy(v)) {
          throw new PgSqlException("25006", "stripe-sql is read-only: transactions cannot be made read-write");
        }
        v = "on";
        break;
      case "standard_conforming_strings":
        if (!truthy(v)) {
          throw new PgSqlException("0A000", "standard_conforming_strings cannot be turned off");
        }
        v = "on";
        break;
      default:
        break;
    }
    put(spelling(name), v);
    return v;
  }

  /** Whether the client is told about changes of {@code name} (ParameterStatus). */
  public boolean reported(String name) {
    return REPORTED.stream().anyMatch(r -> r.equalsIgnoreCase(name));
  }

  /** All settings, PostgreSQL's spelling to value. */
  public Map<String, String> all() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(spelling.get(k), v));
    return out;
  }

  /** Boolean setting values: on, true, yes, 1. */
  private static boolean truthy(String v) {
    String s = v.toLowerCase(Locale.ROOT);
    return s.equals("on") || s.equals("true") || s.equals("yes") || s.equals("1") || s.equals("t");
  }
}
