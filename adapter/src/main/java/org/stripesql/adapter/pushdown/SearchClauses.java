package org.stripesql.adapter.pushdown;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.adapter.query.SearchClause;
import org.stripesql.adapter.query.SearchClause.Op;
import org.stripesql.adapter.query.TimeRange;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Search;

/**
 * Reads a conjunct as a clause of Stripe's search query language ({@code amount>1000},
 * {@code email:"a@b.c"}, {@code name~"acme"}, {@code metadata['plan']:"gold"}), when the table's search
 * fields allow it. Every clause matches a superset of the SQL rows (Stripe compares some strings
 * without case and by substring); the caller keeps the exact predicate above the scan.
 */
final class SearchClauses {
  private static final Pattern JSON_KEY = Pattern.compile("(?:lax |strict )?\\$\\.([A-Za-z0-9_\\-]+)");
  private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9_\\-]+");

  private final ApiTable table;
  private final List<String> fieldNames;

  SearchClauses(ApiTable table, List<String> fieldNames) {
    this.table = table;
    this.fieldNames = fieldNames;
  }

  /** The clause for a conjunct, or null when search cannot express it. */
  SearchClause clause(RexNode node) {
    if (table.search() == null) {
      return null;
    }
    switch (node.getKind()) {
      case INPUT_REF:
        return booleanField((RexInputRef) node, true);
      case NOT: {
        RexNode operand = ((RexCall) node).getOperands().get(0);
        return operand instanceof RexInputRef ? booleanField((RexInputRef) operand, false) : null;
      }
      case LIKE:
        return like((RexCall) node);
      case EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
        SearchClause metadata = metadata((RexCall) node);
        return metadata != null ? metadata : comparison(node);
      default:
        return null;
    }
  }

  private SearchClause booleanField(RexInputRef ref, boolean value) {
    Search.SearchField f = field(ref.getIndex());
    return f != null && "boolean".equals(f.kind())
        ? new SearchClause(f.field(), null, Op.EQUALS, Boolean.toString(value), true) : null;
  }

  private SearchClause comparison(RexNode node) {
    Comparison c = Comparison.of(node);
    if (c == null || c.literal == null || c.castToDate || c.literal.isNull()) {
      return null;
    }
    Search.SearchField f = field(c.ref.getIndex());
    if (f == null) {
      return null;
    }
    switch (f.kind()) {
      case "string":
      case "token":
        if (c.kind != SqlKind.EQUALS || c.literal.getTypeName().getFamily() != SqlTypeFamily.CHARACTER
            || c.literal.getValueAs(String.class).isEmpty()) {
          return null;   // (an empty value is left to SQL, as for the list's parameters)
        }
        return new SearchClause(f.field(), null, Op.EQUALS, c.literal.getValueAs(String.class), true);
      case "boolean":
        if (c.kind != SqlKind.EQUALS || c.literal.getTypeName() != SqlTypeName.BOOLEAN) {
          return null;
        }
        return new SearchClause(f.field(), null, Op.EQUALS, c.literal.getValueAs(Boolean.class).toString(), true);
      case "number": {
        BigDecimal d = c.literal.getTypeName().getFamily() == SqlTypeFamily.NUMERIC
            ? c.literal.getValueAs(BigDecimal.class) : null;
        String number = wholeNumber(d);
        return number == null ? null : new SearchClause(f.field(), null, op(c.kind), number, false);
      }
      case "timestamp": {
        if (c.literal.getTypeName() != SqlTypeName.TIMESTAMP) {
          return null;
        }
        long millis = c.literal.getValueAs(Long.class);
        if (Math.floorMod(millis, 1000L) != 0) {
          return null;   // whole seconds only; fractions are left to the list parameters
        }
        return new SearchClause(f.field(), null, op(c.kind), Long.toString(millis / 1000L), false);
      }
      default:
        return null;
    }
  }

  /**
   * A number as Stripe's query grammar surely reads it: digits only. Fractions ({@code 10.5}) and
   * negatives ({@code -5}) are not sent; their predicate is evaluated above a wider search.
   */
  private static String wholeNumber(BigDecimal d) {
    if (d == null || d.signum() < 0) {
      return null;
    }
    BigDecimal n = d.stripTrailingZeros();
    return n.scale() > 0 ? null : n.toBigIntegerExact().toString();
  }

  /**
   * The list's time ranges as search clauses ({@code created>=1700000000}), for the range parameters
   * whose column is a timestamp search field.
   */
  List<SearchClause> rangeClauses(Map<String, TimeRange> ranges) {
    List<SearchClause> out = new ArrayList<>();
    ranges.forEach((param, range) -> {
      Search.SearchField f = rangeField(param);
      if (f != null && range.gte() != null) {
        out.add(new SearchClause(f.field(), null, Op.GREATER_THAN_OR_EQUAL, Long.toString(range.gte()), false));
      }
      if (f != null && range.lte() != null) {
        out.add(new SearchClause(f.field(), null, Op.LESS_THAN_OR_EQUAL, Long.toString(range.lte()), false));
      }
    });
    return out;
  }

  /** Whether a clause compares a field the range clauses already bound. */
  boolean coveredByRange(SearchClause clause, Map<String, TimeRange> ranges) {
    for (String param : ranges.keySet()) {
      Search.SearchField f = rangeField(param);
      if (f != null && f.field().equals(clause.field())) {
        return true;
      }
    }
    return false;
  }

  private Search.SearchField rangeField(String param) {
    if (table.search() == null) {
      return null;
    }
    String column = table.filter(param).map(ApiFilter::column).orElse(null);
    for (Search.SearchField f : table.search().fields()) {
      if ("timestamp".equals(f.kind()) && f.column().equals(column)) {
        return f;
      }
    }
    return null;
  }

  /** {@code JSON_VALUE(metadata, '$.key') = 'value'}. */
  private SearchClause metadata(RexCall call) {
    if (call.getKind() != SqlKind.EQUALS) {
      return null;
    }
    for (int side = 0; side < 2; side++) {
      RexNode json = Casts.stripPreserving(call.getOperands().get(side));
      RexNode value = Casts.stripPreserving(call.getOperands().get(1 - side));
      if (!(json instanceof RexCall) || !(value instanceof RexLiteral)
          || !"JSON_VALUE".equalsIgnoreCase(((RexCall) json).getOperator().getName())) {
        continue;
      }
      RexCall jv = (RexCall) json;
      RexNode target = RexUtil.removeCast(jv.getOperands().get(0));
      if (target.getKind() == SqlKind.JSON_VALUE_EXPRESSION) {
        target = RexUtil.removeCast(((RexCall) target).getOperands().get(0));
      }
      if (!(target instanceof RexInputRef) || jv.getOperands().size() < 2
          || !(jv.getOperands().get(1) instanceof RexLiteral)) {
        return null;
      }
      Search.SearchField f = field(((RexInputRef) target).getIndex());
      Matcher m = JSON_KEY.matcher(((RexLiteral) jv.getOperands().get(1)).getValueAs(String.class));
      RexLiteral lit = (RexLiteral) value;
      if (f == null || !"metadata".equals(f.kind()) || !m.matches() || lit.isNull()
          || lit.getTypeName().getFamily() != SqlTypeFamily.CHARACTER || !SAFE_KEY.matcher(m.group(1)).matches()
          || lit.getValueAs(String.class).isEmpty()) {
        return null;
      }
      return new SearchClause(f.field(), m.group(1), Op.EQUALS, lit.getValueAs(String.class), true);
    }
    return null;
  }

  /** {@code name LIKE '%acme%'}: a substring search when the pattern is one run of 3+ plain characters. */
  private SearchClause like(RexCall call) {
    if (call.getOperands().size() != 2 || !(call.getOperands().get(0) instanceof RexInputRef)
        || !(call.getOperands().get(1) instanceof RexLiteral)) {
      return null;
    }
    Search.SearchField f = field(((RexInputRef) call.getOperands().get(0)).getIndex());
    String pattern = ((RexLiteral) call.getOperands().get(1)).getValueAs(String.class);
    if (f == null || !"string".equals(f.kind()) || pattern == null) {
      return null;
    }
    String core = pattern.replaceAll("^%+", "").replaceAll("%+$", "");
    if (core.length() < 3 || core.contains("%") || core.contains("_") || core.contains("\\")) {
      return null;
    }
    return new SearchClause(f.field(), null, Op.CONTAINS, core, true);
  }

  private Search.SearchField field(int index) {
    String column = fieldNames.get(index);
    for (Search.SearchField f : table.search().fields()) {
      if (f.column().equals(column)) {
        return f;
      }
    }
    return null;
  }

  private static Op op(SqlKind kind) {
    switch (kind) {
      case EQUALS:
        return Op.EQUALS;
      case LESS_THAN:
        return Op.LESS_THAN;
      case LESS_THAN_OR_EQUAL:
        return Op.LESS_THAN_OR_EQUAL;
      case GREATER_THAN:
        return Op.GREATER_THAN;
      default:
        return Op.GREATER_THAN_OR_EQUAL;
    }
  }
}
