package org.stripesql.mirror.read;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcToEnumerableConverter;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Calcite's converter from a store's SQL to its rows, priced by what crosses it: rows times columns. With
 * Calcite's price (rows only), reading every column of a wide table and computing above costs the same as
 * reading three, so the planner would rather not push a projection or a filter that leaves a check above
 * ({@link JsonGuard}).
 */
final class StoreToEnumerableConverter extends JdbcToEnumerableConverter {
  /** Per row: the conversion itself, and each column read (Calcite's converter costs 0.1 per row). */
  private static final double PER_ROW = 0.1;
  private static final double PER_COLUMN = 0.02;

  StoreToEnumerableConverter(RelOptCluster cluster, RelTraitSet traits, RelNode input) {
    super(cluster, traits, input);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StoreToEnumerableConverter(getCluster(), traitSet, sole(inputs));
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = mq.getRowCount(getInput());
    double perRow = PER_ROW + PER_COLUMN * getRowType().getFieldCount();
    return planner.getCostFactory().makeCost(rows * perRow, rows * perRow, 0);
  }

  /** The same operator as Calcite's, named as EXPLAIN always showed it. */
  @Override
  public String getRelTypeName() {
    return JdbcToEnumerableConverter.class.getSimpleName();
  }

  /** The rule that puts the converter between a store's operators and Calcite's. */
  static final class Rule extends ConverterRule {
    static Rule of(JdbcConvention out) {
      return (Rule) Config.INSTANCE.withConversion(RelNode.class, out, EnumerableConvention.INSTANCE,
          "StoreToEnumerableConverterRule").withRuleFactory(Rule::new).toRule();
    }

    private Rule(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      return new StoreToEnumerableConverter(rel.getCluster(), rel.getTraitSet().replace(getOutTrait()), rel);
    }
  }
}
