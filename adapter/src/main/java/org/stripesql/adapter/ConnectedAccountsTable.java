package org.stripesql.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.adapter.connect.AccountStates;
import org.stripesql.adapter.connect.ConnectedAccount;
import org.stripesql.adapter.connect.ConnectedAccountSet;
import org.stripesql.adapter.scan.ScanBudget;

/**
 * {@code connected_accounts}: the accounts a ConnectedAccounts schema reads now, each with the name it shows
 * and what the schema last saw of it: {@code readable}, {@code unreadable} (with Stripe's error, as when
 * SkipUnreadableAccounts left it out) or {@code unread}. Listing them is one request per 100 accounts for
 * {@code ConnectedAccounts=all}, none otherwise.
 */
final class ConnectedAccountsTable extends AbstractTable implements ScannableTable {
  static final String NAME = "connected_accounts";

  private final ConnectedAccountSet set;
  private final Function<DataContext, ScanBudget> statementBudget;

  /** {@code statementBudget}: the schema's budget of a statement execution (MaxPagesPerQuery, QueryTimeout). */
  ConnectedAccountsTable(ConnectedAccountSet set, Function<DataContext, ScanBudget> statementBudget) {
    this.set = set;
    this.statementBudget = statementBudget;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    RelDataType text = f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true);
    return f.builder()
        .add("account", f.createSqlType(SqlTypeName.VARCHAR))
        .add("name", text)
        .add("state", f.createSqlType(SqlTypeName.VARCHAR))
        .add("last_error", text)
        .build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    ScanBudget budget = statementBudget.apply(root).forScan();
    List<Object[]> rows = new ArrayList<>();
    try {
      for (ConnectedAccount a : set.accounts(budget)) {
        AccountStates.Seen seen = set.states().of(a.id());
        rows.add(new Object[] {a.id(), a.name(), seen.state().label(), seen.lastError()});
      }
    } finally {
      budget.close();
    }
    return Linq4j.asEnumerable(rows);
  }
}
