package org.stripesql.pgwire.session;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.pgwire.types.TextFormat;

/**
 * String literals read as PostgreSQL reads them where a boolean is expected: {@code indisprimary = 't'}
 * (Calcite's implicit cast accepts only 'true' and 'false', and would fail when the query runs).
 */
final class PgLiterals {
  private PgLiterals() {
  }

  /** {@code rel} with every {@code CAST('t' AS BOOLEAN)} (and PostgreSQL's other spellings) a boolean literal. */
  static RelNode apply(RelNode rel) {
    List<RelNode> inputs = new ArrayList<>();
    boolean changed = false;
    for (RelNode in : rel.getInputs()) {
      RelNode n = apply(in);
      inputs.add(n);
      changed |= n != in;
    }
    RelNode r = changed ? rel.copy(rel.getTraitSet(), inputs) : rel;
    return r.accept(new Booleans(r));
  }

  /** The rewrite inside one relational expression's expressions (and its subqueries). */
  private static final class Booleans extends RexShuttle {
    private final RelNode rel;

    Booleans(RelNode rel) {
      this.rel = rel;
    }

    @Override
    public RexNode visitSubQuery(RexSubQuery subQuery) {
      RexSubQuery visited = (RexSubQuery) super.visitSubQuery(subQuery);
      RelNode inner = PgLiterals.apply(visited.rel);
      return inner == visited.rel ? visited : visited.clone(inner);
    }

    @Override
    public RexNode visitCall(RexCall call) {
      RexNode visited = super.visitCall(call);
      if (visited instanceof RexCall c && c.getKind() == SqlKind.CAST
          && c.getType().getSqlTypeName() == SqlTypeName.BOOLEAN
          && c.getOperands().get(0) instanceof RexLiteral l
          && l.getType().getSqlTypeName().getFamily() == SqlTypeFamily.CHARACTER) {
        String text = l.getValueAs(String.class);
        try {
          return rel.getCluster().getRexBuilder().makeLiteral(TextFormat.bool(text.trim()), c.getType());
        } catch (IllegalArgumentException e) {
          return visited;
        }
      }
      return visited;
    }
  }
}
