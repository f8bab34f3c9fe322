package org.stripesql.adapter.pushdown;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;
import org.junit.jupiter.api.Test;
import org.stripesql.adapter.query.FanOut;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.NoRowsQuery;
import org.stripesql.adapter.query.RetrieveQuery;
import org.stripesql.adapter.query.SearchQuery;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;

/** The translator on predicates built with a RexBuilder, over tables of the real catalog. */
class StripeFilterTranslatorTest {
  private static final RelDataTypeFactory TYPES = new JavaTypeFactoryImpl(RelDataTypeSystem.DEFAULT);
  private static final RexBuilder REX = new RexBuilder(TYPES);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-15T12:00:00Z"), ZoneOffset.UTC);

  private final ApiTable charges = Catalog.bundled().table("charges").orElseThrow();
  private final ApiTable subscriptions = Catalog.bundled().table("subscriptions").orElseThrow();
  private final ApiTable invoiceLines = Catalog.bundled().table("invoice_lines").orElseThrow();

  private static StripeFilterTranslator.Result translate(ApiTable t, RexNode condition) {
    return translate(t, condition, true);
  }

  private static StripeFilterTranslator.Result translate(ApiTable t, RexNode condition, boolean search) {
    List<String> names = t.columns().stream().map(ApiColumn::name).toList();
    return StripeFilterTranslator.translate(condition, t, names, REX,
        new StripeFilterTranslator.Options(3, search, CLOCK));
  }

  private static ListQuery list(StripeFilterTranslator.Result r) {
    assertInstanceOf(ListQuery.class, r.query(), r.query().describe());
    return (ListQuery) r.query();
  }

  private static Long gte(StripeFilterTranslator.Result r) {
    return list(r).ranges().get("created").gte();
  }

  private static Long lte(StripeFilterTranslator.Result r) {
    return list(r).ranges().get("created").lte();
  }

  private static RexNode col(ApiTable t, String name) {
    int i = t.columnIndex(name);
    SqlTypeName type;
    switch (t.columns().get(i).type()) {
      case TIMESTAMP: type = SqlTypeName.TIMESTAMP; break;
      case BIGINT: type = SqlTypeName.BIGINT; break;
      case BOOLEAN: type = SqlTypeName.BOOLEAN; break;
      default: type = SqlTypeName.VARCHAR;
    }
    RelDataType rt = TYPES.createTypeWithNullability(
        type == SqlTypeName.TIMESTAMP ? TYPES.createSqlType(type, 0) : TYPES.createSqlType(type), true);
    return REX.makeInputRef(rt, i);
  }

  private static RexNode ts(String s) {
    return REX.makeTimestampLiteral(new TimestampString(s), 3);
  }

  private static RexNode str(String s) {
    return REX.makeLiteral(s);
  }

  private static RexNode call(SqlOperator op, RexNode... args) {
    return REX.makeCall(op, args);
  }

  private static long epoch(String iso) {
    return Instant.parse(iso).getEpochSecond();
  }

  @Test
  void createdRangeIsExactWholeSeconds() {
    RexNode c = call(SqlStdOperatorTable.AND,
        call(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, col(charges, "created"), ts("2024-01-01 00:00:00")),
        call(SqlStdOperatorTable.LESS_THAN, col(charges, "created"), ts("2024-02-01 00:00:00")));
    StripeFilterTranslator.Result r = translate(charges, c);
    assertEquals(epoch("2024-01-01T00:00:00Z"), gte(r));
    assertEquals(epoch("2024-02-01T00:00:00Z") - 1, lte(r));
    assertTrue(r.residual().isEmpty(), "whole-second bounds are exact: " + r.residual());
  }

