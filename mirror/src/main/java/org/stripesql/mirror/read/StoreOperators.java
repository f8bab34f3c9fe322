package org.stripesql.mirror.read;

import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;

/**
 * Operators that exist only in the SQL written for a store: each dialect writes them in its own
 * functions. Two convert a parameter from the form Calcite binds it in (a TIMESTAMP as milliseconds, a
 * DATE as days since 1970) to the store's type; two read JSON ({@link StoreRules} explains when).
 */
final class StoreOperators {
  private StoreOperators() {}

  /** An operator of the store's SQL, never of a plan Calcite itself executes. */
  static final class StoreOperator extends SqlFunction {
    StoreOperator(String name, SqlTypeName returns) {
      super(name, SqlKind.OTHER_FUNCTION, ReturnTypes.explicit(returns).andThen(SqlTypeTransforms.FORCE_NULLABLE),
          null, OperandTypes.ANY_ANY.or(OperandTypes.ANY), SqlFunctionCategory.SYSTEM);
    }
  }

  /** A TIMESTAMP from the milliseconds since 1970 Calcite binds a TIMESTAMP parameter as. */
  static final StoreOperator TIMESTAMP_FROM_MILLIS = new StoreOperator("TIMESTAMP_FROM_MILLIS", SqlTypeName.TIMESTAMP);

  /** A DATE from the days since 1970 Calcite binds a DATE parameter as. */
  static final StoreOperator DATE_FROM_DAYS = new StoreOperator("DATE_FROM_DAYS", SqlTypeName.DATE);

  /** The JSON string at a path of JSON text, unquoted; NULL when the path holds anything else or nothing. */
  static final StoreOperator JSON_STRING = new StoreOperator("JSON_STRING", SqlTypeName.VARCHAR);

  /**
   * Whether the path of JSON text holds a number or a boolean: JSON_VALUE gives their text as Java writes
   * it ({@code 1.50} becomes {@code 1.5}), which a store cannot reproduce.
   */
  static final StoreOperator JSON_NUMBER_OR_BOOLEAN = new StoreOperator("JSON_NUMBER_OR_BOOLEAN",
      SqlTypeName.BOOLEAN);
}
