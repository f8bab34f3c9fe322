package org.stripesql.adapter.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Binding a statement's parameter values into the placeholders of a query. */
class QueryParametersTest {
  private static IntFunction<Object> values(Object... v) {
    return i -> v[i];
  }

  private static ListQuery equality(String param, String value) {
    TreeMap<String, String> eq = new TreeMap<>();
    eq.put(param, value);
    return new ListQuery("charges", eq, new TreeMap<>(), null, null, null);
  }

  @Test
  void placeholders() {
    assertEquals("?12", QueryParameters.placeholder(12));
    assertTrue(QueryParameters.isPlaceholder("?0"));
    assertFalse(QueryParameters.isPlaceholder("?01"));
    assertFalse(QueryParameters.isPlaceholder("?"));
    assertFalse(QueryParameters.isPlaceholder("cus_?0"));
    ListQuery literal = equality("customer", "cus_1");
    assertSame(literal, QueryParameters.bind(literal, values()));
  }

  @Test
  void aValueIsSentAsTheTextTheStatementCompares() {
    assertEquals(equality("customer", "cus_9"), QueryParameters.bind(equality("customer", "?0"), values("cus_9")));
    assertEquals(equality("customer", "42"), QueryParameters.bind(equality("customer", "?0"), values(42)));
    assertEquals(new RetrieveQuery("charges", List.of("ch_2", "ch_1"), 5L),
        QueryParameters.bind(new RetrieveQuery("charges", List.of("?1", "?0", "ch_2"), 5L), values("ch_1", "ch_2")));
  }

  @Test
  void nullMatchesNothing() {
    assertEquals(new NoRowsQuery("charges"), QueryParameters.bind(equality("customer", "?0"), values((Object) null)));
    assertEquals(new NoRowsQuery("charges"),
        QueryParameters.bind(new RetrieveQuery("charges", List.of("?0"), null), values((Object) null)));
    ListQuery fan = new ListQuery("charges", new TreeMap<>(), new TreeMap<>(),
        new FanOut("customer", List.of("?0", "?1")), null, null);
    ListQuery one = (ListQuery) QueryParameters.bind(fan, values(null, "cus_1"));
    assertEquals(List.of("cus_1"), one.fanOut().values());
    assertEquals(new NoRowsQuery("charges"), QueryParameters.bind(fan, values(null, null)));
    ListQuery parents = ListQuery.all("invoice_lines").withParentIds(List.of("?0"));
    assertEquals(new NoRowsQuery("invoice_lines"), QueryParameters.bind(parents, values((Object) null)));
  }

  @Test
  void anEmptyValueDropsItsConstraint() {
    assertEquals(ListQuery.all("charges"), QueryParameters.bind(equality("customer", "?0"), values("")));
    assertEquals(ListQuery.all("charges"),
        QueryParameters.bind(new RetrieveQuery("charges", List.of("?0"), null), values("")));
    assertEquals(ListQuery.all("invoice_lines"),
        QueryParameters.bind(ListQuery.all("invoice_lines").withParentIds(List.of("?0")), values("")));
    // a retrieve through its parents: without the parent, the list of the ids' table (the filter decides)
    assertEquals(ListQuery.all("charge_refunds"), QueryParameters.bind(
        new RetrieveQuery("charge_refunds", List.of("?1"), List.of("?0"), null), values("", "re_1")));
    assertEquals(ListQuery.all("charge_refunds").withParentIds(List.of("ch_1")), QueryParameters.bind(
        new RetrieveQuery("charge_refunds", List.of("?1"), List.of("?0"), null), values("ch_1", "")));
    ListQuery fan = new ListQuery("charges", new TreeMap<>(), new TreeMap<>(),
        new FanOut("customer", Arrays.asList("?0", "cus_2")), null, null);
    assertEquals(ListQuery.all("charges"), QueryParameters.bind(fan, values("")));
  }

  @Test
  void anArrayParametersElementsAreItsValues() {
    String ids = QueryParameters.elements(0, 3);
    assertEquals("?0[3]", ids);
    assertTrue(QueryParameters.isPlaceholder(ids));
    assertTrue(QueryParameters.isElements(ids));
    assertFalse(QueryParameters.isElements("?0"));
    RetrieveQuery retrieve = new RetrieveQuery("charges", List.of(ids), null);
    assertEquals(new RetrieveQuery("charges", List.of("ch_1", "ch_2"), null),
        QueryParameters.bind(retrieve, values(List.of("ch_1", "ch_2", "ch_1"))));
    assertEquals(new RetrieveQuery("charges", List.of("ch_1"), null),
        QueryParameters.bind(retrieve, values(Arrays.asList("ch_1", null))), "a NULL element matches nothing");
    assertEquals(new NoRowsQuery("charges"), QueryParameters.bind(retrieve, values(List.of())), "= ANY('{}')");
    assertEquals(new NoRowsQuery("charges"), QueryParameters.bind(retrieve, values((Object) null)));
    // more elements than the fan-out allows, or one that cannot be sent: the filter above decides
    assertEquals(ListQuery.all("charges"), QueryParameters.bind(retrieve, values(List.of("a", "b", "c", "d"))));
    assertEquals(ListQuery.all("charges"), QueryParameters.bind(retrieve, values(List.of("a", ""))));
    ListQuery fan = new ListQuery("charges", new TreeMap<>(), new TreeMap<>(), new FanOut("customer", List.of(ids)),
        null, null);
    assertEquals(new ListQuery("charges", new TreeMap<>(), new TreeMap<>(),
        new FanOut("customer", List.of("cus_1", "cus_2")), null, null),
        QueryParameters.bind(fan, values((Object) new String[] {"cus_1", "cus_2"})));
  }
}
