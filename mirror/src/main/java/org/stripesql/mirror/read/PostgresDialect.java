package org.stripesql.mirror.read;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;

/**
 * PostgreSQL as a mirror's store: Calcite's PostgreSQL dialect, told what PostgreSQL evaluates as Calcite
 * does ({@link StoreFunctions}) and writing what it would write otherwise: intervals with their sign
 * inside the quotes, LIKE without an escape character (PostgreSQL's default is the backslash, Calcite's
 * none), plain string literals, and the store operators in PostgreSQL's functions. Strings order as in
 * Calcite because the store's text columns use the "C" collation (StoreKind).
 */
public final class PostgresDialect extends PostgresqlSqlDialect {
  public static final PostgresDialect INSTANCE = new PostgresDialect();

  private PostgresDialect() {
    super(PostgresqlSqlDialect.DEFAULT_CONTEXT);
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
    } else if (call.getKind() == SqlKind.LIKE && call.operandCount() == 2) {
      SqlCall withoutEscape = call.getOperator().createCall(StoreUnparse.POS, call.operand(0), call.operand(1),
          SqlLiteral.createCharString("", StoreUnparse.POS));
      super.unparseCall(writer, withoutEscape, leftPrec, rightPrec);
    } else {
      super.unparseCall(writer, call, leftPrec, rightPrec);
    }
  }

  /** The PostgreSQL form of a store operator's call; null for any other call. */
  private static SqlNode storeCall(SqlCall call) {
    SqlOperator op = call.getOperator();
    if (op == StoreOperators.TIMESTAMP_FROM_MILLIS) {
      return StoreUnparse.template("(TIMESTAMP '1970-01-01 00:00:00' + {0} * INTERVAL '1 millisecond')",
          call.operand(0));
    }
    if (op == StoreOperators.DATE_FROM_DAYS) {
      return StoreUnparse.template("(DATE '1970-01-01' + CAST({0} AS INTEGER))", call.operand(0));
    }
    if (op == StoreOperators.JSON_STRING) {
      return StoreUnparse.template("CASE WHEN jsonb_typeof(CAST({0} AS jsonb) #> {1}) = 'string'"
          + " THEN CAST({0} AS jsonb) #>> {1} END", call.operand(0), StoreUnparse.path(call, PostgresDialect::path));
    }
    if (op == StoreOperators.JSON_NUMBER_OR_BOOLEAN) {
      return StoreUnparse.template("jsonb_typeof(CAST({0} AS jsonb) #> {1}) IN ('number', 'boolean')",
          call.operand(0), StoreUnparse.path(call, PostgresDialect::path));
    }
    return null;
  }

  /** A path as PostgreSQL's {@code #>} takes it: {@code {items,0,price}}. */
  private static String path(JsonPath p) {
    return "{" + String.join(",", p.steps()) + "}";
  }
}
