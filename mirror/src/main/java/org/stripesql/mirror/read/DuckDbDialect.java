package org.stripesql.mirror.read;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;

/**
 * DuckDB as a mirror's store: Calcite's DuckDB dialect, told what DuckDB evaluates as Calcite does
 * ({@link StoreFunctions}) and writing what Calcite's dialect writes in a form DuckDB cannot parse or
 * reads otherwise: no character sets, UTF-8 string literals as they are, intervals with their sign inside
 * the quotes, timestamps without a precision, and the store operators in DuckDB's functions.
 */
public final class DuckDbDialect extends DuckDBSqlDialect {
  public static final DuckDbDialect INSTANCE = new DuckDbDialect();

  private DuckDbDialect() {
    super(DuckDBSqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public boolean supportsFunction(SqlOperator operator, RelDataType type, List<RelDataType> paramTypes) {
    return StoreFunctions.supports(operator, type, paramTypes);
  }

  @Override
  public boolean supportsAggregateFunction(SqlKind kind) {
    return StoreFunctions.aggregate(kind);
  }

  @Override
  public boolean supportsCharSet() {
    return false;
  }

  @Override
  public boolean supportsTimestampPrecision() {
    return false;
  }

  @Override
  public RexNode prepareUnparse(RexNode rexNode) {
    return StoreUnparse.prepare(rexNode);
  }

  @Override
  public void quoteStringLiteral(StringBuilder buf, String charsetName, String val) {
    StoreUnparse.quote(buf, val);
  }

  @Override
  public void quoteStringLiteralUnicode(StringBuilder buf, String val) {
    StoreUnparse.quote(buf, val);
  }

  @Override
  public void unparseSqlIntervalLiteral(SqlWriter writer, SqlIntervalLiteral literal, int leftPrec, int rightPrec) {
    if (!StoreUnparse.interval(writer, literal)) {
      super.unparseSqlIntervalLiteral(writer, literal, leftPrec, rightPrec);
    }
  }

  @Override
  public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    SqlNode store = storeCall(call);
    if (store != null) {
      store.unparse(writer, leftPrec, rightPrec);
    } else {
      super.unparseCall(writer, call, leftPrec, rightPrec);
    }
  }

  /** The DuckDB form of a store operator's call; null for any other call. */
  private static SqlNode storeCall(SqlCall call) {
    SqlOperator op = call.getOperator();
    if (op == StoreOperators.TIMESTAMP_FROM_MILLIS) {
      return StoreUnparse.template("epoch_ms({0})", call.operand(0));
    }
    if (op == StoreOperators.DATE_FROM_DAYS) {
      return StoreUnparse.template("(DATE '1970-01-01' + CAST({0} AS INTEGER))", call.operand(0));
    }
    if (op == StoreOperators.JSON_STRING) {
      return StoreUnparse.template("CASE WHEN json_type({0}, {1}) = 'VARCHAR' THEN json_extract_string({0}, {1}) END",
          call.operand(0), StoreUnparse.path(call, JsonPath::duckDb));
    }
    if (op == StoreOperators.JSON_NUMBER_OR_BOOLEAN) {
      return StoreUnparse.template("json_type({0}, {1}) NOT IN ('VARCHAR', 'NULL', 'OBJECT', 'ARRAY')",
          call.operand(0), StoreUnparse.path(call, JsonPath::duckDb));
    }
    return null;
  }
}
