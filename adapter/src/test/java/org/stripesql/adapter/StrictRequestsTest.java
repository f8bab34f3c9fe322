package org.stripesql.adapter;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.FilterKind;
import org.stripesql.catalog.Search;
import org.stripesql.catalog.TableKind;
import org.stripesql.emulator.RecordedRequest;

/**
 * Every request the adapter can send, for every table, is one Stripe's spec accepts: the strict
 * emulator (which checks each request against the spec, not the catalog) answers each with 200. For
 * each table: a scan (a child's for one parent), id lookups (a child's with and without its parent),
 * an equality or range on every filter parameter, an IN fan-out, and a clause on every search field,
 * with values from the emulator's data.
 */
class StrictRequestsTest {
  private static final String MISSING = "x_missing";
  private static CalciteFixture fx;
  private static Connection pushed;

  @BeforeAll
  static void start() throws Exception {
    fx = new CalciteFixture(1);
    pushed = fx.connect(true);
  }

  @AfterAll
  static void stop() throws Exception {
    pushed.close();
    fx.close();
  }

  static Stream<String> tables() {
    return Catalog.bundled().tables().stream().map(ApiTable::name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void everyRequestIsOneStripeAccepts(String name) throws Exception {
    ApiTable t = Catalog.bundled().table(name).orElseThrow();
    List<String> sqls = statements(t);
    for (String sql : sqls) {
      fx.emulator.requestLog().clear();
      try {
        CalciteFixture.rows(pushed, sql);
      } catch (SQLException e) {
        fail(sql + ": " + e.getMessage() + "\n" + fx.emulator.requestLog().requests());
      }
      for (RecordedRequest r : fx.emulator.requestLog().requests()) {
        // Stripe's 404s the adapter reads as no row: a missing id, a customer with nothing due
        boolean missing = r.status() == 404 && (r.path().endsWith("/" + MISSING)
            || r.path().equals("/v1/invoices/upcoming/lines"));
        assertTrue(r.status() == 200 || missing, sql + ": " + r);
      }
    }
  }

  /** The statements that exercise every request shape of a table. */
  private static List<String> statements(ApiTable t) {
    String from = "select * from \"" + t.name() + "\"";
    List<String> out = new ArrayList<>();
    List<ObjectNode> rows = fx.emulator.data().list(t.name());
    if (t.kind() == TableKind.SINGLETON) {
      out.add(from);
      return out;
    }
    if (rows.isEmpty()) {
      out.add(from + (t.kind() == TableKind.CHILD ? " limit 1" : ""));
      return out;
    }
    ObjectNode row = rows.get(0);
    String id = row.path("id").asText(null);
    List<String> conditions = new ArrayList<>();
    if (t.kind() == TableKind.CHILD) {
      String parent = fx.emulator.data().parentOf(t.name(), id);
      conditions.add("\"" + t.parent().column() + "\" = " + quote(parent));
      rows = fx.emulator.data().children(t.name(), parent);
    }
    for (String fixed : t.fixedColumns()) {
      if (t.parent() == null || !fixed.equals(t.parent().column())) {
        // a column Stripe needs a value for (ownership, scope_type): the listed row's
        conditions.add("\"" + fixed + "\" = " + literal(t.column(fixed).orElseThrow(), at(row, t.column(fixed).orElseThrow())));
      }
    }
    String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    out.add(from + where);
    if (id != null && t.retrievePath() != null && t.column("id").isPresent()) {
      out.add(from + " where id = " + quote(id));
      out.add(from + (where.isEmpty() ? " where " : where + " and ") + "id in (" + quote(id) + ", " + quote(MISSING)
          + ")");
    }
    String and = where.isEmpty() ? " where " : where + " and ";
    for (ApiFilter f : t.filters()) {
      if (f.column() == null || f.kind() == FilterKind.OTHER || f.kind() == FilterKind.IN) {
        continue;
      }
      ApiColumn c = t.column(f.column()).orElseThrow();
      List<String> values = values(rows, c, f);
      if (values.isEmpty()) {
        continue;
      }
      String col = "\"" + c.name() + "\"";
      if (f.kind() == FilterKind.RANGE) {
        out.add(from + and + col + " >= " + values.get(0) + " and " + col + " < timestamp '2099-01-01 00:00:00'");
        out.add(from + and + col + " = " + values.get(0));
      } else {
        out.add(from + and + col + " = " + values.get(0));
        if (values.size() > 1) {
          out.add(from + and + col + " in (" + values.get(0) + ", " + values.get(1) + ")");
        }
      }
    }
    if (t.search() != null) {
      for (Search.SearchField f : t.search().fields()) {
        out.add(from + " where " + searchPredicate(t, rows, f));
      }
    }
    return out;
  }

  /** Up to two distinct SQL literals of the column's values in the rows, ones the filter may take. */
  private static List<String> values(List<ObjectNode> rows, ApiColumn c, ApiFilter f) {
    List<String> out = new ArrayList<>();
    for (ObjectNode r : rows) {
      JsonNode v = at(r, c);
      if (v == null || v.isNull() || v.isContainerNode()) {
        continue;
      }
      if (f.values() != null && !f.values().contains(v.asText())) {
        continue;
      }
      String literal = literal(c, v);
      if (!out.contains(literal)) {
        out.add(literal);
      }
      if (out.size() == 2) {
        break;
      }
    }
    return out;
  }

  private static String searchPredicate(ApiTable t, List<ObjectNode> rows, Search.SearchField f) {
    ApiColumn c = t.column(f.column()).orElseThrow();
    String col = "\"" + c.name() + "\"";
    switch (f.kind()) {
      case "number":
        return col + " > 100";
      case "timestamp":
        return col + " < timestamp '2099-01-01 00:00:00'";
      case "boolean":
        return col;
      case "metadata":
        return "json_value(" + col + ", '$.plan') = 'gold'";
      default:
        for (ObjectNode r : rows) {
          JsonNode v = at(r, c);
          if (v != null && v.isValueNode() && !v.asText().isEmpty()) {
            return col + " = " + quote(v.asText());
          }
        }
        return col + " = 'nothing'";
    }
  }

  private static JsonNode at(JsonNode row, ApiColumn c) {
    JsonNode n = row;
    for (String p : c.path()) {
      n = n == null ? null : n.get(p);
    }
    return n != null && n.isObject() && c.ref() != null ? n.get("id") : n;
  }

  private static String literal(ApiColumn c, JsonNode v) {
    switch (c.type()) {
      case BIGINT:
        return Long.toString(v.asLong());
      case BOOLEAN:
        return Boolean.toString(v.asBoolean());
      case TIMESTAMP:
        return "timestamp '" + Instant.ofEpochSecond(v.asLong()).toString().replace('T', ' ').replace("Z", "") + "'";
      default:
        return quote(v.asText());
    }
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
