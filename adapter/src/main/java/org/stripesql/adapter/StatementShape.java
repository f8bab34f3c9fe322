package org.stripesql.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.util.SqlString;

/**
 * A query's shape: its text with every string literal as {@code ?}, and those literals in order, so
 * that statements differing only in string literals share a cached plan ({@link CachingPrepare}). Null
 * for what is not a query or uses a function of the time (its plan holds the time it was planned at).
 */
record StatementShape(String key, List<String> literals) {
  /** Functions whose value is the time of the call (some libraries' names are resolved only later). */
  private static final Set<String> TIME_FUNCTIONS = Set.of("NOW", "CURRENT_DATE", "CURRENT_TIME",
      "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP", "SYSDATE", "SYSTIMESTAMP", "GETDATE", "CURRENT_DATETIME",
      "UNIX_TIMESTAMP", "TRANSACTION_TIMESTAMP", "STATEMENT_TIMESTAMP", "CLOCK_TIMESTAMP", "TODAY", "RAND",
      "RANDOM", "RAND_INTEGER", "UUID", "GEN_RANDOM_UUID");

  private static String name(String s) {
    return s == null ? "" : s.toUpperCase(Locale.ROOT);
  }
  static StatementShape of(String sql, CalciteConnectionConfig config) {
    SqlNode node;
    try {
      node = SqlParser.create(sql, parserConfig(config)).parseStmt();
    } catch (SqlParseException | RuntimeException e) {
      return null;   // Calcite reports it when it prepares
    }
    if (!node.getKind().belongsTo(SqlKind.QUERY)) {
      return null;
    }
    List<String> literals = new ArrayList<>();
    boolean[] timeDependent = {false};
    SqlNode shaped;
    try {
      shaped = node.accept(new SqlShuttle() {
        @Override
        public SqlNode visit(SqlLiteral literal) {
          if (literal instanceof SqlCharStringLiteral s) {
            literals.add(s.getValueAs(String.class));
            return new SqlDynamicParam(literals.size() - 1, literal.getParserPosition());
          }
          return literal;
        }

        @Override
        public SqlNode visit(SqlDynamicParam param) {
          // the statement's own parameters print as ? too: numbered apart from the literals in the key
          return new SqlDynamicParam(-1 - param.getIndex(), param.getParserPosition());
        }

        @Override
        public SqlNode visit(SqlCall call) {
          if (call.getOperator().isDynamicFunction() || TIME_FUNCTIONS.contains(name(call.getOperator().getName()))) {
            timeDependent[0] = true;
          }
          return super.visit(call);
        }

        @Override
        public SqlNode visit(SqlIdentifier id) {
          if (id.isSimple() && TIME_FUNCTIONS.contains(name(id.getSimple()))) {
            timeDependent[0] = true;
          }
          return id;
        }
      });
    } catch (RuntimeException e) {
      return null;
    }
    if (timeDependent[0] || shaped == null) {
      return null;
    }
    String key;
    try {
      SqlString text = shaped.toSqlString(CalciteSqlDialect.DEFAULT);
      key = text.getSql() + " " + text.getDynamicParameters();   // which ? is a literal, which a parameter
    } catch (RuntimeException e) {
      return null;
    }
    return new StatementShape(key, List.copyOf(literals));
  }

  /** The parser settings Calcite prepares the connection's statements with. */
  private static SqlParser.Config parserConfig(CalciteConnectionConfig config) {
    SqlParser.Config c = SqlParser.config()
        .withQuotedCasing(config.quotedCasing())
        .withUnquotedCasing(config.unquotedCasing())
        .withQuoting(config.quoting())
        .withConformance(config.conformance())
        .withCaseSensitive(config.caseSensitive());
    SqlParserImplFactory factory = config.parserFactory(SqlParserImplFactory.class, null);
    return factory == null ? c : c.withParserFactory(factory);
  }
}
