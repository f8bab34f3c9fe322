package org.stripesql.pgwire.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Names a query's unnamed result columns as PostgreSQL does ({@code count}, {@code sum}, {@code version},
 * {@code ?column?}) instead of Calcite's {@code EXPR$0}: psql prints them as headers, clients read columns
 * by these names, and queries refer to a subquery's {@code count} by it. Only names that stay unique.
 */
final class ColumnNames {
  private ColumnNames() {
  }

  /** Names the unnamed items of every select of the statement, subqueries and WITH items included. */
  static SqlNode name(SqlNode node) {
    List<SqlSelect> selects = new ArrayList<>();
    node.accept(new SqlBasicVisitor<Void>() {
      @Override
      public Void visit(SqlCall call) {
        if (call instanceof SqlSelect s) {
          selects.add(s);
        }
        return super.visit(call);
      }
    });
    selects.forEach(ColumnNames::name);
    return node;
  }

  private static void name(SqlSelect select) {
    if (select.getSelectList() == null) {
      return;
    }
    SqlNodeList items = select.getSelectList();
    List<String> names = new ArrayList<>();
    for (SqlNode item : items) {
      names.add(item.getKind() == SqlKind.AS ? null : pgName(item));
    }
    List<String> taken = new ArrayList<>();
    for (SqlNode item : items) {
      if (item.getKind() == SqlKind.AS) {
        SqlNode alias = ((SqlCall) item).operand(1);
        taken.add(alias instanceof SqlIdentifier id ? id.getSimple() : "");
      } else if (item instanceof SqlIdentifier id && pgName(id) == null) {
        taken.add(id.names.get(id.names.size() - 1));
      }
    }
    for (int i = 0; i < items.size(); i++) {
      SqlNode item = items.get(i);
      String n = names.get(i);
      if (n == null) {
        continue;
      }
      boolean unique = names.stream().filter(n::equals).count() == 1 && !taken.contains(n);
      if (unique) {
        SqlParserPos pos = item.getParserPosition();
        items.set(i, SqlStdOperatorTable.AS.createCall(pos, item, new SqlIdentifier(n, SqlParserPos.QUOTED_ZERO)));
      }
    }
  }

  /** Niladic functions written as names ({@code current_user}): PostgreSQL names the column after them. */
  private static final Set<String> NILADIC = Set.of("current_user", "session_user", "user", "current_role",
      "current_schema", "current_catalog", "current_date", "current_time", "current_timestamp", "localtime",
      "localtimestamp");

  /** PostgreSQL's name for an unnamed select item, or null for one it names itself (a column, a star). */
  private static String pgName(SqlNode item) {
    if (item instanceof SqlIdentifier id) {
      return id.isSimple() && !id.isComponentQuoted(0) && NILADIC.contains(id.getSimple().toLowerCase(Locale.ROOT))
          ? id.getSimple().toLowerCase(Locale.ROOT) : null;
    }
    if (item instanceof SqlCall c) {
      if (c.getKind() == SqlKind.CAST) {
        String inner = pgName(c.operand(0));
        if (inner != null && !inner.equals("?column?")) {
          return inner;
        }
        if (c.operand(0) instanceof SqlIdentifier id) {
          return id.names.get(id.names.size() - 1);
        }
        return "?column?";
      }
      if (c.getKind() == SqlKind.CASE) {
        return "case";
      }
      if (c.getKind() == SqlKind.FILTER || c.getKind() == SqlKind.WITHIN_GROUP || c.getKind() == SqlKind.OVER) {
        return pgName(c.operand(0));   // count(*) FILTER (WHERE ...) is named count
      }
      if (c.getKind() == SqlKind.ARRAY_VALUE_CONSTRUCTOR || c.getKind() == SqlKind.ARRAY_QUERY_CONSTRUCTOR) {
        return "array";
      }
      if (c.getKind() == SqlKind.EXISTS) {
        return "exists";
      }
      if (c.getOperator() instanceof SqlFunction f) {
        return f.getName().toLowerCase(Locale.ROOT);
      }
    }
    return "?column?";
  }
}
