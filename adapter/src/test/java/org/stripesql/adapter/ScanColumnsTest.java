package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stripe scans convert only the columns the plan reads: every statement returns the rows it returns
 * with every column converted (the oracle), whatever operators sit above the scan, and EXPLAIN shows
 * the columns read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanColumnsTest {
  CalciteFixture fx;
  Connection parallel;
  Connection sequential;
  Connection cached;

  @BeforeAll
  void start() throws Exception {
    fx = new CalciteFixture(1);
    parallel = fx.connect(CalciteFixture.KEY, "");
    sequential = fx.connect(CalciteFixture.KEY, ",\"MaxConcurrency\":\"1\"");
    cached = fx.connect(StripeAdapter.CALCITE_URL, CalciteFixture.KEY, "");
  }

  @AfterAll
  void stop() throws Exception {
    cached.close();
    sequential.close();
    parallel.close();
    fx.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "select status, count(*), sum(amount) from charges group by status order by status",
      "select count(*) from customers",
      "select id from charges where amount > 5000 and currency = 'usd' order by id",
      "select id from customers order by email, id limit 7",
      "select id, email from customers where id in (select customer from charges where amount > 9000) order by id",
      "select c.email, count(*) from customers c join charges ch on ch.customer = c.id"
          + " where ch.status = 'failed' group by c.email order by 2 desc, 1",
      "select i.number, l.amount from invoices i join invoice_lines l on l.invoice = i.id"
          + " where i.status = 'paid' order by i.number, l.amount",
      "select id, row_number() over (partition by status order by amount, id) from charges order by id",
      "select id from customers c where exists (select 1 from charges ch where ch.customer = c.id"
          + " and ch.refunded) order by id",
      "select currency from charges union select currency from refunds order by 1",
      "select max(created), min(description) filter (where paid) from charges",
      "select count(distinct customer) from charges",
      "select * from customers order by id limit 3",
      "select id, metadata from customers where email like '%a%' order by id",
      "select payment_method_details_card_brand, count(*) from charges group by payment_method_details_card_brand order by 1",
  })
  void rowsEqualEveryColumnConverted(String sql) throws Exception {
    List<List<Object>> all = ScanColumns.withAllColumns(() -> CalciteFixture.rows(sequential, sql));
    assertFalse(all.isEmpty(), sql);
    assertEquals(all, CalciteFixture.rows(parallel, sql), sql);
    assertEquals(all, CalciteFixture.rows(sequential, sql), sql);
    assertEquals(all, CalciteFixture.rows(cached, sql), sql);
    assertEquals(all, CalciteFixture.rows(cached, sql), sql + " (cached plan)");
  }

  @Test
  void explainShowsTheColumnsRead() throws Exception {
    String plan = explain("select status, count(*), sum(amount) from charges group by status");
    assertTrue(plan.contains("columns=[[amount, status]]"), plan);
    String all = explain("select * from customers");
    assertFalse(all.contains("columns="), all);
  }

  private String explain(String sql) throws Exception {
    return CalciteFixture.rows(parallel, "explain plan for " + sql).stream()
        .map(r -> String.valueOf(r.get(0))).collect(Collectors.joining("\n"));
  }
}