  @Test
  void subSecondBoundsRoundTowardTheAnswer() {
    long base = epoch("2024-01-01T00:00:00Z");
    StripeFilterTranslator.Result gt = translate(charges,
        call(SqlStdOperatorTable.GREATER_THAN, col(charges, "created"), ts("2024-01-01 00:00:00.500")));
    assertEquals(base + 1, gte(gt));
    StripeFilterTranslator.Result le = translate(charges,
        call(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, col(charges, "created"), ts("2024-01-01 00:00:00.500")));
    assertEquals(base, lte(le));
    StripeFilterTranslator.Result eq = translate(charges,
        call(SqlStdOperatorTable.EQUALS, col(charges, "created"), ts("2024-01-01 00:00:00.500")));
    assertInstanceOf(NoRowsQuery.class, eq.query(), "a whole second never equals a fraction");
  }

  @Test
  void greaterThanVersusGreaterOrEqualOnAWholeSecond() {
    long base = epoch("2024-01-01T00:00:00Z");
    assertEquals(base + 1, gte(translate(charges,
        call(SqlStdOperatorTable.GREATER_THAN, col(charges, "created"), ts("2024-01-01 00:00:00")))));
    assertEquals(base, gte(translate(charges,
        call(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, col(charges, "created"), ts("2024-01-01 00:00:00")))));
  }

  @Test
  void reversedOperandsAreReversed() {
    long base = epoch("2024-01-01T00:00:00Z");
    StripeFilterTranslator.Result r = translate(charges,
        call(SqlStdOperatorTable.LESS_THAN, ts("2024-01-01 00:00:00"), col(charges, "created")));
    assertEquals(base + 1, gte(r));
  }

  @Test
  void equalityOnAReferenceIsExact() {
    StripeFilterTranslator.Result r = translate(charges,
        call(SqlStdOperatorTable.EQUALS, col(charges, "customer"), str("cus_123")));
    assertEquals(Map.of("customer", "cus_123"), list(r).equalities());
    assertTrue(r.residual().isEmpty());
  }

  @Test
  void freeTextEqualityIsPushedAndKept() {
    ApiTable customers = Catalog.bundled().table("customers").orElseThrow();
    StripeFilterTranslator.Result r = translate(customers,
        call(SqlStdOperatorTable.EQUALS, col(customers, "email"), str("a@example.com")));
    assertEquals(Map.of("email", "a@example.com"), list(r).equalities());
    assertEquals(1, r.residual().size());
  }

  @Test
  void enumValueOutsideTheParametersEnumIsNotPushed() {
    // paused is in 2023-08-16's parameter enum (the 2020-08-27 one lacked it, so it went to a scan): pushed
    StripeFilterTranslator.Result r = translate(subscriptions,
        call(SqlStdOperatorTable.EQUALS, col(subscriptions, "status"), str("paused")), false);
    assertEquals(Map.of("status", "paused"), list(r).equalities());
    assertEquals(0, r.residual().size());
    ApiTable topups = Catalog.bundled().table("topups").orElseThrow();
    StripeFilterTranslator.Result reversed = translate(topups,
        call(SqlStdOperatorTable.EQUALS, col(topups, "status"), str("reversed")));
    assertEquals(StripeQuery.fullScan("topups"), reversed.query(), "a topup status the parameter does not take");
    assertEquals(1, reversed.residual().size());
  }

  @Test
  void parameterOnlyEnumValuesAreNotPushed() {
    // all and ended are values of the status parameter, never of a subscription's status
    for (String v : List.of("all", "ended")) {
      StripeFilterTranslator.Result r = translate(subscriptions,
          call(SqlStdOperatorTable.EQUALS, col(subscriptions, "status"), str(v)), false);
      assertEquals(StripeQuery.fullScan("subscriptions"), r.query(), v);
      assertEquals(1, r.residual().size(), v);
    }
    RexNode in = call(SqlStdOperatorTable.OR,
        call(SqlStdOperatorTable.EQUALS, col(subscriptions, "status"), str("active")),
        call(SqlStdOperatorTable.EQUALS, col(subscriptions, "status"), str("all")));
    StripeFilterTranslator.Result r = translate(subscriptions, in, false);
    assertEquals(StripeQuery.fullScan("subscriptions"), r.query(), "one value of the IN cannot be pushed");
    assertEquals(1, r.residual().size());
  }

