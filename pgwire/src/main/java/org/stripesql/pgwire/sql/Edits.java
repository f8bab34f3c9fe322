package org.stripesql.pgwire.sql;

import java.util.List;

/**
 * Changes to a statement's tokens, made by the text rewrites and applied in one pass: text before and
 * after a token, or the token replaced. A wrapper added later encloses those added earlier at the same
 * tokens, so inner rewrites (casts) go first.
 */
final class Edits {
  private final String[] before;
  private final String[] after;
  private final String[] replace;
  private final String[] parameterCasts;

  Edits(List<Token> tokens) {
    before = new String[tokens.size()];
    after = new String[tokens.size()];
    replace = new String[tokens.size()];
    parameterCasts = new String[tokens.size()];
  }

  /** The parameter at {@code i} is cast to {@code sqlType} whatever its declared type ({@code $1::interval}). */
  void castParameter(int i, String sqlType) {
    parameterCasts[i] = sqlType;
  }

  /** The cast the text asks for the parameter at {@code i}, or null. */
  String parameterCast(int i) {
    return parameterCasts[i];
  }

  /** Encloses tokens {@code start} to {@code end}: {@code open} before, {@code close} after. */
  void wrap(int start, int end, String open, String close) {
    before[start] = before[start] == null ? open : open + before[start];
    after[end] = after[end] == null ? close : after[end] + close;
  }

  /** The token at {@code i} is written as {@code text} ("" drops it). */
  void replace(int i, String text) {
    replace[i] = text;
  }

  /** Drops tokens {@code from} to {@code to}. */
  void drop(int from, int to) {
    for (int k = from; k <= to; k++) {
      replace[k] = "";
    }
  }

  boolean replaced(int i) {
    return replace[i] != null;
  }

  /** Appends token {@code i} with its edits; {@code text} is its text when not replaced (null: replaced). */
  void append(StringBuilder out, int i, String text) {
    if (before[i] != null) {
      out.append(before[i]);
    }
    out.append(replace[i] != null ? replace[i] : text == null ? "" : text);
    if (after[i] != null) {
      out.append(after[i]);
    }
  }
}
