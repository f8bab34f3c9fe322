package org.stripesql.pgwire.catalog;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.stripesql.pgwire.types.TextFormat;

/**
 * Comparisons with a string literal that PostgreSQL reads as the other side's type: {@code polroles = '{0}'}
 * (psql's {@code \d}) compares an array with an array literal. The parse tree does not know the other side's
 * type, so the comparison is decided here, on the value: an array is compared element by element with the
 * literal's elements, anything else as text.
 */
public final class ArrayFunctions {
  private ArrayFunctions() {
  }

  /** {@code value = 'literal'} where the literal is written as an array ({@code '{...}'}). */
  public static Boolean array_literal_eq(Object value, String literal) {
    if (value == null || literal == null) {
      return null;
    }
    List<?> elements = value instanceof List<?> l ? l : value instanceof Object[] a ? Arrays.asList(a) : null;
    if (elements == null) {
      return value.toString().equals(literal);
    }
    List<String> expected;
    try {
      expected = TextFormat.arrayElements(literal);
    } catch (IllegalArgumentException e) {
      throw new PgSqlException("22P02", e.getMessage());
    }
    if (expected.size() != elements.size()) {
      return false;
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!sameElement(elements.get(i), expected.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameElement(Object actual, String text) {
    if (actual == null || text == null) {
      return actual == null && text == null;
    }
    if (actual instanceof Boolean b) {
      String t = text.toLowerCase(Locale.ROOT);
      return b == (t.equals("t") || t.equals("true") || t.equals("1") || t.equals("yes") || t.equals("on"));
    }
    return Objects.equals(actual.toString(), text);
  }
}