  @Test
  void enumValueOfTheParameterWithoutAFieldEnumIsPushedAndKept() {
    ApiTable readers = Catalog.bundled().table("terminal_readers").orElseThrow();
    StripeFilterTranslator.Result r = translate(readers,
        call(SqlStdOperatorTable.EQUALS, col(readers, "status"), str("online")));
    assertEquals(Map.of("status", "online"), list(r).equalities());
    assertEquals(1, r.residual().size(), "the reader's status has no enum in the spec: checked above");
  }

  @Test
  void aValueWhoseObjectsAreNoRowsMatchesNothing() {
    ApiTable customers = Catalog.bundled().table("customers").orElseThrow();
    StripeFilterTranslator.Result r = translate(customers,
        call(SqlStdOperatorTable.EQUALS, col(customers, "test_clock"), str("clock_1")));
    assertInstanceOf(NoRowsQuery.class, r.query(), "objects of a test clock are not rows");
    assertTrue(r.residual().isEmpty());
  }

  @Test
  void narrowingCastsAreNotTheColumn() {
    RexNode narrow = REX.makeCast(TYPES.createSqlType(SqlTypeName.VARCHAR, 8), col(charges, "customer"));
    StripeFilterTranslator.Result r = translate(charges, call(SqlStdOperatorTable.EQUALS, narrow, str("cus_6vY6")));
    assertEquals(StripeQuery.fullScan("charges"), r.query());
    assertEquals(1, r.residual().size());
    ApiTable customers = Catalog.bundled().table("customers").orElseThrow();
    RexNode name = REX.makeCast(TYPES.createSqlType(SqlTypeName.VARCHAR, 3), col(customers, "name"));
    StripeFilterTranslator.Result s = translate(customers, call(SqlStdOperatorTable.EQUALS, name, str("Jen")));
    assertEquals(StripeQuery.fullScan("customers"), s.query(), "no search for name:\"Jen\" either");
    RexNode toInt = REX.makeCast(TYPES.createSqlType(SqlTypeName.INTEGER), col(charges, "amount"));
    StripeFilterTranslator.Result a = translate(charges, call(SqlStdOperatorTable.GREATER_THAN, toInt,
        REX.makeExactLiteral(BigDecimal.valueOf(1000))));
    assertEquals(StripeQuery.fullScan("charges"), a.query(), "an INTEGER cast wraps large amounts");
    RexNode toChar = REX.makeCast(TYPES.createSqlType(SqlTypeName.CHAR, 20), col(charges, "customer"));
    assertEquals(StripeQuery.fullScan("charges"),
        translate(charges, call(SqlStdOperatorTable.EQUALS, toChar, str("cus_1"))).query(), "CHAR pads");
  }

  @Test
  void castsThatKeepTheValueAreStripped() {
    RexNode wide = REX.makeCast(TYPES.createTypeWithNullability(TYPES.createSqlType(SqlTypeName.VARCHAR), false),
        col(charges, "customer"));
    assertEquals(Map.of("customer", "cus_1"),
        list(translate(charges, call(SqlStdOperatorTable.EQUALS, wide, str("cus_1")))).equalities());
    RexNode dec = REX.makeCast(TYPES.createSqlType(SqlTypeName.DECIMAL, 19, 0), col(charges, "amount"));
    StripeFilterTranslator.Result r = translate(charges, call(SqlStdOperatorTable.GREATER_THAN, dec,
        REX.makeExactLiteral(BigDecimal.valueOf(90000))));
    assertEquals("amount>90000", ((SearchQuery) r.query()).queryText());
  }

  @Test
  void narrowingCastOfTheLiteralIsNoLiteral() {
    RexNode lit = REX.makeCast(TYPES.createSqlType(SqlTypeName.VARCHAR, 4), REX.makeLiteral("cus_123456"), true,
        false);
    StripeFilterTranslator.Result r = translate(charges, call(SqlStdOperatorTable.EQUALS, col(charges, "customer"),
        lit));
    assertEquals(StripeQuery.fullScan("charges"), r.query());
  }

