package org.stripesql.mirror;

import java.lang.reflect.Type;
import java.util.List;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.adapter.enumerable.NullPolicy;
import org.apache.calcite.adapter.enumerable.RexImpTable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.TableFunction;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.mirror.sync.Verifier;

/**
 * {@code MirrorVerify('table')}: verifies a mirrored table against a live scan when the statement runs
 * (never while it is planned) and returns what it found, as the scheduled verification does; only a table
 * the schema's key has been shown to read.
 */
public final class VerifyFunction implements TableFunction, ImplementableFunction {
  static final String NAME = "MirrorVerify";
  private final String key;

  /** @param key the schema's key (its digest), with which the table must be readable */
  VerifyFunction(String key) {
    this.key = key;
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return List.of(new FunctionParameter() {
      @Override
      public int getOrdinal() {
        return 0;
      }

      @Override
      public String getName() {
        return "table";
      }

      @Override
      public RelDataType getType(RelDataTypeFactory tf) {
        return tf.createSqlType(SqlTypeName.VARCHAR);
      }

      @Override
      public boolean isOptional() {
        return false;
      }
    });
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory tf, List<? extends Object> arguments) {
    return tf.builder()
        .add("table_name", SqlTypeName.VARCHAR)
        .add("store_rows", SqlTypeName.BIGINT)
        .add("live_rows", SqlTypeName.BIGINT)
        .add("differing_rows", SqlTypeName.BIGINT)
        .add("drift", SqlTypeName.VARCHAR)
        .build();
  }

  @Override
  public Type getElementType(List<? extends Object> arguments) {
    return Object[].class;
  }

  @Override
  public CallImplementor getImplementor() {
    return RexImpTable.createImplementor((translator, call, operands) -> Expressions.call(VerifyFunction.class,
        "rows", Expressions.constant(key), Expressions.convert_(operands.get(0), Object.class)),
        NullPolicy.NONE, false);
  }

  /** Runs a verification; called by the generated code. */
  public static Enumerable<Object[]> rows(String key, Object table) {
    if (table == null) {
      throw new IllegalArgumentException("MirrorVerify needs a table name, e.g. MirrorVerify('charges')");
    }
    Verifier.Outcome o = MirrorModule.verify(key, table.toString());
    return Linq4j.asEnumerable(List.<Object[]>of(new Object[] {o.table(), o.storeRows(), o.liveRows(), o.differing(),
        o.drift()}));
  }
}
