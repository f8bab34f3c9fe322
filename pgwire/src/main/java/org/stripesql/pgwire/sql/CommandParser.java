package org.stripesql.pgwire.sql;

import java.util.List;
import java.util.Set;
import org.stripesql.pgwire.sql.Command.Transaction.Action;
import org.stripesql.server.sql.ReadOnlyPolicy;

/**
 * Says what one statement is, from its first keywords, before any SQL parser sees it: PostgreSQL clients
 * send statements Calcite does not parse ({@code SAVEPOINT}, {@code DEALLOCATE}, {@code DECLARE ...
 * CURSOR}, {@code FETCH}) or that the gateway answers itself ({@code SET}, {@code SHOW}, {@code BEGIN}).
 */
public final class CommandParser {
  /** SQLSTATE of a statement the endpoint does not support. */
  public static final String FEATURE_NOT_SUPPORTED = "0A000";
  private static final Set<String> QUERY_WORDS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "(");
  private static final Set<String> EXPLAIN_OPTIONS = Set.of("ANALYZE", "ANALYSE", "VERBOSE");
  private static final Set<String> UNSUPPORTED = Set.of("LISTEN", "NOTIFY", "PREPARE", "EXECUTE", "DO", "LOAD",
      "CHECKPOINT", "CLUSTER", "REINDEX", "SECURITY", "IMPORT", "REFRESH", "REASSIGN");

  private CommandParser() {
  }

  /** What {@code sql}, one statement, is (scanning it). */
  public static Command parse(String sql) {
    return parse(StatementText.of(sql));
  }

  /** What the scanned statement is. */
  public static Command parse(StatementText text) {
    List<Token> t = text.significant();
    if (t.isEmpty()) {
      return new Command.Empty();
    }
    String first = t.get(0).kind() == Token.Kind.SYMBOL ? t.get(0).text() : t.get(0).upper();
    if (QUERY_WORDS.contains(first)) {
      return new Command.Query(text);
    }
    switch (first) {
      case "EXPLAIN":
        return explain(text, t);
      case "COPY":
        return CopyParser.parse(text, t);
      case "SET":
        return set(t);
      case "RESET":
        return new Command.Reset(t.size() > 1 && !t.get(1).isWord("ALL") ? dottedName(t, 1) : null);
      case "SHOW":
        return new Command.Show(show(t));
      case "BEGIN":
      case "START":
        return new Command.Transaction(Action.BEGIN, null);
      case "COMMIT":
      case "END":
        return new Command.Transaction(Action.COMMIT, null);
      case "ABORT":
        return new Command.Transaction(Action.ROLLBACK, null);
      case "ROLLBACK":
        return rollback(t);
      case "SAVEPOINT":
        return new Command.Transaction(Action.SAVEPOINT, name(t, 1));
      case "RELEASE":
        return new Command.Transaction(Action.RELEASE, name(t, t.size() > 2 && t.get(1).isWord("SAVEPOINT") ? 2 : 1));
      case "DEALLOCATE":
        return deallocate(t);
      case "DISCARD":
        return new Command.NoOp("DISCARD " + (t.size() > 1 ? t.get(1).upper() : "ALL"));
      case "UNLISTEN":
        return new Command.NoOp("UNLISTEN");
      case "DECLARE":
        return declare(text, t);
      case "FETCH":
      case "MOVE":
        return fetch(t, first.equals("MOVE"));
      case "CLOSE":
        return new Command.Close(t.size() > 1 && !t.get(1).isWord("ALL") ? name(t, 1) : null);
      default:
        break;
    }
    if (ReadOnlyPolicy.isWriteWord(first)) {
      return new Command.Refused(ReadOnlyPolicy.READ_ONLY_STATE, ReadOnlyPolicy.message(first));
    }
    if (UNSUPPORTED.contains(first)) {
      return new Command.Refused(FEATURE_NOT_SUPPORTED, first + " is not supported by stripe-sql; it serves"
          + " read-only queries (SELECT, WITH, VALUES, EXPLAIN) over the PostgreSQL protocol");
    }
    return new Command.Query(text);
  }

  private static Command explain(StatementText text, List<Token> t) {
    int i = 1;
    while (i < t.size() && (EXPLAIN_OPTIONS.contains(t.get(i).upper()) || t.get(i).isSymbol("("))) {
      if (t.get(i).isSymbol("(")) {
        while (i < t.size() && !t.get(i).isSymbol(")")) {
          i++;
        }
      }
      i++;
    }
    if (i < t.size() && t.get(i).isWord("PLAN") && i + 1 < t.size() && t.get(i + 1).isWord("FOR")) {
      i += 2;   // Calcite's own EXPLAIN PLAN FOR
    }
    if (i >= t.size()) {
      return new Command.Refused("42601", "syntax error at end of input: EXPLAIN needs a query");
    }
    return new Command.Explain(text.from(t.get(i)));
  }

  private static Command set(List<Token> t) {
    int i = 1;
    if (i < t.size() && (t.get(i).isWord("SESSION") || t.get(i).isWord("LOCAL"))) {
      i++;
    }
    if (i >= t.size()) {
      return new Command.Refused("42601", "syntax error at end of input: SET needs a name and a value");
    }
    if (t.get(i).isWord("TRANSACTION") || t.get(i).isWord("CHARACTERISTICS")) {
      return new Command.NoOp("SET");
    }
    if (t.get(i).isWord("TIME") && i + 1 < t.size() && t.get(i + 1).isWord("ZONE")) {
      return new Command.Set("timezone", value(t, i + 2));
    }
    if (t.get(i).isWord("NAMES")) {
      return new Command.Set("client_encoding", value(t, i + 1));
    }
    String name = name(t, i);
    int j = i + 1;
    while (j < t.size() && t.get(j).isSymbol(".")) {
      name = name + "." + t.get(j + 1).name();
      j += 2;
    }
    if (j < t.size() && (t.get(j).isWord("TO") || t.get(j).isSymbol("="))) {
      j++;
    }
    return new Command.Set(name, value(t, j));
  }

  /** The value of SET: words and numbers as written, strings unquoted, lists joined by ", "; DEFAULT is null. */
  private static String value(List<Token> t, int from) {
    if (from >= t.size() || (from == t.size() - 1 && t.get(from).isWord("DEFAULT")) || t.get(from).isWord("LOCAL")) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    for (int i = from; i < t.size(); i++) {
      Token k = t.get(i);
      if (k.isSymbol(",")) {
        b.append(", ");
      } else if (k.kind() == Token.Kind.STRING) {
        b.append(unquote(k.text()));
      } else if (k.kind() == Token.Kind.QUOTED) {
        b.append(k.name());
      } else {
        b.append(k.text());
      }
    }
    return b.toString();
  }

  /** A string literal's value ('it''s', E'a\nb', $$x$$). */
  public static String unquote(String literal) {
    if (literal.startsWith("$")) {
      int tag = literal.indexOf('$', 1) + 1;
      return literal.substring(tag, literal.length() - tag);
    }
    boolean escapes = literal.charAt(0) == 'E' || literal.charAt(0) == 'e';
    String body = literal.substring(escapes ? 2 : 1, literal.length() - 1).replace("''", "'");
    if (!escapes) {
      return body;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        char e = body.charAt(++i);
        b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String show(List<Token> t) {
    if (t.size() < 2) {
      return "all";
    }
    if (t.get(1).isWord("TIME") && t.size() > 2 && t.get(2).isWord("ZONE")) {
      return "timezone";
    }
    if (t.get(1).isWord("TRANSACTION") && t.size() > 2 && t.get(2).isWord("ISOLATION")) {
      return "transaction_isolation";
    }
    StringBuilder name = new StringBuilder(t.get(1).name());
    for (int j = 2; j + 1 < t.size() && t.get(j).isSymbol("."); j += 2) {
      name.append('.').append(t.get(j + 1).name());
    }
    return name.toString();
  }

  private static Command rollback(List<Token> t) {
    int i = 1;
    if (i < t.size() && (t.get(i).isWord("WORK") || t.get(i).isWord("TRANSACTION"))) {
      i++;
    }
    if (i < t.size() && t.get(i).isWord("TO")) {
      i++;
      if (i < t.size() && t.get(i).isWord("SAVEPOINT")) {
        i++;
      }
      return new Command.Transaction(Action.ROLLBACK_TO, name(t, i));
    }
    return new Command.Transaction(Action.ROLLBACK, null);
  }

  private static Command deallocate(List<Token> t) {
    int i = 1;
    if (i < t.size() && t.get(i).isWord("PREPARE")) {
      i++;
    }
    return new Command.Deallocate(i >= t.size() || t.get(i).isWord("ALL") ? null : name(t, i));
  }

  private static Command declare(StatementText text, List<Token> t) {
    String name = name(t, 1);
    boolean hold = false;
    for (int i = 2; i < t.size(); i++) {
      Token k = t.get(i);
      if (k.isWord("WITH") && i + 1 < t.size() && t.get(i + 1).isWord("HOLD")) {
        hold = true;
      }
      if (k.isWord("FOR")) {
        if (i + 1 >= t.size()) {
          break;
        }
        return new Command.Declare(name, hold, text.from(t.get(i + 1)));
      }
    }
    return new Command.Refused("42601", "syntax error in DECLARE: expected DECLARE name CURSOR FOR query");
  }

  private static Command fetch(List<Token> t, boolean move) {
    long count = 1;
    int i = 1;
    boolean counted = false;
    while (i < t.size() - 1) {
      Token k = t.get(i);
      String w = k.upper();
      if (k.kind() == Token.Kind.NUMBER) {
        count = Long.parseLong(k.text());
        counted = true;
      } else if (w.equals("ALL")) {
        count = -1;
        counted = true;
      } else if (w.equals("NEXT") || w.equals("FORWARD") || w.equals("FROM") || w.equals("IN")) {
        if (w.equals("FORWARD") && !counted) {
          count = 1;
        }
      } else {
        return new Command.Refused(FEATURE_NOT_SUPPORTED, "FETCH " + w + " is not supported: cursors only move"
            + " forward (FETCH n, FETCH ALL, FETCH NEXT)");
      }
      i++;
    }
    if (i >= t.size()) {
      return new Command.Refused("42601", "syntax error in FETCH: expected a cursor name");
    }
    return new Command.Fetch(t.get(i).name(), count, move);
  }

  private static String name(List<Token> t, int i) {
    return i < t.size() ? t.get(i).name() : "";
  }

  /** A setting's name, which may have a prefix ({@code stripesql.mirror_max_lag_seconds}, as custom settings do). */
  private static String dottedName(List<Token> t, int i) {
    StringBuilder name = new StringBuilder(name(t, i));
    for (int j = i + 1; j + 1 < t.size() && t.get(j).isSymbol("."); j += 2) {
      name.append('.').append(t.get(j + 1).name());
    }
    return name.toString();
  }
}
