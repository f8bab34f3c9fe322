package org.stripesql.adapter.pushdown;

import java.math.BigDecimal;
import java.util.List;
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
import org.stripesql.catalog.Search;
import org.stripesql.catalog.ApiTable;

/**
 * Writes a conjunct as a clause of Stripe's search query language ({@code amount>1000},
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
  String clause(RexNode node) {
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
        String metadata = metadata((RexCall) node);
        return metadata != null ? metadata : comparison(node);
      default:
        return null;
    }
  }

  private String booleanField(RexInputRef ref, boolean value) {
    Search.SearchField f = field(ref.getIndex());
    return f != null && "boolean".equals(f.kind()) ? f.field() + ":\"" + value + "\"" : null;
  }

  private String comparison(RexNode node) {
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
        if (c.kind != SqlKind.EQUALS || c.literal.getTypeName().getFamily() != SqlTypeFamily.CHARACTER) {
          return null;
        }
        return f.field() + ":" + quote(c.literal.getValueAs(String.class));
      case "boolean":
        if (c.kind != SqlKind.EQUALS || c.literal.getTypeName() != SqlTypeName.BOOLEAN) {
          return null;
        }
        return f.field() + ":\"" + c.literal.getValueAs(Boolean.class) + "\"";
      case "number": {
        BigDecimal d = c.literal.getTypeName().getFamily() == SqlTypeFamily.NUMERIC
            ? c.literal.getValueAs(BigDecimal.class) : null;
        return d == null ? null : f.field() + op(c.kind) + d.toPlainString();
      }
      case "timestamp": {
        if (c.literal.getTypeName() != SqlTypeName.TIMESTAMP) {
          return null;
        }
        long millis = c.literal.getValueAs(Long.class);
        if (Math.floorMod(millis, 1000L) != 0) {
          return null;   // whole seconds only; fractions are left to the list parameters
        }
        return f.field() + op(c.kind) + (millis / 1000L);
      }
      default:
        return null;
    }
  }

  /** {@code JSON_VALUE(metadata, '$.key') = 'value'}. */
  private String metadata(RexCall call) {
    if (call.getKind() != SqlKind.EQUALS) {
      return null;
    }
    for (int side = 0; side < 2; side++) {
      RexNode json = RexUtil.removeCast(call.getOperands().get(side));
      RexNode value = RexUtil.removeCast(call.getOperands().get(1 - side));
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
          || lit.getTypeName().getFamily() != SqlTypeFamily.CHARACTER || !SAFE_KEY.matcher(m.group(1)).matches()) {
        return null;
      }
      return f.field() + "['" + m.group(1) + "']:" + quote(lit.getValueAs(String.class));
    }
    return null;
  }

  /** {@code name LIKE '%acme%'}: a substring search when the pattern is one run of 3+ plain characters. */
  private String like(RexCall call) {
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
    return f.field() + "~" + quote(core);
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

  private static String op(SqlKind kind) {
    switch (kind) {
      case EQUALS:
        return ":";
      case LESS_THAN:
        return "<";
      case LESS_THAN_OR_EQUAL:
        return "<=";
      case GREATER_THAN:
        return ">";
      default:
        return ">=";
    }
  }

  /** A double-quoted value with backslashes and quotes escaped, as Stripe's query language reads it. */
  static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
