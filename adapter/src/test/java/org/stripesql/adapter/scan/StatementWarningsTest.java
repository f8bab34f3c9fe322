package org.stripesql.adapter.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.DataContexts;
import org.junit.jupiter.api.Test;

/** One statement's warnings: said once per account, capped, handed out once, gone when the statement runs again. */
class StatementWarningsTest {
  private static DataContext execution(AtomicBoolean statement) {
    return DataContexts.of(Map.of(DataContext.Variable.CANCEL_FLAG.camelName, statement));
  }

  private static List<String> messages(List<StatementWarnings.Warning> warnings) {
    return warnings.stream().map(StatementWarnings.Warning::message).toList();
  }

  @Test
  void anAccountLeftOutByTwoScansIsSaidOnceWithStripesMessage() {
    AtomicBoolean statement = new AtomicBoolean();
    DataContext run = execution(statement);
    StatementWarnings.forExecution(run).accountLeftOut("acct_1", "Shop one", "no access");
    StatementWarnings.forExecution(run).accountLeftOut("acct_1", "Shop one", "no access");   // a second scan
    StatementWarnings.forExecution(run).accountLeftOut("acct_2", null, "revoked");
    List<StatementWarnings.Warning> w = StatementWarnings.ofStatement(statement).list();
    assertEquals(List.of("connected account acct_1 (Shop one) left out of the statement: no access",
        "connected account acct_2 left out of the statement: revoked"), messages(w));
    assertEquals("01000", w.get(0).sqlState());
  }

  @Test
  void pastTheCapOnlyHowManyMoreIsSaid() {
    AtomicBoolean statement = new AtomicBoolean();
    StatementWarnings.Execution run = StatementWarnings.forExecution(execution(statement));
    for (int i = 0; i < StatementWarnings.MAX + 7; i++) {
      run.accountLeftOut("acct_" + i, null, "revoked");
      run.accountLeftOut("acct_" + i, null, "revoked");   // a second scan of the same statement
    }
    List<String> said = messages(StatementWarnings.ofStatement(statement).list());
    assertEquals(StatementWarnings.MAX + 1, said.size());
    assertEquals("and 7 more warnings of this statement not shown", said.get(StatementWarnings.MAX));
  }

  @Test
  void takeHandsEachWarningOutOnce() {
    AtomicBoolean statement = new AtomicBoolean();
    StatementWarnings.Execution run = StatementWarnings.forExecution(execution(statement));
    StatementWarnings w = StatementWarnings.ofStatement(statement);
    run.accountLeftOut("acct_1", null, "revoked");
    assertEquals(1, w.take().size());
    assertEquals(List.of(), w.take());
    run.accountLeftOut("acct_2", null, "revoked");
    assertEquals(List.of("connected account acct_2 left out of the statement: revoked"), messages(w.take()));
    assertEquals(2, w.list().size());
  }

  @Test
  void aNewExecutionOfTheStatementStartsWithoutWarningsAndOtherStatementsHaveTheirOwn() {
    AtomicBoolean statement = new AtomicBoolean();
    AtomicBoolean other = new AtomicBoolean();
    StatementWarnings.Execution first = StatementWarnings.forExecution(execution(statement));
    first.accountLeftOut("acct_1", null, "revoked");
    assertEquals(List.of(), StatementWarnings.ofStatement(other).list());
    assertEquals(1, StatementWarnings.ofStatement(statement).list().size());
    DataContext again = execution(statement);
    StatementWarnings.executionStarts(again);
    assertEquals(List.of(), StatementWarnings.ofStatement(statement).list());
    first.accountLeftOut("acct_2", null, "revoked");   // a late scan of the first execution
    assertEquals(List.of(), StatementWarnings.ofStatement(statement).list());
    StatementWarnings.forExecution(again).accountLeftOut("acct_3", null, "revoked");
    assertEquals(List.of("connected account acct_3 left out of the statement: revoked"),
        messages(StatementWarnings.ofStatement(statement).list()));
    assertNotSame(StatementWarnings.ofStatement(statement), StatementWarnings.ofStatement(other));
  }

  @Test
  void anExecutionOfNoStatementKeepsItsWarningsToItself() {
    StatementWarnings.executionStarts(DataContexts.EMPTY);
    StatementWarnings.forExecution(DataContexts.EMPTY).accountLeftOut("acct_1", null, "revoked");
    assertEquals(List.of(), StatementWarnings.ofStatement(null).list());
  }
}
