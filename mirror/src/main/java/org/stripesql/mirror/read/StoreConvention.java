package org.stripesql.mirror.read;

import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.sql.SqlDialect;

/**
 * The calling convention of one mirror's store: Calcite's JDBC convention with {@link StoreRules} in place of
 * Calcite's JdbcRules, so only what the store evaluates exactly as Calcite does reaches its SQL.
 */
public final class StoreConvention extends JdbcConvention {
  public StoreConvention(SqlDialect dialect, Expression expression, String name) {
    super(dialect, expression, name);
  }

  @Override
  public void register(RelOptPlanner planner) {
    StoreRules.rules(this).forEach(planner::addRule);
  }
}
