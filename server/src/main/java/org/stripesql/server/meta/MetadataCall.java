package org.stripesql.server.meta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;

/**
 * A {@code DatabaseMetaData} call that Avatica's wire protocol does not carry ({@code getPrimaryKeys},
 * {@code getImportedKeys}, ...), as the stripe-sql driver sends it: statement text {@link #PREFIX} and a
 * JSON object {@code {"call": "getPrimaryKeys", "args": [null, "stripe", "charges"]}}. docs/design.md
 * ("Metadata Avatica does not carry") says why; the driver's {@code StripeSqlMeta} is the other end.
 */
record MetadataCall(String call, List<Object> args) {
  /** Starts the statement text of a metadata call; no query starts so. */
  static final String PREFIX = "/*stripesql:metadata*/";
  static final String PRIMARY_KEYS = "getPrimaryKeys";
  static final String IMPORTED_KEYS = "getImportedKeys";
  static final String EXPORTED_KEYS = "getExportedKeys";
  static final String CROSS_REFERENCE = "getCrossReference";
  static final String INDEX_INFO = "getIndexInfo";
  static final String FUNCTIONS = "getFunctions";
  /** Each call and its number of arguments. */
  static final Map<String, Integer> ARITY = Map.of(PRIMARY_KEYS, 3, IMPORTED_KEYS, 3, EXPORTED_KEYS, 3,
      CROSS_REFERENCE, 6, INDEX_INFO, 5, FUNCTIONS, 3);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  MetadataCall {
    args = Collections.unmodifiableList(new ArrayList<>(args));
  }

  static MetadataCall of(String call, Object... args) {
    List<Object> list = new ArrayList<>();
    Collections.addAll(list, args);
    return new MetadataCall(call, list);
  }

  /** Whether statement text is a metadata call rather than SQL. */
  static boolean isCall(String sql) {
    return sql != null && sql.startsWith(PREFIX);
  }

  /**
   * The call in statement text that {@link #isCall} accepts.
   *
   * @throws AvaticaRuntimeException (SQLSTATE 42000) naming what is wrong, for a malformed call
   */
  static MetadataCall parse(String sql) {
    JsonNode root;
    try {
      root = MAPPER.readTree(sql.substring(PREFIX.length()));
    } catch (JsonProcessingException e) {
      throw malformed("its body is not JSON (" + e.getOriginalMessage() + ")");
    }
    String call = root == null ? "" : root.path("call").asText("");
    Integer arity = ARITY.get(call);
    if (arity == null) {
      throw malformed("'" + call + "' is not one of " + new TreeSet<>(ARITY.keySet()));
    }
    JsonNode args = root.path("args");
    if (!args.isArray() || args.size() != arity) {
      throw malformed(call + " takes " + arity + " arguments");
    }
    List<Object> out = new ArrayList<>();
    for (JsonNode a : args) {
      if (a.isNull()) {
        out.add(null);
      } else if (a.isBoolean()) {
        out.add(a.booleanValue());
      } else if (a.isTextual()) {
        out.add(a.textValue());
      } else {
        throw malformed(call + " arguments are strings, booleans or null");
      }
    }
    return new MetadataCall(call, out);
  }

  String text(int i) {
    return (String) args.get(i);
  }

  boolean flag(int i) {
    return Boolean.TRUE.equals(args.get(i));
  }

  private static AvaticaRuntimeException malformed(String why) {
    return new AvaticaRuntimeException("malformed stripe-sql metadata call: " + why + "; the stripe-sql JDBC"
        + " driver sends these for DatabaseMetaData methods, use it rather than writing them by hand", 0, "42000",
        AvaticaSeverity.ERROR);
  }
}
