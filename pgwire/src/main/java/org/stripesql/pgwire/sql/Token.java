package org.stripesql.pgwire.sql;

import java.util.Locale;

/**
 * A piece of SQL text as {@link SqlScanner} cut it: its kind and its span in the statement.
 *
 * @param start the offset of its first character
 * @param end   the offset after its last character
 */
public record Token(Kind kind, String text, int start, int end) {
  /** What a token is. */
  public enum Kind {
    /** An unquoted word: keyword or identifier. */
    WORD,
    /** A double-quoted identifier. */
    QUOTED,
    /** A string literal ('', E'', $$...$$, B'', X''). */
    STRING,
    NUMBER,
    /** A positional parameter, {@code $1}. */
    PARAM,
    /** Operators and punctuation, one character or {@code ::}, {@code !~}, {@code <=} and the like. */
    SYMBOL,
    /** Spaces and comments. */
    SPACE
  }

  /** The same token at offsets moved by {@code delta} (in a piece cut from a longer text). */
  public Token shift(int delta) {
    return delta == 0 ? this : new Token(kind, text, start + delta, end + delta);
  }

  /** Whether this is the unquoted word {@code w} (any case). */
  public boolean isWord(String w) {
    return kind == Kind.WORD && text.equalsIgnoreCase(w);
  }

  public boolean isSymbol(String s) {
    return kind == Kind.SYMBOL && text.equals(s);
  }

  /** The word in upper case (for keywords). */
  public String upper() {
    return text.toUpperCase(Locale.ROOT);
  }

  /** An identifier's name: quoted as written, unquoted in lower case. */
  public String name() {
    if (kind == Kind.QUOTED) {
      return text.substring(1, text.length() - 1).replace("\"\"", "\"");
    }
    return text.toLowerCase(Locale.ROOT);
  }
}
