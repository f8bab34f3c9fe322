package org.stripesql.adapter;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Types;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.util.Holder;
import org.stripesql.adapter.config.Operand;
import org.stripesql.adapter.scan.ScanBudget;
import org.stripesql.adapter.scan.StatementWarnings;

/**
 * Stops a statement that runs past QueryTimeout (or is cancelled) even while Calcite alone works (a
 * recursive CTE, a huge cross join, REPEAT over many rows): every input of every operator of the final
 * plan passes through one of these, which checks the statement's budget before each row. Invisible in
 * EXPLAIN. How it is put into plans, and what it cannot stop: docs/design.md.
 */
public final class StatementCheckpoint extends SingleRel implements EnumerableRel {
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  private static final Method GUARD = Types.lookupMethod(StatementCheckpoint.class, "guard", Enumerable.class,
      DataContext.class, String.class);
  /**
   * The last steps of every statement's optimization: tells Stripe scans the columns the plan reads, puts
   * the mirrored tables' routes into the plan, then checkpoints.
   */
  private static final Program INSERT = (planner, rel, traits, materializations, lattices) ->
      root(insert(MirrorRoutes.annotate(ScanColumns.prune(rel))));

  /** What the operator above keeps of this input's rows. */
  private final HeldRows held;

  private StatementCheckpoint(RelOptCluster cluster, RelTraitSet traits, RelNode input, HeldRows held) {
    super(cluster, traits, input);
    this.held = held;
  }

  /** Adds the insertion to Calcite's optimization of every statement in the process, once. */
  static void install() {
    if (INSTALLED.compareAndSet(false, true)) {
      Hook.PROGRAM.add((Consumer<Holder<Program>>) holder ->
          holder.set(Programs.sequence(holder.get() != null ? holder.get() : Programs.standard(), INSERT)));
    }
  }

