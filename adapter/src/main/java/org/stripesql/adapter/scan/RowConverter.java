package org.stripesql.adapter.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Gather;
import org.stripesql.catalog.ListOmit;

/**
 * Turns one Stripe JSON object into a row of the table, in Calcite's internal representation:
 * VARCHAR as String, BIGINT as Long, BOOLEAN as Boolean, DOUBLE as Double, DECIMAL as BigDecimal of the
 * column's scale ({@link #DECIMAL_SCALE}),
 * TIMESTAMP as Long milliseconds since the epoch (UTC), JSON as its text. Built once per query; the
 * per-row work is a walk of precomputed paths.
 */
public final class RowConverter {
  /**
   * The scale of DECIMAL columns: Stripe's decimal strings carry up to 12 fractional digits. A value has the
   * scale of its column's type ({@code 1000.000000000000} for Stripe's {@code "1000"}), as in a mirror's
   * store, so the same statement gives the same text on every path.
   */
  public static final int DECIMAL_SCALE = 12;

  /** Marks a path segment that starts at the exploded singleton's whole object, not the entry. */
  private static final String OBJECT_ROOT = "$object";

  private final ApiColumn[] columns;
  private final String[][] paths;
  /** The columns converted, ascending. */
  private final int[] converted;
  private final int parentColumn;
  private final int kindColumn;
  /** The top-level fields the converted columns read; null: all. */
  private final Set<String> listedFields;

  /** A converter of every column. */
  public RowConverter(ApiTable table) {
    this(table, null);
  }

  /**
   * A converter of {@code wanted} columns (null: all) and of those the scan itself reads (id, parent,
   * kind, the columns list omissions test); the others stay null.
   */
  public RowConverter(ApiTable table, int[] wanted) {
    List<ApiColumn> cols = table.columns();
    this.columns = cols.toArray(new ApiColumn[0]);
    this.paths = new String[columns.length][];
    for (int i = 0; i < columns.length; i++) {
      paths[i] = columns[i].path().toArray(new String[0]);
    }
    this.parentColumn = table.parent() == null ? -1 : table.columnIndex(table.parent().column());
    this.kindColumn = table.explode() == null ? -1 : table.columnIndex(table.explode().kindColumn());
    this.converted = converted(table, wanted, columns.length);
    this.listedFields = topLevelFields();
  }

  /**
   * The top-level fields of a listed object the converted columns read; null when all are converted or a
   * column reads the object a row was exploded from.
   */
  public Set<String> listedFields() {
    return listedFields;
  }

  private Set<String> topLevelFields() {
    if (converted.length == columns.length) {
      return null;
    }
    Set<String> fields = new HashSet<>();
    for (int i : converted) {
      if (i == kindColumn) {
        return null;
      }
      if (paths[i].length > 0) {
        if (OBJECT_ROOT.equals(paths[i][0])) {
          return null;
        }
        fields.add(paths[i][0]);
      }
    }
    return Set.copyOf(fields);
  }

  private static int[] converted(ApiTable table, int[] wanted, int width) {
    if (wanted == null) {
      return IntStream.range(0, width).toArray();
    }
    BitSet set = new BitSet(width);
    for (int i : wanted) {
      set.set(i);
    }
    set.set(Math.max(0, table.columnIndex("id")));
    if (table.parent() != null) {
      set.set(Math.max(0, table.columnIndex(table.parent().column())));
    }
    if (table.explode() != null) {
      set.set(Math.max(0, table.columnIndex(table.explode().kindColumn())));
    }
    for (ListOmit omit : table.listOmitsOrEmpty()) {
      set.set(Math.max(0, table.columnIndex(omit.column())));
    }
    return set.stream().filter(i -> i < width).toArray();
  }

  /**
   * The row for {@code object}; {@code parentId} fills the parent column of a child table (when null, the
   * object's own value there, as for a child read by id),
   * {@code kind} and {@code root} the kind column and object-level columns of an exploded singleton.
   */
  public Object[] convert(JsonNode object, String parentId, String kind, JsonNode root) {
    Object[] row = new Object[columns.length];
    for (int i : converted) {
      if (i == parentColumn && parentId != null) {
        row[i] = parentId;
      } else if (i == kindColumn) {
        row[i] = kind;
      } else if (columns[i].gather() != null) {
        row[i] = gathered(columns[i], lookup(object, root, paths[i]));
      } else {
        row[i] = value(columns[i], lookup(object, root, paths[i]));
      }
    }
    return row;
  }

  private static JsonNode lookup(JsonNode object, JsonNode root, String[] path) {
    if (path.length == 0) {
      return null;
    }
    JsonNode n = object;
    int start = 0;
    if (OBJECT_ROOT.equals(path[0])) {
      n = root;
      start = 1;
    }
    for (int i = start; i < path.length && n != null; i++) {
      n = n.get(path[i]);
    }
    return n;
  }

  /**
   * A moved field's value ({@link Gather}): the smallest or largest of its values in the list's entries
   * ({@code list} is the list object, or its {@code data} array), nulls skipped; null when there is none.
   */
  static Object gathered(ApiColumn column, JsonNode list) {
    JsonNode entries = list != null && list.isObject() ? list.get("data") : list;
    if (entries == null || !entries.isArray()) {
      return null;
    }
    Comparable<Object> best = null;
    for (JsonNode entry : entries) {
      JsonNode n = entry;
      for (String p : column.gather().field()) {
        n = n == null ? null : n.get(p);
      }
      @SuppressWarnings("unchecked")
      Comparable<Object> v = (Comparable<Object>) value(column, n);
      if (v != null && (best == null
          || (column.gather().combine() == Gather.Combine.MIN ? v.compareTo(best) < 0 : v.compareTo(best) > 0))) {
        best = v;
      }
    }
    return best;
  }

  /** The SQL value of a JSON node for a column, or null when the node is absent or JSON null. */
  static Object value(ApiColumn column, JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    switch (column.type()) {
      case VARCHAR:
        if (n.isObject() && column.ref() != null) {
          JsonNode id = n.get("id");   // an expanded reference: the column holds the id
          return id == null ? null : id.asText();
        }
        return n.isValueNode() ? n.asText() : n.toString();
      case BIGINT:
        return n.canConvertToLong() ? n.asLong() : null;
      case BOOLEAN:
        return n.isBoolean() ? n.booleanValue() : Boolean.valueOf(n.asText());
      case DOUBLE:
        return n.isNumber() ? n.doubleValue() : parseDouble(n.asText());
      case DECIMAL:
        return parseDecimal(n.asText());
      case TIMESTAMP:
        return n.canConvertToLong() ? n.asLong() * 1000L : null;
      case JSON:
        return n.toString();
      default:
        throw new AssertionError(column.type());
    }
  }

  private static Double parseDouble(String s) {
    try {
      return Double.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static BigDecimal parseDecimal(String s) {
    try {
      BigDecimal d = new BigDecimal(s);
      return d.scale() <= DECIMAL_SCALE ? d.setScale(DECIMAL_SCALE) : d;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
