package org.stripesql.pgwire.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;
import org.stripesql.pgwire.sql.Command.Transaction.Action;

/** What each kind of statement clients send is taken for. */
class CommandParserTest {
  @Test
  void settings() {
    assertEquals(new Command.Set("datestyle", "ISO"), CommandParser.parse("SET DateStyle = 'ISO'"));
    assertEquals(new Command.Set("application_name", "PostgreSQL JDBC Driver"),
        CommandParser.parse("SET application_name = 'PostgreSQL JDBC Driver'"));
    assertEquals(new Command.Set("search_path", "stripe, public"),
        CommandParser.parse("set search_path to stripe, public"));
    assertEquals(new Command.Set("timezone", "UTC"), CommandParser.parse("SET TIME ZONE 'UTC'"));
    assertEquals(new Command.Set("extra_float_digits", null), CommandParser.parse("SET extra_float_digits TO DEFAULT"));
    assertEquals(new Command.NoOp("SET"),
        CommandParser.parse("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED"));
    assertEquals(new Command.Show("transaction_isolation"), CommandParser.parse("show transaction_isolation"));
    assertEquals(new Command.Show("all"), CommandParser.parse("SHOW ALL"));
    assertEquals(new Command.Reset(null), CommandParser.parse("RESET ALL"));
  }

  @Test
  void transactionsAndSavepoints() {
    assertEquals(new Command.Transaction(Action.BEGIN, null), CommandParser.parse("START TRANSACTION READ ONLY"));
    assertEquals(new Command.Transaction(Action.COMMIT, null), CommandParser.parse("end"));
    assertEquals(new Command.Transaction(Action.ROLLBACK_TO, "_exec_svp_0x1"),
        CommandParser.parse("ROLLBACK TO _EXEC_SVP_0x1"));
    assertEquals(new Command.Transaction(Action.ROLLBACK_TO, "s"), CommandParser.parse("rollback to savepoint s"));
    assertEquals(new Command.Transaction(Action.RELEASE, "s"), CommandParser.parse("RELEASE SAVEPOINT s"));
    assertEquals("ROLLBACK", CommandParser.parse("ROLLBACK TO s").tag());
  }

  @Test
  void cursorsAndPreparedStatements() {
    Command.Declare declare = (Command.Declare) CommandParser.parse(
        "declare \"SQL_CUR0x1\" cursor with hold for SELECT * FROM events ORDER BY id");
    assertEquals("SQL_CUR0x1", declare.name());
    assertEquals(true, declare.hold());
    assertEquals("SELECT * FROM events ORDER BY id", declare.query().sql());
    assertEquals(42, declare.query().offset());
    assertEquals(StatementText.of("SELECT * FROM events ORDER BY id").tokens(), declare.query().tokens());
    assertEquals(new Command.Fetch("SQL_CUR0x1", 1000, false), CommandParser.parse("fetch 1000 in \"SQL_CUR0x1\""));
    assertEquals(new Command.Fetch("c", -1, false), CommandParser.parse("FETCH ALL FROM c"));
    assertEquals(new Command.Fetch("c", 5, true), CommandParser.parse("MOVE FORWARD 5 IN c"));
    assertEquals(new Command.Close("SQL_CUR0x1"), CommandParser.parse("close \"SQL_CUR0x1\""));
    assertEquals(new Command.Deallocate("_PLAN0x55"), CommandParser.parse("DEALLOCATE \"_PLAN0x55\""));
    assertEquals(new Command.Deallocate(null), CommandParser.parse("DEALLOCATE PREPARE ALL"));
    assertInstanceOf(Command.Refused.class, CommandParser.parse("FETCH BACKWARD 1 FROM c"));
  }

  @Test
  void queriesWritesAndTheRest() {
    assertInstanceOf(Command.Query.class, CommandParser.parse("  /* hi */ select 1"));
    assertInstanceOf(Command.Query.class, CommandParser.parse("(SELECT 1) UNION (SELECT 2)"));
    assertInstanceOf(Command.Query.class, CommandParser.parse("WITH x AS (SELECT 1) SELECT * FROM x"));
    assertInstanceOf(Command.Empty.class, CommandParser.parse(" -- only a comment"));
    Command insert = CommandParser.parse("INSERT INTO customers VALUES ('x')");
    assertEquals("25006", ((Command.Refused) insert).sqlState());
    assertEquals("25006", ((Command.Refused) CommandParser.parse("create table t (x int)")).sqlState());
    assertEquals("0A000", ((Command.Refused) CommandParser.parse("LISTEN events")).sqlState());
    assertEquals(new Command.NoOp("DISCARD ALL"), CommandParser.parse("DISCARD ALL"));
  }
}