  /**
   * {@code rel} with a checkpoint on every input of an enumerable operator, charging the rows the operator
   * keeps ({@link HeldRows}) to the statement's memory budget.
   */
  static RelNode insert(RelNode rel) {
    List<RelNode> inputs = rel.getInputs();
    if (inputs.isEmpty()) {
      return rel;
    }
    List<RelNode> guarded = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      RelNode in = insert(inputs.get(i));
      if (rel instanceof EnumerableRel && in instanceof EnumerableRel && !(in instanceof StatementCheckpoint)) {
        in = new StatementCheckpoint(in.getCluster(), in.getTraitSet(), in, HeldRows.of(rel, i));
      }
      guarded.add(in);
    }
    return rel.copy(rel.getTraitSet(), guarded);
  }

  /** The plan with a checkpoint above its root too, so rows sent to the client are checked as well. */
  static RelNode root(RelNode rel) {
    return rel instanceof EnumerableRel && !(rel instanceof StatementCheckpoint)
        ? new StatementCheckpoint(rel.getCluster(), rel.getTraitSet(), rel, HeldRows.NONE) : rel;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StatementCheckpoint(getCluster(), traitSet, sole(inputs), held);
  }

  /** Shows its input in its place: EXPLAIN prints the plan as the planner chose it. */
  @Override
  public void explain(RelWriter pw) {
    getInput().explain(pw);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return planner.getCostFactory().makeZeroCost();
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), pref);
    BlockBuilder block = new BlockBuilder();
    Expression rows = block.append("child", input.block);
    block.add(Expressions.return_(null, Expressions.call(GUARD, rows, implementor.getRootExpression(),
        Expressions.constant(held.spec()))));
    return implementor.result(input.physType, block.toBlock());
  }

  /**
   * The statement's budget, shared with its Stripe scans: with the QueryTimeout and MaxPagesPerQuery of
   * the connection's default schema when that is a Stripe schema, else of its first Stripe schema, else
   * the operands' defaults.
   */
  static ScanBudget budgetOf(DataContext root) {
    StripeSchema schema = stripeSchemaOf(root);
    if (schema != null) {
      return schema.statementBudget(root);
    }
    double seconds = Double.parseDouble(Operand.QUERY_TIMEOUT.defaultValue(false));
    return ScanBudget.forExecution(root, 0, Duration.ofMillis((long) (seconds * 1000)));
  }

  private static StripeSchema stripeSchemaOf(DataContext root) {
    SchemaPlus rootSchema = root.getRootSchema();
    if (rootSchema == null) {
      return null;
    }
    String name = null;
    if (root.getQueryProvider() instanceof CalciteConnection connection) {
      try {
        name = connection.getSchema();
      } catch (SQLException e) {
        name = null;
      }
    }
    StripeSchema preferred = name == null ? null : stripeSchema(rootSchema.subSchemas().get(name));
    if (preferred != null) {
      return preferred;
    }
    for (String other : rootSchema.subSchemas().getNames(LikePattern.any())) {
      StripeSchema s = stripeSchema(rootSchema.subSchemas().get(other));
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  private static StripeSchema stripeSchema(SchemaPlus schema) {
    if (schema == null) {
      return null;
    }
    try {
      return schema.unwrap(StripeSchema.class);
    } catch (ClassCastException e) {
      return null;
    }
  }

  /**
   * The rows of {@code input}, each read only while the statement may still run, those the operator above
   * keeps ({@code held}, a {@link HeldRows#spec()}) charged to its memory budget; called by generated code.
   */
  public static <T> Enumerable<T> guard(Enumerable<T> input, DataContext root, String held) {
    StatementWarnings.executionStarts(root);   // every plan has a checkpoint: an earlier execution's warnings go
    ScanBudget budget = budgetOf(root);
    HeldRows kept = HeldRows.parse(held);
    StatementMemory memory = kept.kind() == HeldRows.Kind.NONE ? null : StatementMemory.of(root);
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<T> enumerator() {
        Enumerator<T> in = input.enumerator();
        Charges charges = memory == null ? null : new Charges(kept, memory);
        return new Enumerator<>() {
          @Override
          public T current() {
            return in.current();
          }

          @Override
          public boolean moveNext() {
            budget.check();
            boolean more = in.moveNext();
            if (!more) {
              budget.check();   // an input cut short by the cancel flag (a recursive CTE's) is no end of rows
            } else if (charges != null) {
              charges.row(in.current());
            }
            return more;
          }

          @Override
          public void reset() {
            in.reset();
          }

          @Override
          public void close() {
            in.close();
          }
        };
      }
    };
  }

  /** Charges the rows one enumeration of an input hands to an operator that keeps them. */
  private static final class Charges {
    /** What a kept row costs beyond itself: the operator's map or list entry. */
    private static final long ENTRY = 48;
    /** The key of a group whose key is null (HashSet takes nulls, but a list key would not tell them apart). */
    private static final Object NULL_KEY = new Object();
    private final HeldRows kept;
    private final StatementMemory memory;
    private final Set<Object> groups;
    private long rows;

    Charges(HeldRows kept, StatementMemory memory) {
      this.kept = kept;
      this.memory = memory;
      this.groups = kept.kind() == HeldRows.Kind.GROUPS ? new HashSet<>() : null;
    }

    void row(Object row) {
      switch (kept.kind()) {
        case ALL -> memory.charge(StatementMemory.sizeOf(row) + ENTRY);
        case FIRST -> {
          if (rows++ < kept.n()) {
            memory.charge(StatementMemory.sizeOf(row) + ENTRY);
          }
        }
        case GROUPS -> {
          if (groups.add(key(row))) {   // a new group: its key and accumulators, about the row's size
            memory.charge((StatementMemory.sizeOf(row) + ENTRY) * Math.max(1, kept.n()));
          }
        }
        default -> { }
      }
    }

    private Object key(Object row) {
      if (!(row instanceof Object[] fields)) {
        return row == null ? NULL_KEY : row;
      }
      int[] keys = kept.keys();
      if (keys.length == 1) {
        Object k = fields[keys[0]];
        return k == null ? NULL_KEY : k;
      }
      Object[] k = new Object[keys.length];
      for (int i = 0; i < keys.length; i++) {
        k[i] = fields[keys[i]];
      }
      return Arrays.asList(k);
    }
  }
}
