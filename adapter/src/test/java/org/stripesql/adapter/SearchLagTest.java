package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * Search made exact despite the index lag: with the emulator's search lag on (objects created or
 * changed within it are not found by search), a statement that uses Search returns exactly the rows of
 * the same statement without pushdown, the new objects from a list on {@code created[gte]} and the
 * changed ones from the Events API. The emulator's data ends now, so both sides agree on the clock.
 */
class SearchLagTest {
  private static final Duration LAG = Duration.ofDays(2);
  private static StripeEmulator emulator;
  private static Connection plain;
  private static Connection fresh;
  private static Connection trusting;

  @BeforeAll
  static void start() throws Exception {
    emulator = StripeEmulator.builder().seed(11).scale(1).anchor(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .searchLag(LAG).build().start();
    plain = connect(",\"Pushdown\":\"false\"");
    fresh = connect(",\"SearchLagWindow\":\"" + (LAG.toSeconds() + 3600) + "\"");
    trusting = connect(",\"SearchLagWindow\":\"0\"");
  }

  private static Connection connect(String operands) throws SQLException {
    Properties p = new Properties();
    p.setProperty("model", CalciteFixture.model(emulator.baseUrl(), CalciteFixture.KEY, operands));
    p.setProperty("lex", "MYSQL_ANSI");
    p.setProperty("timeZone", "UTC");
    return DriverManager.getConnection("jdbc:calcite:", p);
  }

  @AfterAll
  static void stop() throws Exception {
    plain.close();
    fresh.close();
    trusting.close();
    emulator.close();
  }

  private static Set<String> ids(Connection c, String sql) throws SQLException {
    Set<String> out = new TreeSet<>();
    for (List<Object> row : CalciteFixture.rows(c, sql)) {
      assertTrue(out.add((String) row.get(0)), "each row once: " + row);
    }
    return out;
  }

  @Test
  void searchSeesWhatTheIndexDoesNotYet() throws Exception {
    long cutoff = Instant.now().minus(LAG).getEpochSecond();
    List<ObjectNode> charges = emulator.data().list("charges");
    assertTrue(charges.stream().anyMatch(c -> c.path("created").asLong() > cutoff), "charges created within the lag");
    assertTrue(charges.stream().anyMatch(c -> c.path("created").asLong() <= cutoff
        && emulator.data().changedAt(c) > cutoff), "charges changed within the lag");
    String sql = "select id from charges where amount >= 0";
    Set<String> expected = ids(plain, sql);
    assertEquals(charges.size(), expected.size());
    assertTrue(ids(trusting, sql).size() < expected.size(), "the index alone misses the recent charges");
    emulator.requestLog().clear();
    assertEquals(expected, ids(fresh, sql));
    List<String> paths = emulator.requestLog().requests().stream().map(RecordedRequest::path)
        .collect(Collectors.toList());
    assertTrue(paths.contains("/v1/charges/search"), paths.toString());
    assertTrue(paths.contains("/v1/events"), paths.toString());
    assertTrue(paths.contains("/v1/charges"), paths.toString());
    assertTrue(emulator.requestLog().requests().stream().allMatch(r -> r.status() == 200),
        "the strict emulator accepts every request");
  }

  @Test
  void aSearchThatFiltersKeepsTheResidualOnFreshObjects() throws Exception {
    List<String> sqls = new ArrayList<>(List.of(
        "select id from charges where amount > 5000",
        "select id from customers where name like '%an%'",
        "select id from subscriptions where status = 'active'",
        "select id from invoices where total > 1000"));
    for (String sql : sqls) {
      assertEquals(ids(plain, sql), ids(fresh, sql), sql);
    }
  }
}
