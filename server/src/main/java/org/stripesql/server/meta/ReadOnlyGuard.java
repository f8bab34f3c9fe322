package org.stripesql.server.meta;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.Meta.ConnectionProperties;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * The gateway is read-only: statements other than queries ({@code SELECT}, {@code WITH}, {@code VALUES},
 * set operations, {@code EXPLAIN}, {@code DESCRIBE}) are refused with SQLSTATE 25006 before Calcite sees
 * them, and connections report {@code isReadOnly()}.
 */
public final class ReadOnlyGuard {
  /** SQLSTATE of a write refused by the read-only gateway: "read-only SQL transaction". */
  public static final String READ_ONLY_STATE = "25006";
  private static final SqlParser.Config PARSER = SqlParser.config().withLex(Lex.MYSQL_ANSI)
      .withConformance(SqlConformanceEnum.LENIENT).withUnquotedCasing(Casing.UNCHANGED);
  private static final Set<String> WRITE_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE",
      "UPSERT", "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE", "RENAME", "REPLACE", "COPY", "CALL",
      "SET", "RESET", "COMMENT", "LOCK", "VACUUM", "ANALYZE");

  private ReadOnlyGuard() {
  }

  /**
   * Refuses anything but a query: DML, DDL, SET and the like get SQLSTATE 25006. What Calcite's parser
   * cannot parse is judged by its first keyword (DDL is not in Calcite's core grammar); other unparsable
   * text is left to Calcite's own syntax error.
   */
  static void check(String sql) {
    String what;
    try {
      SqlNode n = SqlParser.create(sql, PARSER).parseStmt();
      if (n instanceof SqlExplain e) {
        n = e.getExplicandum();
      }
      SqlKind k = n.getKind();
      if (k.belongsTo(SqlKind.QUERY) || k == SqlKind.DESCRIBE_SCHEMA || k == SqlKind.DESCRIBE_TABLE) {
        return;
      }
      what = k.sql;
    } catch (SqlParseException e) {
      String first = firstWord(sql);
      if (!WRITE_WORDS.contains(first)) {
        return;
      }
      what = first;
    }
    throw new AvaticaRuntimeException("stripe-sql is read-only: " + what.replace('_', ' ')
        + " statements are not allowed; send queries (SELECT, WITH, VALUES, EXPLAIN) only", 0, READ_ONLY_STATE,
        AvaticaSeverity.ERROR);
  }

  /** Marks a server-side connection read-only, whatever the client asked. */
  static void readOnly(Connection c) throws SQLException {
    c.setReadOnly(true);
  }

  /** The connection properties reported to the client: read-only, whatever it asked. */
  static ConnectionProperties readOnly(ConnectionProperties p) {
    p.setReadOnly(true);
    return p;
  }

  private static String firstWord(String sql) {
    String s = sql.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)--.*$", " ").trim();
    while (s.startsWith("(")) {
      s = s.substring(1).trim();
    }
    int end = 0;
    while (end < s.length() && Character.isLetter(s.charAt(end))) {
      end++;
    }
    return s.substring(0, end).toUpperCase(Locale.ROOT);
  }
}
