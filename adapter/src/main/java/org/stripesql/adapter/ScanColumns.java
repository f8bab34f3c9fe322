package org.stripesql.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.calcite.adapter.enumerable.EnumerableBatchNestedLoopJoin;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The last planning step before code generation: tells each Stripe scan which of its columns the plan
 * above it reads, so only those are converted from Stripe's JSON (a table such as charges has 201
 * columns; a GROUP BY reads two). Columns no operator reads stay null. Walks the final plan from the
 * root, each operator passing down the input fields it and the operators above it use; an operator it
 * does not know passes down all of them.
 */
final class ScanColumns {
  /** Set on a thread that plans with every column converted: the oracle of tests. */
  private static final ThreadLocal<Boolean> ALL_COLUMNS = ThreadLocal.withInitial(() -> false);

  private ScanColumns() {}

  /** {@code root} with every Stripe scan told the columns read from it. */
  static RelNode prune(RelNode root) {
    if (ALL_COLUMNS.get()) {
      return root;
    }
    return prune(root, ImmutableBitSet.range(root.getRowType().getFieldCount()));
  }

  /** Runs {@code planning} (statements prepared on this thread) with every column converted. */
  static <T> T withAllColumns(Callable<T> planning) throws Exception {
    ALL_COLUMNS.set(true);
    try {
      return planning.call();
    } finally {
      ALL_COLUMNS.set(false);
    }
  }

  private static RelNode prune(RelNode rel, ImmutableBitSet used) {
    if (rel instanceof StripeTableScan scan) {
      return scan.withColumns(used);
    }
    List<RelNode> inputs = rel.getInputs();
    if (inputs.isEmpty()) {
      return rel;
    }
    List<ImmutableBitSet> needs = inputNeeds(rel, used);
    List<RelNode> pruned = new ArrayList<>(inputs.size());
    boolean changed = false;
    for (int i = 0; i < inputs.size(); i++) {
      RelNode in = prune(inputs.get(i), needs.get(i));
      changed |= in != inputs.get(i);
      pruned.add(in);
    }
    return changed ? rel.copy(rel.getTraitSet(), pruned) : rel;
  }

  /** The fields of each input that {@code rel} reads to produce its fields {@code used}. */
  private static List<ImmutableBitSet> inputNeeds(RelNode rel, ImmutableBitSet used) {
    if (rel instanceof Project p) {
      List<RexNode> exprs = new ArrayList<>();
      used.forEach(i -> exprs.add(p.getProjects().get(i)));
      return List.of(RelOptUtil.InputFinder.bits(exprs, null));
    }
    if (rel instanceof Calc c) {
      return List.of(calcNeeds(c.getProgram(), used));
    }
    if (rel instanceof Filter f) {
      return List.of(used.union(RelOptUtil.InputFinder.bits(f.getCondition())));
    }
    if (rel instanceof Sort s) {
      return List.of(used.union(keys(s.getCollation().getFieldCollations())));
    }
    if (rel instanceof EnumerableLimit) {
      return List.of(used);
    }
    if (rel instanceof Aggregate a) {
      return List.of(aggregateNeeds(a));
    }
    if (rel instanceof Join j && !(rel instanceof EnumerableBatchNestedLoopJoin)) {
      return joinNeeds(j, used);
    }
    if (rel instanceof Correlate c) {
      int left = c.getLeft().getRowType().getFieldCount();
      ImmutableBitSet.Builder l = c.getRequiredColumns().rebuild();
      ImmutableBitSet.Builder r = ImmutableBitSet.builder();
      split(used, left, c.getJoinType().projectsRight(), l, r);
      return List.of(l.build(), c.getJoinType().projectsRight() ? r.build() : all(c.getRight()));
    }
    List<ImmutableBitSet> all = new ArrayList<>();
    rel.getInputs().forEach(in -> all.add(all(in)));
    return all;
  }

  private static ImmutableBitSet calcNeeds(RexProgram program, ImmutableBitSet used) {
    List<RexNode> exprs = new ArrayList<>();
    List<RexLocalRef> projects = program.getProjectList();
    used.forEach(i -> exprs.add(program.expandLocalRef(projects.get(i))));
    if (program.getCondition() != null) {
      exprs.add(program.expandLocalRef(program.getCondition()));
    }
    return RelOptUtil.InputFinder.bits(exprs, null);
  }

  private static ImmutableBitSet aggregateNeeds(Aggregate a) {
    ImmutableBitSet.Builder b = a.getGroupSet().rebuild();
    for (AggregateCall call : a.getAggCallList()) {
      b.addAll(call.getArgList());
      if (call.filterArg >= 0) {
        b.set(call.filterArg);
      }
      b.addAll(keys(call.collation.getFieldCollations()));
      if (call.distinctKeys != null) {
        b.addAll(call.distinctKeys);
      }
      b.addAll(RelOptUtil.InputFinder.bits(call.rexList, null));
    }
    return b.build();
  }

  private static List<ImmutableBitSet> joinNeeds(Join j, ImmutableBitSet used) {
    int left = j.getLeft().getRowType().getFieldCount();
    ImmutableBitSet.Builder l = ImmutableBitSet.builder();
    ImmutableBitSet.Builder r = ImmutableBitSet.builder();
    boolean projectsRight = j.getJoinType().projectsRight();
    split(used, left, projectsRight, l, r);
    split(RelOptUtil.InputFinder.bits(j.getCondition()), left, true, l, r);
    return List.of(l.build(), r.build());
  }

  /** Sorts fields of a join's row (left fields first) into its inputs' fields. */
  private static void split(ImmutableBitSet fields, int left, boolean right, ImmutableBitSet.Builder l,
      ImmutableBitSet.Builder r) {
    fields.forEach(i -> {
      if (i < left) {
        l.set(i);
      } else if (right) {
        r.set(i - left);
      }
    });
  }

  private static ImmutableBitSet keys(List<RelFieldCollation> collations) {
    ImmutableBitSet.Builder b = ImmutableBitSet.builder();
    collations.forEach(fc -> b.set(fc.getFieldIndex()));
    return b.build();
  }

  private static ImmutableBitSet all(RelNode rel) {
    return ImmutableBitSet.range(rel.getRowType().getFieldCount());
  }
}