  @Test
  void patternValuesFanOutWithoutDuplicates() {
    ApiTable events = Catalog.bundled().table("events").orElseThrow();
    RexNode in = call(SqlStdOperatorTable.OR,
        call(SqlStdOperatorTable.EQUALS, col(events, "type"), str("charge.succeeded")),
        call(SqlStdOperatorTable.EQUALS, col(events, "type"), str("charge.*")));
    StripeFilterTranslator.Result r = translate(events, in);
    assertTrue(list(r).fanOut().distinct(), "Stripe reads charge.* as a pattern: rows are de-duplicated by id");
    assertEquals(1, r.residual().size());
    RexNode exact = call(SqlStdOperatorTable.OR,
        call(SqlStdOperatorTable.EQUALS, col(subscriptions, "status"), str("active")),
        call(SqlStdOperatorTable.EQUALS, col(subscriptions, "status"), str("trialing")));
    assertFalse(list(translate(subscriptions, exact)).fanOut().distinct(), "exact values select disjoint rows");
  }

  @Test
  void childIdLookupUsesTheParentOrTheTopLevelRetrieve() {
    ApiTable refunds = Catalog.bundled().table("charge_refunds").orElseThrow();
    RexNode id = call(SqlStdOperatorTable.EQUALS, col(refunds, "id"), str("re_1"));
    assertEquals(new RetrieveQuery("charge_refunds", List.of("re_1"), null, null), translate(refunds, id).query(),
        "through /v1/refunds/{refund}");
    RexNode both = call(SqlStdOperatorTable.AND, id,
        call(SqlStdOperatorTable.EQUALS, col(refunds, "charge"), str("ch_1")));
    StripeFilterTranslator.Result r = translate(refunds, both);
    assertEquals(new RetrieveQuery("charge_refunds", List.of("re_1"), List.of("ch_1"), null), r.query());
    assertEquals(1, r.residual().size(), "the parent is checked above");
    ApiTable balance = Catalog.bundled().table("customer_balance_transactions").orElseThrow();
    StripeFilterTranslator.Result noTop = translate(balance,
        call(SqlStdOperatorTable.EQUALS, col(balance, "id"), str("cbtxn_1")));
    assertEquals(StripeQuery.fullScan("customer_balance_transactions"), noTop.query(),
        "no top-level retrieve and no parent: walk the parents, test the id above");
    assertEquals(1, noTop.residual().size());
  }

  @Test
  void enumEqualityReplacesTheScanParameter() {
    StripeFilterTranslator.Result r = translate(subscriptions,
        call(SqlStdOperatorTable.EQUALS, col(subscriptions, "status"), str("canceled")));
    assertEquals(Map.of("status", "canceled"), list(r).equalities());
    assertTrue(r.residual().isEmpty());
  }

  @Test
  void inListFansOutUpToTheLimit() {
    RexNode in = call(SqlStdOperatorTable.OR,
        call(SqlStdOperatorTable.EQUALS, col(subscriptions, "status"), str("active")),
        call(SqlStdOperatorTable.EQUALS, col(subscriptions, "status"), str("trialing")));
    StripeFilterTranslator.Result r = translate(subscriptions, in);
    assertEquals("status", list(r).fanOut().param());
    assertEquals(List.of("active", "trialing"), list(r).fanOut().values());
    assertTrue(list(r).equalities().isEmpty());
    RexNode tooMany = call(SqlStdOperatorTable.OR,
        call(SqlStdOperatorTable.EQUALS, col(charges, "customer"), str("a")),
        call(SqlStdOperatorTable.EQUALS, col(charges, "customer"), str("b")),
        call(SqlStdOperatorTable.EQUALS, col(charges, "customer"), str("c")),
        call(SqlStdOperatorTable.EQUALS, col(charges, "customer"), str("d")));
    StripeFilterTranslator.Result r2 = translate(charges, tooMany);
    assertNull(list(r2).fanOut(), "past MaxFanOut (3 here) the IN is evaluated above");
    assertEquals(1, r2.residual().size());
  }

