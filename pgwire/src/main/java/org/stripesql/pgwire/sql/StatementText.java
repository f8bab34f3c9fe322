package org.stripesql.pgwire.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * One statement's text with its tokens, scanned once ({@link SqlScanner}) and then read by everything that
 * needs to know what the statement is (the command parser, the text rewrites, error positions).
 *
 * @param offset where the statement starts in the message that carried it (for error positions)
 * @param tokens the statement's tokens, spaces and comments included, offsets relative to {@code sql}
 */
public record StatementText(String sql, int offset, List<Token> tokens) {
  /** Scans {@code sql}, a statement on its own. */
  public static StatementText of(String sql) {
    return new StatementText(sql, 0, SqlScanner.scan(sql));
  }

  /** The tokens that are not spaces or comments. */
  public List<Token> significant() {
    return SqlScanner.significant(tokens);
  }

  /** Whether the statement has nothing but spaces and comments. */
  public boolean blank() {
    return tokens.stream().allMatch(t -> t.kind() == Token.Kind.SPACE);
  }

  /** The rest of the statement from {@code token} on ({@code DECLARE c CURSOR FOR <query>}). */
  public StatementText from(Token token) {
    int at = token.start();
    List<Token> rest = new ArrayList<>();
    for (Token t : tokens) {
      if (t.start() >= at) {
        rest.add(t.shift(-at));
      }
    }
    return new StatementText(sql.substring(at), offset + at, List.copyOf(rest));
  }

  /** This statement with {@code prefix} before it ({@code EXPLAIN PLAN FOR}); only the prefix is scanned. */
  public StatementText prefixed(String prefix) {
    List<Token> all = new ArrayList<>(SqlScanner.scan(prefix));
    for (Token t : tokens) {
      all.add(t.shift(prefix.length()));
    }
    return new StatementText(prefix + sql, offset - prefix.length(), List.copyOf(all));
  }

  /** The text from token {@code first} up to (not including) token {@code end}: a parenthesised query. */
  public StatementText slice(Token first, Token end) {
    int at = first.start();
    List<Token> part = new ArrayList<>();
    for (Token t : tokens) {
      if (t.start() >= at && t.end() <= end.start()) {
        part.add(t.shift(-at));
      }
    }
    return new StatementText(sql.substring(at, end.start()), offset + at, List.copyOf(part));
  }
}
