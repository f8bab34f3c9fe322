package org.stripesql.adapter.query;

import java.util.Objects;

/**
 * One clause of a Stripe search query: a field (or one key of a metadata field), an operator and a
 * value, quoted for strings and booleans, bare for numbers and unix times.
 *
 * @param field       the search field ({@code email}, {@code amount}, {@code metadata})
 * @param metadataKey for a metadata field, the key; null otherwise
 * @param op          the operator
 * @param value       the value, unquoted and unescaped
 * @param quoted      whether the value is a string (quoted and escaped) rather than a number
 */
public record SearchClause(String field, String metadataKey, Op op, String value, boolean quoted) {
  /** Stripe's search operators. */
  public enum Op {
    EQUALS(":"), LESS_THAN("<"), LESS_THAN_OR_EQUAL("<="), GREATER_THAN(">"), GREATER_THAN_OR_EQUAL(">="),
    /** Substring match ({@code ~}). */
    CONTAINS("~");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  public SearchClause {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(value, "value");
  }

  /** {@code field:"value"}, {@code amount>1000}, {@code metadata['plan']:"gold"}. */
  public String syntax() {
    String lhs = metadataKey == null ? field : field + "['" + metadataKey + "']";
    return lhs + op.symbol + (quoted ? quote(value) : value);
  }

  /** A double-quoted value with backslashes and quotes escaped, as Stripe's query language reads it. */
  static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
