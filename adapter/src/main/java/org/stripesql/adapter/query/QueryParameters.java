package org.stripesql.adapter.query;

import java.sql.Array;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statement parameters in a {@link StripeQuery}: a value {@code ?n} stands for the statement's n-th
 * parameter (0-based), put in when the statement runs ({@link #bind}). Pushdown never sends a literal
 * of that form, so a placeholder is never a value. Binding rules: docs/design.md.
 */
public final class QueryParameters {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\?(0|[1-9][0-9]{0,8})(?:\\[([0-9]{1,4})])?");

  private QueryParameters() {}

  /** The placeholder of the statement's parameter {@code index}: {@code ?0}, {@code ?1}... */
  public static String placeholder(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("a parameter index is not negative: " + index);
    }
    return "?" + index;
  }

  /**
   * The placeholder of the elements of the array parameter {@code index} ({@code column = ANY(?)}), each a
   * value, at most {@code max} of them: {@code ?0[50]}. More elements, and the constraint is dropped.
   */
  public static String elements(int index, int max) {
    return placeholder(index) + "[" + max + "]";
  }

  /** Whether {@code value} is the placeholder of an array parameter's elements. */
  public static boolean isElements(String value) {
    return isPlaceholder(value) && value.endsWith("]");
  }

  /** Whether {@code value} is a placeholder. */
  public static boolean isPlaceholder(String value) {
    return value != null && PLACEHOLDER.matcher(value).matches();
  }

  /** Whether the query holds a placeholder. */
  public static boolean hasPlaceholders(StripeQuery query) {
    if (query instanceof SearchQuery s) {
      return hasPlaceholders(s.fallback());
    }
    if (query instanceof RetrieveQuery r) {
      return any(r.ids()) || any(r.parentIds());
    }
    if (query instanceof ListQuery l) {
      return any(l.equalities().values()) || l.fanOut() != null && any(l.fanOut().values()) || any(l.parentIds());
    }
    return false;
  }

  private static boolean any(Iterable<String> values) {
    if (values != null) {
      for (String v : values) {
        if (isPlaceholder(v)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The query with each placeholder replaced by its parameter's value ({@code values.apply(index)}) as
   * text, as the statement compares it. A NULL value matches no row (SQL's {@code = NULL} is never true);
   * an empty one is not sent: its constraint is dropped (the scan reads more, the filter above decides:
   * pushdown keeps every conjunct with a parameter above the scan, and puts a parameter into a retrieve's
   * parents only when its ids are parameters too). Repeated values are asked for once.
   */
  public static StripeQuery bind(StripeQuery query, IntFunction<Object> values) {
    if (!hasPlaceholders(query)) {
      return query;
    }
    return new Binding(values).bind(query);
  }

  /** One execution's binding. */
  private static final class Binding {
    private final IntFunction<Object> values;
    private boolean noRows;

    Binding(IntFunction<Object> values) {
      this.values = values;
    }

    StripeQuery bind(StripeQuery query) {
      if (query instanceof SearchQuery s) {
        StripeQuery fallback = bind(s.fallback());
        return fallback instanceof ListQuery list
            ? new SearchQuery(s.table(), s.clauses(), list, s.lagWindowSeconds(), s.fetch()) : fallback;
      }
      if (query instanceof RetrieveQuery r) {
        List<String> parents = list(r.parentIds());
        List<String> ids = list(r.ids());
        if (noRows) {
          return new NoRowsQuery(r.table());
        }
        boolean parentsDropped = r.parentIds() != null && parents == null;
        if (ids == null || parentsDropped && any(r.ids())) {
          // no id (or no parent) to ask for: list the table, through the parents the query names if any;
          // a parameter's conjunct stays above the scan, so reading more is safe
          return new ListQuery(r.table(), new TreeMap<>(), new TreeMap<>(), null, parents, r.fetch());
        }
        return new RetrieveQuery(r.table(), ids, parents, r.fetch());
      }
      if (query instanceof ListQuery l) {
        TreeMap<String, String> equalities = new TreeMap<>();
        for (Map.Entry<String, String> e : l.equalities().entrySet()) {
          String v = value(e.getValue());
          if (v != null) {
            equalities.put(e.getKey(), v);
          }
        }
        FanOut fanOut = null;
        if (l.fanOut() != null) {
          List<String> fanValues = list(l.fanOut().values());
          fanOut = fanValues == null ? null : new FanOut(l.fanOut().param(), fanValues, l.fanOut().distinct());
        }
        List<String> parents = list(l.parentIds());
        if (noRows) {
          return new NoRowsQuery(l.table());
        }
        return new ListQuery(l.table(), equalities, new TreeMap<>(l.ranges()), fanOut, parents, l.fetch());
      }
      return query;
    }

    /**
     * The values of a list, each once; null (ask for any value) when one is not sendable, and no rows
     * when every placeholder's value was NULL and nothing is left.
     */
    private List<String> list(List<String> in) {
      if (in == null) {
        return null;
      }
      Set<String> out = new LinkedHashSet<>();
      boolean placeholders = false;
      boolean unsendable = false;
      for (String v : in) {
        if (!isPlaceholder(v)) {
          out.add(v);
          continue;
        }
        placeholders = true;
        Object o = values.apply(index(v));
        if (o == null) {
          continue;   // = NULL: no row for this value
        }
        if (isElements(v)) {
          List<?> elements = elements(o);
          if (elements == null || new LinkedHashSet<>(elements).size() > max(v)) {
            unsendable = true;
          } else {
            for (Object e : elements) {
              if (e != null && sendable(e)) {
                out.add(e.toString());
              } else if (e != null) {
                unsendable = true;
              }
            }
          }
          continue;
        }
        if (!sendable(o)) {
          unsendable = true;
        } else {
          out.add(o.toString());
        }
      }
      if (unsendable) {
        return null;
      }
      if (placeholders && out.isEmpty()) {
        noRows = true;
      }
      return new ArrayList<>(out);
    }

    /** A single value: the literal, the parameter's string, or null (dropped); a NULL makes no rows. */
    private String value(String v) {
      if (!isPlaceholder(v)) {
        return v;
      }
      Object o = values.apply(index(v));
      if (o == null) {
        noRows = true;
        return null;
      }
      return sendable(o) && !isElements(v) ? o.toString() : null;
    }

    private static boolean sendable(Object o) {
      return !o.toString().isEmpty();
    }

    /** An array parameter's elements (a JDBC array, a list or a Java array); null otherwise. */
    private static List<?> elements(Object array) {
      Object a = array;
      if (a instanceof Array jdbc) {
        try {
          a = jdbc.getArray();
        } catch (SQLException e) {
          return null;
        }
      }
      return a instanceof List<?> l ? l : a instanceof Object[] o ? Arrays.asList(o) : null;
    }

    private static int max(String placeholder) {
      Matcher m = PLACEHOLDER.matcher(placeholder);
      return m.matches() && m.group(2) != null ? Integer.parseInt(m.group(2)) : Integer.MAX_VALUE;
    }

    private static int index(String placeholder) {
      Matcher m = PLACEHOLDER.matcher(placeholder);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a placeholder: " + placeholder);
      }
      return Integer.parseInt(m.group(1));
    }
  }
}