  @Test
  void orAcrossColumnsIsNotPushed() {
    RexNode or = call(SqlStdOperatorTable.OR,
        call(SqlStdOperatorTable.EQUALS, col(charges, "customer"), str("a")),
        call(SqlStdOperatorTable.EQUALS, col(charges, "payment_intent"), str("b")));
    StripeFilterTranslator.Result r = translate(charges, or);
    assertEquals(StripeQuery.fullScan("charges"), r.query());
    assertEquals(1, r.residual().size());
  }

  @Test
  void idEqualityAndInBecomeRetrieves() {
    RexNode in = call(SqlStdOperatorTable.OR,
        call(SqlStdOperatorTable.EQUALS, col(charges, "id"), str("ch_1")),
        call(SqlStdOperatorTable.EQUALS, col(charges, "id"), str("ch_2")));
    StripeFilterTranslator.Result r = translate(charges, call(SqlStdOperatorTable.AND, in,
        call(SqlStdOperatorTable.EQUALS, col(charges, "customer"), str("cus_1"))));
    assertEquals(new RetrieveQuery("charges", List.of("ch_1", "ch_2"), null), r.query());
    assertEquals(1, r.residual().size(), "a retrieve takes no filter: customer is evaluated above");
  }

  @Test
  void idAndParentListsLongerThanMaxFanOutAreScannedAndFilteredAbove() {
    RexNode ids = call(SqlStdOperatorTable.OR,
        call(SqlStdOperatorTable.EQUALS, col(charges, "id"), str("ch_1")),
        call(SqlStdOperatorTable.EQUALS, col(charges, "id"), str("ch_2")),
        call(SqlStdOperatorTable.EQUALS, col(charges, "id"), str("ch_3")),
        call(SqlStdOperatorTable.EQUALS, col(charges, "id"), str("ch_4")));
    StripeFilterTranslator.Result r = translate(charges, ids);
    assertEquals(StripeQuery.fullScan("charges"), r.query(), "four retrieves are past MaxFanOut (3 here)");
    assertEquals(1, r.residual().size());
    RexNode parents = call(SqlStdOperatorTable.OR,
        call(SqlStdOperatorTable.EQUALS, col(invoiceLines, "invoice"), str("in_1")),
        call(SqlStdOperatorTable.EQUALS, col(invoiceLines, "invoice"), str("in_2")),
        call(SqlStdOperatorTable.EQUALS, col(invoiceLines, "invoice"), str("in_3")),
        call(SqlStdOperatorTable.EQUALS, col(invoiceLines, "invoice"), str("in_4")));
    StripeFilterTranslator.Result p = translate(invoiceLines, parents);
    assertNull(list(p).parentIds(), "four parent lists are past MaxFanOut");
    assertEquals(1, p.residual().size());
  }

  @Test
  void parentEqualityListsThatParentsChildren() {
    StripeFilterTranslator.Result r = translate(invoiceLines,
        call(SqlStdOperatorTable.EQUALS, col(invoiceLines, "invoice"), str("in_1")));
    assertEquals(List.of("in_1"), list(r).parentIds());
    assertTrue(r.residual().isEmpty());
  }

  @Test
  void castToDateBecomesADayRangeAndIsKept() {
    RexNode castDate = REX.makeCast(TYPES.createSqlType(SqlTypeName.DATE), col(charges, "created"));
    RexNode c = call(SqlStdOperatorTable.EQUALS, castDate, REX.makeDateLiteral(new DateString("2024-01-05")));
    StripeFilterTranslator.Result r = translate(charges, c);
    long day = epoch("2024-01-05T00:00:00Z");
    assertEquals(day, gte(r));
    assertEquals(day + 86399, lte(r));
    assertEquals(1, r.residual().size());
  }

