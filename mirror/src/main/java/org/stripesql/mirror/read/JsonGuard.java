package org.stripesql.mirror.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * A filter on {@code JSON_VALUE} as a store can narrow it: the store compares the JSON string at the path
 * (NULL where there is nothing, null, an object or an array) and keeps the rows whose path holds a number
 * or a boolean, whose text Java writes its own way; Calcite checks the original condition above. Only
 * on columns the catalog types JSON, and paths of names and positions (docs/mirror.md).
 */
final class JsonGuard {
  private JsonGuard() {}

  static Optional<RexNode> superset(RexNode conjunct, RelNode input, RexBuilder rex,
      ExactRex exact) {
    List<RexCall> found = new ArrayList<>();
    boolean[] all = {true};
    RexNode withStrings = conjunct.accept(new RexShuttle() {
      @Override
      public RexNode visitCall(RexCall call) {
        if (call.getOperator() != SqlStdOperatorTable.JSON_VALUE) {
          return super.visitCall(call);
        }
        if (!onJsonColumn(call, input)) {
          all[0] = false;
          return call;
        }
        found.add(call);
        return rex.makeCall(StoreOperators.JSON_STRING, call.getOperands());
      }
    });
    if (found.isEmpty() || !all[0] || !exact.exact(withStrings)) {
      return Optional.empty();
    }
    List<RexNode> undecided = found.stream()
        .map(c -> rex.makeCall(StoreOperators.JSON_NUMBER_OR_BOOLEAN, c.getOperands())).toList();
    return Optional.of(rex.makeCall(SqlStdOperatorTable.CASE, RexUtil.composeDisjunction(rex, undecided),
        rex.makeLiteral(true), withStrings));
  }

  /** {@code JSON_VALUE(column, 'path')} with the defaults, on a JSON column of a store table. */
  private static boolean onJsonColumn(RexCall call, RelNode input) {
    if (call.getOperands().size() != 2 || !(call.getOperands().get(0) instanceof RexInputRef ref)
        || !(call.getOperands().get(1) instanceof RexLiteral path) || path.isNull()
        || JsonPath.parse(path.getValueAs(String.class)).isEmpty()) {
      return false;
    }
    return ColumnOrigin.isJson(input, ref.getIndex());
  }
}
