package org.stripesql.adapter;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
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
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.stripesql.adapter.mirror.MirrorRoute;
import org.stripesql.adapter.mirror.MirrorStaleException;

/**
 * A read of the mirror's store (the JDBC subtree below it): EXPLAIN shows which mirrored tables it reads and
 * how old their copies were when the statement was planned, and each time the plan runs it checks that they
 * are still fresh enough for the connection. A plan prepared once and run later (a JDBC or PostgreSQL
 * prepared statement) thus never reads a copy the connection would no longer accept: it fails with
 * {@link MirrorStaleException} (SQLSTATE 55000), and preparing it again reads Stripe.
 */
public final class MirrorRead extends SingleRel implements EnumerableRel {
  private static final Method GUARD = Types.lookupMethod(MirrorRead.class, "guard", Enumerable.class,
      DataContext.class, String[][].class, String[].class);
  private final List<List<String>> tables;
  private final List<String> versions;
  private final List<String> notes;

  private MirrorRead(RelOptCluster cluster, RelTraitSet traits, RelNode input, List<List<String>> tables,
      List<String> versions, List<String> notes) {
    super(cluster, traits, input);
    this.tables = List.copyOf(tables);
    this.versions = List.copyOf(versions);
    this.notes = List.copyOf(notes);
  }

  static MirrorRead create(RelNode storeRead, List<MirrorRoutes.Decision> decisions) {
    List<List<String>> tables = new ArrayList<>();
    List<String> versions = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (MirrorRoutes.Decision d : decisions) {
      tables.add(d.table());
      versions.add(d.route().version());
      notes.add(d.table().get(d.table().size() - 1) + ": " + d.route().note());
    }
    return new MirrorRead(storeRead.getCluster(), storeRead.getTraitSet(), storeRead, tables, versions, notes);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new MirrorRead(getCluster(), traitSet, sole(inputs), tables, versions, notes);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("mirror", String.join("; ", notes));
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
    List<Expression> names = new ArrayList<>();
    for (List<String> t : tables) {
      names.add(Expressions.newArrayInit(String.class, t.stream().map(Expressions::constant).toList()));
    }
    block.add(Expressions.return_(null, Expressions.call(GUARD, rows, implementor.getRootExpression(),
        Expressions.newArrayInit(String.class, 2, names),
        Expressions.newArrayInit(String.class, versions.stream().map(Expressions::constant).toList()))));
    return implementor.result(input.physType, block.toBlock());
  }

  /** The store's rows, once each table is found still fresh enough for the connection; called by generated code. */
  public static <T> Enumerable<T> guard(Enumerable<T> input, DataContext root, String[][] tables,
      String[] versions) {
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<T> enumerator() {
        for (int i = 0; i < tables.length; i++) {
          String[] path = tables[i];
          MirroredTable m = find(root.getRootSchema(), path);
          MirrorRoute now = m == null ? null : m.route();
          if (now != null && !now.fromStore()) {
            throw new MirrorStaleException("the statement was planned to read table " + String.join(".", path)
                + " from the mirror, which can no longer answer it (" + now.note() + "); prepare the statement"
                + " again", true);
          }
          if (now != null && !now.version().equals(versions[i])) {
            throw new MirrorStaleException("the statement was planned to read table " + String.join(".", path)
                + " from the mirror as it was then (" + versions[i] + "), which has changed since (" + now.version()
                + "); prepare the statement again", true);
          }
        }
        return input.enumerator();
      }
    };
  }

  private static MirroredTable find(SchemaPlus root, String[] path) {
    SchemaPlus s = root;
    for (int i = 0; s != null && i < path.length - 1; i++) {
      s = s.subSchemas().get(path[i]);
    }
    Table t = s == null ? null : s.tables().get(path[path.length - 1]);
    return t instanceof MirroredTable m ? m : null;
  }
}
