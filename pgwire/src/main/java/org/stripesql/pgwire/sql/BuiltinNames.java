package org.stripesql.pgwire.sql;

import java.util.HashSet;
import java.util.Set;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * The names of Calcite's own functions (standard and PostgreSQL library). Unquoted names fold to lower
 * case, and with PostgreSQL's case-sensitive identifiers {@code to_char} would not find Calcite's
 * {@code TO_CHAR}; such calls are given Calcite's spelling.
 */
final class BuiltinNames {
  private static final Set<String> NAMES = names();

  private BuiltinNames() {
  }

  static boolean contains(String upperCaseName) {
    return NAMES.contains(upperCaseName);
  }

  private static Set<String> names() {
    Set<String> out = new HashSet<>();
    for (SqlOperator o : SqlStdOperatorTable.instance().getOperatorList()) {
      out.add(o.getName());
    }
    for (SqlOperator o : SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.POSTGRESQL)
        .getOperatorList()) {
      out.add(o.getName());
    }
    return out;
  }
}
