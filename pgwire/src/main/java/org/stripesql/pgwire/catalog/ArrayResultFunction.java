package org.stripesql.pgwire.catalog;

import java.util.List;
import org.apache.calcite.adapter.enumerable.CallImplementor;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableFunction;
import org.apache.calcite.schema.ScalarFunction;
import org.apache.calcite.sql.type.SqlTypeName;

/** A Java method returning a {@code List} as a function of an SQL array type (Calcite would say ANY ARRAY). */
final class ArrayResultFunction implements ScalarFunction, ImplementableFunction {
  private final ScalarFunction function;
  private final SqlTypeName element;

  ArrayResultFunction(ScalarFunction function, SqlTypeName element) {
    this.function = function;
    this.element = element;
  }

  @Override
  public RelDataType getReturnType(RelDataTypeFactory f) {
    return f.createTypeWithNullability(f.createArrayType(
        f.createTypeWithNullability(f.createSqlType(element), true), -1), true);
  }

  @Override
  public List<FunctionParameter> getParameters() {
    return function.getParameters();
  }

  @Override
  public CallImplementor getImplementor() {
    return ((ImplementableFunction) function).getImplementor();
  }
}