  @Test
  void notAndNotEqualAndIsNullStayAbove() {
    RexNode ne = call(SqlStdOperatorTable.NOT_EQUALS, col(charges, "customer"), str("a"));
    RexNode isNull = call(SqlStdOperatorTable.IS_NULL, col(charges, "customer"));
    StripeFilterTranslator.Result r = translate(charges, call(SqlStdOperatorTable.AND, ne, isNull));
    assertEquals(StripeQuery.fullScan("charges"), r.query());
    assertEquals(2, r.residual().size());
  }

  @Test
  void contradictoryRangesMatchNothing() {
    RexNode c = call(SqlStdOperatorTable.AND,
        call(SqlStdOperatorTable.GREATER_THAN, col(charges, "created"), ts("2024-02-01 00:00:00")),
        call(SqlStdOperatorTable.LESS_THAN, col(charges, "created"), ts("2024-01-01 00:00:00")));
    assertInstanceOf(NoRowsQuery.class, translate(charges, c).query());
  }

  @Test
  void searchQuotesAndEscapesValuesAndKeepsThePredicate() {
    ApiTable customers = Catalog.bundled().table("customers").orElseThrow();
    RexNode c = call(SqlStdOperatorTable.EQUALS, col(customers, "name"), str("a\"b\\c"));
    StripeFilterTranslator.Result r = translate(customers, c);
    assertEquals("name:\"a\\\"b\\\\c\"", ((SearchQuery) r.query()).queryText());
    assertEquals(1, r.residual().size(), "search is a superset: the predicate stays");
  }

  @Test
  void searchNotUsedWhenListParametersSuffice() {
    ApiTable customers = Catalog.bundled().table("customers").orElseThrow();
    StripeFilterTranslator.Result r = translate(customers,
        call(SqlStdOperatorTable.EQUALS, col(customers, "email"), str("x@y.z")));
    list(r);
  }

  @Test
  void integerLiteralOnAVarcharColumnIsNotPushed() {
    RexNode c = call(SqlStdOperatorTable.EQUALS, col(charges, "customer"),
        REX.makeExactLiteral(BigDecimal.ONE));
    assertEquals(StripeQuery.fullScan("charges"), translate(charges, c).query());
  }

  private static RexNode param(int index) {
    return REX.makeDynamicParam(TYPES.createTypeWithNullability(TYPES.createSqlType(SqlTypeName.VARCHAR), true), index);
  }

  private static RexNode eq(RexNode a, RexNode b) {
    return call(SqlStdOperatorTable.EQUALS, a, b);
  }

  @Test
  void aParameterOnAReferenceIdOrParentIsAPlaceholderAndStaysAbove() {
    StripeFilterTranslator.Result ref = translate(charges, eq(col(charges, "customer"), param(0)));
    assertEquals(Map.of("customer", "?0"), list(ref).equalities());
    assertEquals(1, ref.residual().size(), "the bound value is compared as SQL compares it");
    StripeFilterTranslator.Result id = translate(charges, eq(param(0), col(charges, "id")));
    assertEquals(new RetrieveQuery("charges", List.of("?0"), null), id.query());
    assertEquals(1, id.residual().size());
    StripeFilterTranslator.Result parent = translate(invoiceLines, eq(col(invoiceLines, "invoice"), param(2)));
    assertEquals(List.of("?2"), list(parent).parentIds());
    StripeFilterTranslator.Result in = translate(charges, call(SqlStdOperatorTable.OR,
        eq(col(charges, "customer"), param(0)), eq(col(charges, "customer"), str("cus_1"))));
    assertEquals(List.of("?0", "cus_1"), list(in).fanOut().values());
    assertEquals(1, in.residual().size());
    ApiTable customers = Catalog.bundled().table("customers").orElseThrow();
    assertInstanceOf(NoRowsQuery.class, translate(customers, eq(col(customers, "test_clock"), param(0))).query(),
        "the list shows no object of a test clock, whatever the value");
  }

