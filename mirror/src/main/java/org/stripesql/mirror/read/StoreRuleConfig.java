package org.stripesql.mirror.read;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.tools.RelBuilderFactory;

/** The configuration of a {@link StoreRules.StoreRule}: its name, what it matches and what it does. */
final class StoreRuleConfig implements RelRule.Config {
  private final String description;
  private final RelRule.OperandTransform operands;
  private final RelBuilderFactory relBuilderFactory;
  private final StoreRules.StoreRule.Action action;

  StoreRuleConfig(String description, RelRule.OperandTransform operands, StoreRules.StoreRule.Action action) {
    this(description, operands, RelFactories.LOGICAL_BUILDER, action);
  }

  private StoreRuleConfig(String description, RelRule.OperandTransform operands, RelBuilderFactory relBuilderFactory,
      StoreRules.StoreRule.Action action) {
    this.description = description;
    this.operands = operands;
    this.relBuilderFactory = relBuilderFactory;
    this.action = action;
  }

  StoreRules.StoreRule.Action action() {
    return action;
  }

  @Override
  public RelOptRule toRule() {
    return new StoreRules.StoreRule(this);
  }

  @Override
  public RelBuilderFactory relBuilderFactory() {
    return relBuilderFactory;
  }

  @Override
  public RelRule.Config withRelBuilderFactory(RelBuilderFactory f) {
    return new StoreRuleConfig(description, operands, f, action);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public RelRule.Config withDescription(String d) {
    return new StoreRuleConfig(d, operands, relBuilderFactory, action);
  }

  @Override
  public RelRule.OperandTransform operandSupplier() {
    return operands;
  }

  @Override
  public RelRule.Config withOperandSupplier(RelRule.OperandTransform t) {
    return new StoreRuleConfig(description, t, relBuilderFactory, action);
  }
}
