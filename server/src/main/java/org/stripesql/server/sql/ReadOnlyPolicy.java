package org.stripesql.server.sql;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.config.Lex;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * The gateway is read-only, whatever the protocol: statements other than queries ({@code SELECT},
 * {@code WITH}, {@code VALUES}, set operations, {@code EXPLAIN}, {@code DESCRIBE}) are refused with
 * SQLSTATE 25006 before Calcite sees them.
 */
public final class ReadOnlyPolicy {
  /** SQLSTATE of a write refused by the read-only gateway: "read-only SQL transaction". */
  public static final String READ_ONLY_STATE = "25006";
  private static final SqlParser.Config PARSER = SqlParser.config().withLex(Lex.MYSQL_ANSI)
      .withConformance(SqlConformanceEnum.LENIENT).withUnquotedCasing(Casing.UNCHANGED);
  private static final Set<String> WRITE_WORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE",
      "UPSERT", "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "REVOKE", "RENAME", "REPLACE", "COPY", "CALL",
      "SET", "RESET", "COMMENT", "LOCK", "VACUUM", "ANALYZE");

  private ReadOnlyPolicy() {
  }

  /**
   * Why {@code sql} is refused (the message the client sees with {@link #READ_ONLY_STATE}), or empty for a
   * query. What Calcite's parser cannot parse is judged by its first keyword (DDL is not in Calcite's core
   * grammar); other unparsable text is left to Calcite's own syntax error.
   */
  public static Optional<String> refusal(String sql) {
    String what;
    try {
      SqlNode n = SqlParser.create(sql, PARSER).parseStmt();
      if (n instanceof SqlExplain e) {
        n = e.getExplicandum();
      }
      SqlKind k = n.getKind();
      if (k.belongsTo(SqlKind.QUERY) || k == SqlKind.DESCRIBE_SCHEMA || k == SqlKind.DESCRIBE_TABLE) {
        return Optional.empty();
      }
      what = k.sql;
    } catch (SqlParseException e) {
      String first = firstWord(sql);
      if (!WRITE_WORDS.contains(first)) {
        return Optional.empty();
      }
      what = first;
    }
    return Optional.of(message(what.replace('_', ' ')));
  }

  /** The refusal of a {@code what} statement ("INSERT", "CREATE TABLE"). */
  public static String message(String what) {
    return "stripe-sql is read-only: " + what + " statements are not allowed; send queries (SELECT, WITH, VALUES,"
        + " EXPLAIN) only";
  }

  /** Whether {@code word} (upper case) starts a statement that writes or changes the schema. */
  public static boolean isWriteWord(String word) {
    return WRITE_WORDS.contains(word);
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
