package org.stripesql.pgwire.session;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.JoinAssociateRule;
import org.apache.calcite.rel.rules.JoinCommuteRule;
import org.apache.calcite.rel.rules.JoinPushThroughJoinRule;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.Holder;
import org.stripesql.pgwire.catalog.CatalogBuilder;

/**
 * Plans catalog queries with a heuristic join order. Clients' catalog queries join up to nine catalog
 * relations, and Calcite's exhaustive join reordering takes tens of seconds to plan what runs in
 * milliseconds over in-memory rows. A query that reads only catalog relations has its joins ordered by
 * Calcite's LoptOptimizeJoinRule and is then planned without reordering; a query that reads a Stripe table
 * keeps Calcite's standard planning, so its Stripe requests are those of the Avatica gateway. Every query
 * first gets PostgreSQL's reading of string literals ({@link PgLiterals}).
 */
final class CatalogPlanning implements AutoCloseable {
  private static final HepProgram JOIN_ORDER = new HepProgramBuilder()
      .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
      .addRuleInstance(CoreRules.JOIN_CONDITION_PUSH)
      .addMatchOrder(HepMatchOrder.BOTTOM_UP)
      .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
      .addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE)
      .build();

  private final Hook.Closeable trimmed;
  private final Hook.Closeable program;
  private boolean catalogOnly;

  private CatalogPlanning() {
    this.trimmed = Hook.TRIMMED.addThread((RelNode rel) -> catalogOnly = onlyCatalog(rel));
    this.program = Hook.PROGRAM.addThread((Holder<Program> holder) -> {
      boolean catalog = catalogOnly;
      // the program as the adapter set it (standard, then its scan columns and statement checkpoints)
      Program usual = holder.get() != null ? holder.get() : Programs.standard();
      holder.set((planner, rel, traits, materializations, lattices) -> {
        RelNode fixed = PgLiterals.apply(rel);
        return catalog ? plan(planner, fixed, traits, materializations, lattices)
            : usual.run(planner, fixed, traits, materializations, lattices);
      });
    });
  }

  /** Installs the hooks on this thread until closed. */
  static CatalogPlanning onThisThread() {
    return new CatalogPlanning();
  }

  /** Calcite's standard program, with the heuristic join order in place of the search of all orders. */
  private static RelNode plan(RelOptPlanner planner, RelNode input, RelTraitSet traits,
      List<RelOptMaterialization> materializations, List<RelOptLattice> lattices) {
    RelNode rel = Programs.subQuery(DefaultRelMetadataProvider.INSTANCE)
        .run(planner, input, traits, materializations, lattices);
    RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null);
    rel = RelDecorrelator.decorrelateQuery(rel, builder);
    rel = new RelFieldTrimmer(null, builder).trim(rel);
    HepPlanner hep = new HepPlanner(JOIN_ORDER);
    hep.setRoot(rel);
    rel = hep.findBestExp();
    List<RelOptRule> reorder = new ArrayList<>();
    for (RelOptRule r : planner.getRules()) {
      if (r instanceof JoinCommuteRule || r instanceof JoinAssociateRule || r instanceof JoinPushThroughJoinRule) {
        reorder.add(r);
      }
    }
    reorder.forEach(planner::removeRule);
    planner.setRoot(rel.getTraitSet().equals(traits) ? rel : planner.changeTraits(rel, traits));
    rel = planner.findBestExp();
    return Programs.calc(DefaultRelMetadataProvider.INSTANCE).run(planner, rel, traits, materializations, lattices);
  }

  private static boolean onlyCatalog(RelNode rel) {
    boolean[] stripe = {false};
    boolean[] any = {false};
    rel.accept(new RelShuttleImpl() {
      @Override
      public RelNode visit(TableScan scan) {
        any[0] = true;
        if (!CatalogBuilder.isCatalogTable(scan.getTable().getQualifiedName())) {
          stripe[0] = true;
        }
        return super.visit(scan);
      }
    });
    return any[0] && !stripe[0];
  }

  @Override
  public void close() {
    trimmed.close();
    program.close();
  }
}