  @Test
  void aParameterGoesOnlyWhereNoLiteralConstrainsTheSameThing() {
    RexNode param = eq(col(charges, "customer"), param(0));
    RexNode literal = eq(col(charges, "customer"), str("cus_1"));
    for (RexNode c : List.of(call(SqlStdOperatorTable.AND, param, literal), call(SqlStdOperatorTable.AND, literal, param))) {
      StripeFilterTranslator.Result r = translate(charges, c);
      assertEquals(Map.of("customer", "cus_1"), list(r).equalities(), c.toString());
      assertEquals(List.of(param), r.residual());
    }
    StripeFilterTranslator.Result ids = translate(charges, call(SqlStdOperatorTable.AND,
        eq(col(charges, "id"), param(0)), eq(col(charges, "id"), param(1))));
    assertEquals(new RetrieveQuery("charges", List.of("?0"), null), ids.query());
    assertEquals(2, ids.residual().size());
    // a retrieve through the parent takes a parameter parent only with parameter ids
    ApiTable refunds = Catalog.bundled().table("charge_refunds").orElseThrow();
    assertEquals(new RetrieveQuery("charge_refunds", List.of("re_1"), null, null), translate(refunds,
        call(SqlStdOperatorTable.AND, eq(col(refunds, "id"), str("re_1")), eq(col(refunds, "charge"), param(0)))).query());
    assertEquals(new RetrieveQuery("charge_refunds", List.of("?1"), List.of("?0"), null), translate(refunds,
        call(SqlStdOperatorTable.AND, eq(col(refunds, "charge"), param(0)), eq(col(refunds, "id"), param(1)))).query());
  }

  @Test
  void parametersThatAreNotPushed() {
    // an enum parameter: exact or not by value
    assertEquals(StripeQuery.fullScan("subscriptions"),
        translate(subscriptions, eq(col(subscriptions, "status"), param(0))).query());
    // a VARCHAR(n) parameter: Calcite cuts the value to n characters before comparing
    RexNode cut = REX.makeDynamicParam(TYPES.createSqlType(SqlTypeName.VARCHAR, 10), 0);
    assertEquals(StripeQuery.fullScan("charges"), translate(charges, eq(col(charges, "customer"), cut)).query());
    // ranges
    RexNode created = REX.makeDynamicParam(TYPES.createSqlType(SqlTypeName.TIMESTAMP, 0), 0);
    assertEquals(StripeQuery.fullScan("charges"), translate(charges,
        call(SqlStdOperatorTable.GREATER_THAN, col(charges, "created"), created), false).query());
    // a literal of the placeholder form is no parameter
    assertEquals(StripeQuery.fullScan("invoice_lines"),
        translate(invoiceLines, eq(col(invoiceLines, "invoice"), str("?0"))).query());
  }

  @Test
  void anyOfAnArrayParameterIsAnInOfItsElements() {
    RelDataType texts = TYPES.createArrayType(TYPES.createSqlType(SqlTypeName.VARCHAR), -1);
    RexNode ids = call(SqlStdOperatorTable.SOME_EQ, col(charges, "id"), REX.makeDynamicParam(texts, 0));
    StripeFilterTranslator.Result r = translate(charges, ids);
    assertEquals(new RetrieveQuery("charges", List.of("?0[3]"), null), r.query(), r.query().describe());
    assertEquals(List.of(ids), r.residual(), "the bound values are compared above, as SQL compares them");
    RexNode customers = call(SqlStdOperatorTable.SOME_EQ, col(charges, "customer"), REX.makeDynamicParam(texts, 0));
    assertEquals(new FanOut("customer", List.of("?0[3]")), list(translate(charges, customers)).fanOut());
    RexNode status = call(SqlStdOperatorTable.SOME_EQ, col(charges, "status"), REX.makeDynamicParam(texts, 0));
    assertEquals(ListQuery.all("charges"), translate(charges, status).query(), "not a reference: not pushed");
  }
}
