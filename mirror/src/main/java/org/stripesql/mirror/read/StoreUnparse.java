package org.stripesql.mirror.read;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/** What both stores' dialects write alike, and differently from Calcite's own dialects for them. */
final class StoreUnparse {
  static final SqlParserPos POS = SqlParserPos.ZERO;
  private static final RelDataTypeFactory TYPES = new JavaTypeFactoryImpl();
  private static final RexBuilder REX = new RexBuilder(TYPES);

  private StoreUnparse() {}

  /**
   * An expression as the store's SQL needs it: a TIMESTAMP or DATE parameter as the conversion of the
   * number Calcite binds (milliseconds, days), and a cast that changes no value (a nullability, a longer
   * VARCHAR: Calcite adds such casts itself) as its operand, which every store reads alike.
   */
  static RexNode prepare(RexNode rex) {
    RexNode e = rex;
    while (true) {
      if (e instanceof RexDynamicParam p && p.getType().getSqlTypeName() == SqlTypeName.TIMESTAMP) {
        return REX.makeCall(StoreOperators.TIMESTAMP_FROM_MILLIS,
            new RexDynamicParam(TYPES.createSqlType(SqlTypeName.BIGINT), p.getIndex()));
      }
      if (e instanceof RexDynamicParam p && p.getType().getSqlTypeName() == SqlTypeName.DATE) {
        return REX.makeCall(StoreOperators.DATE_FROM_DAYS,
            new RexDynamicParam(TYPES.createSqlType(SqlTypeName.INTEGER), p.getIndex()));
      }
      if (e.getKind() == SqlKind.CAST && e instanceof RexCall c
          && StoreFunctions.isNoOp(c.getOperands().get(0).getType(), c.getType())
          && !(c.getOperands().get(0) instanceof RexLiteral)) {
        e = c.getOperands().get(0);
        continue;
      }
      return e;
    }
  }

  /** {@code INTERVAL '-30' DAY}: the sign inside the quotes, no precision (Calcite writes {@code -'30'}). */
  static boolean interval(SqlWriter writer, SqlIntervalLiteral literal) {
    SqlIntervalLiteral.IntervalValue v = literal.getValueAs(SqlIntervalLiteral.IntervalValue.class);
    if (!v.getIntervalQualifier().isSingleDatetimeField()) {
      return false;
    }
    writer.keyword("INTERVAL");
    writer.literal("'" + (v.getSign() == -1 ? "-" : "") + v.getIntervalLiteral() + "'");
    writer.keyword(v.getIntervalQualifier().getStartUnit().name());
    return true;
  }

  /** A string literal with only its quotes doubled: both stores read UTF-8 text as it is. */
  static void quote(StringBuilder buf, String value) {
    buf.append('\'').append(value.replace("'", "''")).append('\'');
  }

  /**
   * The store's SQL for a call: {@code template} with {@code {0}}, {@code {1}} ... replaced by the operands
   * written in the store's dialect.
   */
  static SqlCall template(String template, SqlNode... operands) {
    return new Template(template).createCall(POS, operands);
  }

  /** An operator that writes its template. */
  private static final class Template extends SqlSpecialOperator {
    private static final Pattern OPERAND = Pattern.compile("\\{(\\d)}");
    private final String template;

    Template(String template) {
      super("STORE_SQL", SqlKind.OTHER_FUNCTION);
      this.template = template;
    }

    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
      Matcher m = OPERAND.matcher(template);
      int at = 0;
      while (m.find()) {
        writer.print(template.substring(at, m.start()));
        call.operand(Integer.parseInt(m.group(1))).unparse(writer, 0, 0);
        at = m.end();
      }
      writer.print(template.substring(at));
      writer.setNeedWhitespace(true);
    }
  }

  /** The path operand of a JSON operator (a literal the rules checked), as a literal of the store's notation. */
  static SqlNode path(SqlCall call, Function<JsonPath, String> notation) {
    String text = ((SqlLiteral) call.operand(1)).getValueAs(String.class);
    JsonPath path = JsonPath.parse(text).orElseThrow(() -> new IllegalStateException("not a store JSON path: " + text));
    return SqlLiteral.createCharString(notation.apply(path), POS);
  }
}
