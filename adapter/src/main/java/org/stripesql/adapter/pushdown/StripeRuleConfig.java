package org.stripesql.adapter.pushdown;

import java.util.function.Function;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.tools.RelBuilderFactory;

/**
 * A plain implementation of {@link RelRule.Config} for the adapter's rules, so they need no
 * annotation processor: description, operands and the rule's constructor.
 */
final class StripeRuleConfig implements RelRule.Config {
  private final String description;
  private final RelRule.OperandTransform operands;
  private final RelBuilderFactory relBuilderFactory;
  private final Function<StripeRuleConfig, RelOptRule> factory;

  StripeRuleConfig(String description, RelRule.OperandTransform operands,
      Function<StripeRuleConfig, RelOptRule> factory) {
    this(description, operands, RelFactories.LOGICAL_BUILDER, factory);
  }

  private StripeRuleConfig(String description, RelRule.OperandTransform operands,
      RelBuilderFactory relBuilderFactory, Function<StripeRuleConfig, RelOptRule> factory) {
    this.description = description;
    this.operands = operands;
    this.relBuilderFactory = relBuilderFactory;
    this.factory = factory;
  }

  @Override
  public RelOptRule toRule() {
    return factory.apply(this);
  }

  @Override
  public RelBuilderFactory relBuilderFactory() {
    return relBuilderFactory;
  }

  @Override
  public RelRule.Config withRelBuilderFactory(RelBuilderFactory f) {
    return new StripeRuleConfig(description, operands, f, factory);
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public RelRule.Config withDescription(String d) {
    return new StripeRuleConfig(d, operands, relBuilderFactory, factory);
  }

  @Override
  public RelRule.OperandTransform operandSupplier() {
    return operands;
  }

  @Override
  public RelRule.Config withOperandSupplier(RelRule.OperandTransform t) {
    return new StripeRuleConfig(description, t, relBuilderFactory, factory);
  }
}
