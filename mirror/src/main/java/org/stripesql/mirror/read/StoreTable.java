package org.stripesql.mirror.read;

import java.util.Set;
import org.apache.calcite.adapter.jdbc.JdbcTable;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.Wrapper;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;

/**
 * A mirrored table in the store as the planner reads it: the store's JDBC table, plus what the store's
 * column types do not say: which columns hold JSON text. {@link StoreRules} lets {@code JSON_VALUE}
 * reach the store only on those (their text is always valid JSON; any other text may not be).
 */
public final class StoreTable implements TranslatableTable, Wrapper {
  private final JdbcTable jdbc;
  private final Set<String> jsonColumns;

  public StoreTable(JdbcTable jdbc, Set<String> jsonColumns) {
    this.jdbc = jdbc;
    this.jsonColumns = Set.copyOf(jsonColumns);
  }

  /** Whether the column of this name holds JSON text. */
  public boolean isJson(String column) {
    return jsonColumns.contains(column);
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return jdbc.toRel(context, relOptTable);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return jdbc.getRowType(typeFactory);
  }

  @Override
  public Statistic getStatistic() {
    return jdbc.getStatistic();
  }

  @Override
  public Schema.TableType getJdbcTableType() {
    return jdbc.getJdbcTableType();
  }

  @Override
  public boolean isRolledUp(String column) {
    return false;
  }

  @Override
  public boolean rolledUpColumnValidInsideAgg(String column, SqlCall call, SqlNode parent,
      CalciteConnectionConfig config) {
    return true;
  }

  @Override
  public <C> C unwrap(Class<C> aClass) {
    return aClass.isInstance(this) ? aClass.cast(this) : jdbc.unwrap(aClass);
  }
}
