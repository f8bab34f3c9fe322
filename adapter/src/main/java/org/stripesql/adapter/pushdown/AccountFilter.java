package org.stripesql.adapter.pushdown;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.stripesql.adapter.query.QueryParameters;

/**
 * The connected accounts a filter lets rows come from: its conjuncts {@code account = 'acct_...'},
 * {@code account IN (...)} (or an OR of such equalities), a statement parameter in place of a value. Only
 * reads fewer accounts: the conjuncts stay in the filter above the scan, which evaluates them as SQL.
 */
public final class AccountFilter {
  private AccountFilter() {}

  /**
   * The accounts ({@code acct_...}, or placeholders such as {@code ?0}) a condition over a connected table
   * admits, where {@code accountColumn} is the input index of its {@code account} column; null when it
   * admits every account.
   */
  public static List<String> accounts(RexNode condition, int accountColumn, RexBuilder rexBuilder) {
    RexNode expanded = RexUtil.expandSearch(rexBuilder, null, condition);
    Set<String> admitted = null;
    for (RexNode conjunct : RelOptUtil.conjunctions(expanded)) {
      Set<String> values = values(conjunct, accountColumn);
      if (values == null) {
        continue;
      }
      if (admitted == null) {
        admitted = values;
      } else if (values.stream().noneMatch(QueryParameters::isPlaceholder)
          && admitted.stream().noneMatch(QueryParameters::isPlaceholder)) {
        admitted.retainAll(values);   // two lists of literals: only the accounts both admit
      }
    }
    return admitted == null ? null : List.copyOf(admitted);
  }

  /** The values one conjunct admits, or null when it is no (OR of) equality of the column. */
  private static Set<String> values(RexNode conjunct, int accountColumn) {
    List<RexNode> disjuncts = conjunct.getKind() == SqlKind.OR ? RexUtil.flattenOr(((RexCall) conjunct).getOperands()) : List.of(conjunct);
    Set<String> out = new LinkedHashSet<>();
    for (RexNode d : disjuncts) {
      Comparison c = Comparison.of(d);
      if (c == null || c.kind != SqlKind.EQUALS || c.ref.getIndex() != accountColumn || c.castToDate) {
        return null;
      }
      if (c.literal != null) {
        String v = c.literal.getValueAs(String.class);
        if (v == null) {
          return null;
        }
        out.add(v);
      } else if (c.param != null) {
        out.add(QueryParameters.placeholder(c.param.getIndex()));
      } else {
        return null;
      }
    }
    return out;
  }
}
