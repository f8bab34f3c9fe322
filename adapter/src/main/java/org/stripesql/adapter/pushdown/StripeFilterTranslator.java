package org.stripesql.adapter.pushdown;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.QueryParameters;
import org.stripesql.adapter.query.RetrieveQuery;
import org.stripesql.adapter.query.SearchClause;
import org.stripesql.adapter.query.SearchQuery;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ColumnType;
import org.stripesql.catalog.FilterKind;

/**
 * Translates a filter condition on a Stripe table into the narrowest {@link StripeQuery} the table's
 * list endpoint allows, and the conjuncts that must still be evaluated above the scan: a pure function.
 * The pushed query always returns a superset of the matching rows; the rules that keep it so are in
 * docs/design.md.
 */
public final class StripeFilterTranslator {
  /** Stripe's limit of clauses in one search query. */
  static final int MAX_SEARCH_CLAUSES = 10;


  private final ApiTable table;
  private final RexBuilder rexBuilder;
  private final List<String> fieldNames;
  private final Options options;

  /**
   * What the schema allows the translation.
   *
   * @param maxFanOut              most list calls one IN list may become
   * @param useSearchApi           whether predicates list endpoints cannot take may go to the Search API
   * @param clock                  "now", for CURRENT_DATE and CURRENT_TIMESTAMP bounds
   * @param searchLagWindowSeconds how far back a search also reads new and changed objects, for the
   *                               index lag; 0 for none
   */
  public record Options(int maxFanOut, boolean useSearchApi, Clock clock, long searchLagWindowSeconds) {
    public Options(int maxFanOut, boolean useSearchApi, Clock clock) {
      this(maxFanOut, useSearchApi, clock, 0);
    }
  }

  /**
   * The translation: the query to run, the conjuncts to evaluate above it, and, for a child table
   * inside a batched nested-loop join, the outer rows' parent ids (correlation variables).
   */
  public record Result(StripeQuery query, List<RexNode> residual, List<RexNode> outerParents) {
    Result(StripeQuery query, List<RexNode> residual) {
      this(query, residual, List.of());
    }
  }

  enum Outcome { NOT_PUSHED, EXACT, SUPERSET }

  /** Whether {@code id} predicates may become retrieves (false on the second pass, when they cannot). */
  private boolean idLookups = true;

  private StripeFilterTranslator(ApiTable table, RexBuilder rexBuilder, List<String> fieldNames, Options options) {
    this.table = table;
    this.rexBuilder = rexBuilder;
    this.fieldNames = fieldNames;
    this.options = options;
  }

  /**
   * Translates {@code condition}, a predicate on the rows of {@code table} whose fields are named
   * {@code fieldNames}, over a full scan of the table.
   */
  public static Result translate(RexNode condition, ApiTable table, List<String> fieldNames, RexBuilder rexBuilder,
      Options options) {
    return new StripeFilterTranslator(table, rexBuilder, fieldNames, options).translate(condition);
  }

  private Result translate(RexNode condition) {
    Result r = translate(condition, true);
    if (r.query() instanceof RetrieveQuery retrieve && !retrievable(retrieve)) {
      return translate(condition, false);   // no way to retrieve by id alone: list, and test the id above
    }
    return r;
  }

  /**
   * Whether the rows of a retrieve can be read: a child table whose retrieve endpoint has the parent id
   * in its path needs the parents from the query, or a top-level retrieve endpoint for the same objects.
   */
  private boolean retrievable(RetrieveQuery retrieve) {
    return !retrieveNeedsParent() || retrieve.parentIds() != null || table.topRetrievePath() != null;
  }

  private boolean retrieveNeedsParent() {
    return table.parent() != null && table.parent().pathParam() != null && table.retrievePath() != null
        && table.retrievePath().contains("{" + table.parent().pathParam() + "}");
  }

  private Result translate(RexNode condition, boolean idLookups) {
    QueryBuilder pushed = new QueryBuilder(table.name(), retrieveNeedsParent());
    this.idLookups = idLookups;
    List<RexNode> residual = new ArrayList<>();
    List<RexNode> exactNonId = new ArrayList<>();
    RexNode expanded = RexUtil.expandSearch(rexBuilder, null, condition);
    List<RexNode> conjuncts = RelOptUtil.conjunctions(expanded);
    boolean searchAddsSomething = false;
    SearchClauses search = options.useSearchApi() ? new SearchClauses(table, fieldNames) : null;
    List<RexNode> outerParents = new ArrayList<>();
    RexNode outerParentConjunct = null;
    Outcome[] outcomes = new Outcome[conjuncts.size()];
    // literals first, then statement parameters (ids before the rest): a parameter goes only where no
    // literal constrains the same thing, since what both allow is unknown until the statement runs
    for (int phase = 0; phase < 3; phase++) {
      for (int i = 0; i < conjuncts.size(); i++) {
        RexNode conjunct = conjuncts.get(i);
        if (phase(conjunct) != phase) {
          continue;
        }
        if (outerParentConjunct == null && outerParents(conjunct, outerParents)) {
          outerParentConjunct = conjunct;
          continue;   // exact: each call lists exactly that parent's children
        }
        outcomes[i] = conjunct(conjunct, pushed);
      }
    }
    for (int i = 0; i < conjuncts.size(); i++) {
      RexNode conjunct = conjuncts.get(i);
      Outcome o = outcomes[i];
      if (o == null) {
        continue;   // the outer rows' parents
      }
      if (o != Outcome.EXACT) {
        residual.add(conjunct);
      } else if (!isIdLookup(conjunct)) {
        exactNonId.add(conjunct);
      }
      if (o == Outcome.NOT_PUSHED && search != null && search.clause(conjunct) != null) {
        searchAddsSomething = true;
      }
    }
    if (pushed.hasIds()) {
      // a retrieve call takes no filters: whatever else was pushed is evaluated above it
      residual.addAll(exactNonId);
      if (outerParentConjunct != null) {
        residual.add(0, outerParentConjunct);
      }
      return new Result(pushed.build(), residual);
    }
    StripeQuery query = pushed.build();
    if (outerParentConjunct != null) {
      if (!(query instanceof ListQuery list) || list.parentIds() != null) {
        // literal parents or no rows at all already narrow it: evaluate the correlation above
        residual.add(0, outerParentConjunct);
        return new Result(query, residual);
      }
      return new Result(list.withParentIds(List.of()), residual, outerParents);
    }
    if (searchAddsSomething && query instanceof ListQuery list && !pushed.isSelective()) {
      return searchQuery(conjuncts, search, list);
    }
    return new Result(query, residual);
  }

  /**
   * {@code parent = $cor0.id OR parent = $cor1.id ...}, the filter a batched nested-loop join puts on
   * its inner side: collects the correlated values when the column is a child table's parent column.
   */
  private boolean outerParents(RexNode conjunct, List<RexNode> out) {
    if (table.parent() == null) {
      return false;
    }
    List<RexNode> values = new ArrayList<>();
    for (RexNode d : RelOptUtil.disjunctions(conjunct)) {
      Comparison c = Comparison.of(d);
      if (c == null || c.kind != SqlKind.EQUALS || c.castToDate || !isParentColumn(column(c.ref.getIndex()))
          || !(c.other instanceof RexFieldAccess)
          || !(((RexFieldAccess) c.other).getReferenceExpr() instanceof RexCorrelVariable)) {
        return false;
      }
      values.add(c.other);
    }
    out.addAll(values);
    return true;
  }

  /**
   * The Search API reads conjuncts the list endpoint cannot ({@code amount > 1000}, {@code name}...),
   * for a scan that would otherwise list the whole table. It carries every clause it can express (the
   * list's time range too), at most {@link #MAX_SEARCH_CLAUSES}; its results are a superset of the SQL
   * rows, so every conjunct stays above. The list is kept as the fallback for an account without
   * Search, and made exact for the index lag by the scan layer (docs/design.md).
   */
  private Result searchQuery(List<RexNode> conjuncts, SearchClauses search, ListQuery list) {
    List<SearchClause> clauses = new ArrayList<>(search.rangeClauses(list.ranges()));
    for (RexNode c : conjuncts) {
      SearchClause clause = search.clause(c);
      if (clause != null && !clauses.contains(clause) && !search.coveredByRange(clause, list.ranges())) {
        clauses.add(clause);
      }
    }
    if (clauses.size() > MAX_SEARCH_CLAUSES) {
      clauses = new ArrayList<>(clauses.subList(0, MAX_SEARCH_CLAUSES));   // fewer clauses: a larger superset
    }
    return new Result(new SearchQuery(table.name(), clauses, list, options.searchLagWindowSeconds(), null),
        new ArrayList<>(conjuncts));
  }

  /** 0 for a conjunct without a statement parameter, 1 for an id lookup with one, 2 for the rest. */
  private int phase(RexNode conjunct) {
    boolean[] found = {false};
    conjunct.accept(new RexVisitorImpl<Void>(true) {
      @Override
      public Void visitDynamicParam(RexDynamicParam param) {
        found[0] = true;
        return null;
      }
    });
    return !found[0] ? 0 : isIdLookup(conjunct) ? 1 : 2;
  }

  private boolean isIdLookup(RexNode conjunct) {
    List<RexNode> parts = conjunct.getKind() == SqlKind.OR ? RelOptUtil.disjunctions(conjunct) : List.of(conjunct);
    for (RexNode p : parts) {
      Comparison c = Comparison.of(p);
      if (c == null || !"id".equals(fieldNames.get(c.ref.getIndex()))) {
        return false;
      }
    }
    return true;
  }

  private Outcome conjunct(RexNode node, QueryBuilder pushed) {
    switch (node.getKind()) {
      case OR:
        return disjunction(node, pushed);
      case INPUT_REF:
        return booleanColumn((RexInputRef) node, true, pushed);
      case NOT: {
        RexNode operand = ((RexCall) node).getOperands().get(0);
        return operand instanceof RexInputRef ? booleanColumn((RexInputRef) operand, false, pushed)
            : Outcome.NOT_PUSHED;
      }
      case EQUALS:
      case SOME:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
        return comparison(node, pushed);
      default:
        return Outcome.NOT_PUSHED;
    }
  }

  /** {@code a = 1 OR a = 2} (and {@code a IN (1, 2)}, which arrives expanded): ids, parents or a fan-out. */
  private Outcome disjunction(RexNode node, QueryBuilder pushed) {
    Integer field = null;
    List<String> values = new ArrayList<>();
    boolean parameters = false;
    for (RexNode d : RelOptUtil.disjunctions(node)) {
      Comparison c = Comparison.of(d);
      if (c == null || c.kind != SqlKind.EQUALS || c.castToDate || c.literal == null && c.param == null
          || c.elements || (field != null && field != c.ref.getIndex())) {
        return Outcome.NOT_PUSHED;
      }
      field = c.ref.getIndex();
      ApiColumn column = column(field);
      String v = c.literal != null ? paramValue(column, c.literal) : QueryParameters.placeholder(c.param.getIndex());
      if (v == null) {
        return Outcome.NOT_PUSHED;
      }
      parameters |= c.literal == null;
      values.add(v);
    }
    if (field == null) {
      return Outcome.NOT_PUSHED;
    }
    ApiColumn column = column(field);
    if (new HashSet<>(values).size() > options.maxFanOut()) {
      return Outcome.NOT_PUSHED;   // one Stripe call per value would be too many: scan and filter above
    }
    if (parameters) {
      return parameterEquality(column, values, pushed);
    }
    if (isIdColumn(column) || isParentColumn(column)) {
      List<String> named = values.stream().filter(v -> !v.isEmpty()).toList();
      if (named.isEmpty()) {
        pushed.matchNothing();   // no object has an empty id: nothing to ask Stripe
        return Outcome.EXACT;
      }
      if (isIdColumn(column)) {
        pushed.ids(named);
      } else {
        pushed.parents(named);
        pushed.markSelective();
      }
      return Outcome.EXACT;
    }
    if (omittedWhenSet(column)) {
      pushed.matchNothing();
      return Outcome.EXACT;
    }
    ApiFilter f = equalsFilter(column);
    if (f == null || !pushed.canFanOut()) {
      return Outcome.NOT_PUSHED;
    }
    Outcome all = Outcome.EXACT;
    for (String v : values) {
      Outcome o = valueOutcome(column, f, v);
      if (o == Outcome.NOT_PUSHED) {
        return Outcome.NOT_PUSHED;   // one value Stripe cannot filter on: the IN is evaluated above a scan
      }
      all = o == Outcome.SUPERSET ? o : all;
    }
    // exact values of one column select disjoint rows; inexact ones (a pattern) may select a row twice
    boolean distinct = all == Outcome.SUPERSET;
    if (distinct && table.columnIndex("id") < 0) {
      return Outcome.NOT_PUSHED;
    }
    pushed.fanOut(f.param(), values, distinct);
    if (column.ref() != null) {
      pushed.markSelective();
    }
    return all;
  }

  private Outcome booleanColumn(RexInputRef ref, boolean value, QueryBuilder pushed) {
    ApiColumn column = column(ref.getIndex());
    ApiFilter f = equalsFilter(column);
    if (f == null || column.type() != ColumnType.BOOLEAN) {
      return Outcome.NOT_PUSHED;
    }
    pushed.equal(f.param(), Boolean.toString(value));
    return Outcome.EXACT;
  }

  private Outcome comparison(RexNode node, QueryBuilder pushed) {
    Comparison c = Comparison.of(node);
    if (c == null) {
      return Outcome.NOT_PUSHED;
    }
    ApiColumn column = column(c.ref.getIndex());
    if (column.type() == ColumnType.TIMESTAMP) {
      return c.elements ? Outcome.NOT_PUSHED : timeRange(c, column, pushed);
    }
    if (c.kind != SqlKind.EQUALS || c.castToDate) {
      return Outcome.NOT_PUSHED;
    }
    if (c.literal == null) {
      String placeholder = c.param == null ? null : c.elements
          ? QueryParameters.elements(c.param.getIndex(), options.maxFanOut())
          : QueryParameters.placeholder(c.param.getIndex());
      return c.param == null ? Outcome.NOT_PUSHED : parameterEquality(column, List.of(placeholder), pushed);
    }
    String value = paramValue(column, c.literal);
    if (value == null) {
      return Outcome.NOT_PUSHED;
    }
    if (value.isEmpty() && (isIdColumn(column) || isParentColumn(column))) {
      pushed.matchNothing();   // no object has an empty id; Stripe refuses an empty value (parameter_invalid_empty)
      return Outcome.EXACT;
    }
    if (isIdColumn(column)) {
      pushed.ids(List.of(value));
      return Outcome.EXACT;
    }
    if (isParentColumn(column)) {
      pushed.parents(List.of(value));
      pushed.markSelective();
      return Outcome.EXACT;
    }
    if (omittedWhenSet(column)) {
      pushed.matchNothing();   // test_clock = 'clock_1': objects of a test clock are no rows
      return Outcome.EXACT;
    }
    ApiFilter f = equalsFilter(column);
    if (f == null) {
      return Outcome.NOT_PUSHED;
    }
    Outcome o = valueOutcome(column, f, value);
    if (o != Outcome.NOT_PUSHED) {
      pushed.equal(f.param(), value);
      if (column.ref() != null) {
        pushed.markSelective();
      }
    }
    return o;
  }

  /**
   * {@code column = ?} (or an IN with parameters, {@code values} holding placeholders): a retrieve's
   * ids, a child's parents, or a reference parameter without an enum, where any value names the objects
   * or makes Stripe answer {@code resource_missing} (no rows); enum values are exact or not by value, so
   * are never parameters. Only where no literal constrains the same thing, and into a retrieve's parents
   * only with parameter ids (a parameter's constraint may be dropped when it runs: {@link QueryParameters}).
   * Never exact: the conjunct stays above, so the bound text is compared as SQL compares it.
   */
  private Outcome parameterEquality(ApiColumn column, List<String> values, QueryBuilder pushed) {
    if (isIdColumn(column)) {
      if (pushed.hasIds()) {
        return Outcome.NOT_PUSHED;
      }
      pushed.ids(values);
      return Outcome.SUPERSET;
    }
    if (isParentColumn(column)) {
      if (pushed.hasParents() || pushed.hasLiteralIds() && retrieveNeedsParent()) {
        return Outcome.NOT_PUSHED;
      }
      pushed.parents(values);
      pushed.markSelective();
      return Outcome.SUPERSET;
    }
    if (omittedWhenSet(column)) {
      pushed.matchNothing();   // test_clock = ?: whatever the value, the list shows no such object
      return Outcome.SUPERSET;
    }
    ApiFilter f = equalsFilter(column);
    if (f == null || column.ref() == null && !f.mustBeFixed() || f.values() != null || pushed.constrains(f.param())
        || f.valueType() != null && !"string".equals(f.valueType())) {
      return Outcome.NOT_PUSHED;
    }
    if (values.size() == 1 && !QueryParameters.isElements(values.get(0))) {
      pushed.equal(f.param(), values.get(0));
    } else if (pushed.canFanOut()) {
      pushed.fanOut(f.param(), values, false);   // references name disjoint rows; equal values are sent once
    } else {
      return Outcome.NOT_PUSHED;
    }
    pushed.markSelective();
    return Outcome.SUPERSET;
  }

  /**
   * How {@code param=value} filters. An enum parameter's value is exact only when it is also a value
   * of the object's field: {@code status=all} or {@code ended} select rows whose status is something
   * else, and a value the parameter does not declare (newer than the spec: {@code reversed} topups)
   * would be refused, so both are not pushed; nor is an empty value, which Stripe refuses where the
   * parameter's enum does not list it. Booleans, integers and references compare exactly as SQL
   * does; free text may not (Stripe lower-cases currencies, reads event types as patterns), so it is
   * pushed and kept.
   */
  private static Outcome valueOutcome(ApiColumn column, ApiFilter f, String value) {
    if (value.isEmpty() && (f.values() == null || !f.values().contains(""))) {
      return Outcome.NOT_PUSHED;   // Stripe reads an empty value as unsetting the parameter and refuses it
    }
    if (f.values() != null) {
      if (!f.values().contains(value)) {
        return Outcome.NOT_PUSHED;
      }
      if (column.values() != null) {
        return column.mayHold(value) ? Outcome.EXACT : Outcome.NOT_PUSHED;
      }
      return Outcome.SUPERSET;
    }
    boolean exact = column.ref() != null || column.type() == ColumnType.BOOLEAN || column.type() == ColumnType.BIGINT;
    return exact ? Outcome.EXACT : Outcome.SUPERSET;
  }

  /**
   * What {@code column = value} becomes as far as the value decides: how it is pushed into the column's
   * equality parameter ({@link #valueOutcome}), and whether the field's enum holds the value. Literals
   * with the same answer plan alike, so a cached plan may take one in place of another (the plan cache).
   */
  public static String valueShape(ApiTable table, String columnName, String value) {
    ApiColumn column = table.column(columnName).orElse(null);
    if (column == null) {
      return "no column";
    }
    ApiFilter f = null;
    for (ApiFilter candidate : table.filters()) {
      if (f == null && candidate.kind() == FilterKind.EQUALS && columnName.equals(candidate.column())) {
        f = candidate;
      }
    }
    String pushed = f == null ? "no parameter" : valueOutcome(column, f, value).name();
    return pushed + (column.values() == null ? "" : column.mayHold(value) ? ", a field value" : ", no field value");
  }

  /** A comparison of a unix-time column: into the range parameter that filters it, in whole seconds. */
  private Outcome timeRange(Comparison c, ApiColumn column, QueryBuilder pushed) {
    ApiFilter f = rangeFilter(column);
    return f == null ? Outcome.NOT_PUSHED : new TimeRanges(rexBuilder, options.clock()).translate(c, f, pushed);
  }

  /** The parameter value for an equality literal, or null when the literal's type does not fit. */
  private static String paramValue(ApiColumn column, RexLiteral literal) {
    if (literal.isNull()) {
      return null;
    }
    switch (column.type()) {
      case VARCHAR: {
        String s = literal.getTypeName().getFamily() == SqlTypeFamily.CHARACTER ? literal.getValueAs(String.class) : null;
        return QueryParameters.isPlaceholder(s) ? null : s;   // a literal never reads as a statement parameter
      }
      case BOOLEAN:
        return literal.getTypeName() == SqlTypeName.BOOLEAN ? literal.getValueAs(Boolean.class).toString() : null;
      case BIGINT: {
        BigDecimal d = literal.getValueAs(BigDecimal.class);
        if (d == null) {
          return null;
        }
        try {
          return Long.toString(d.longValueExact());
        } catch (ArithmeticException e) {
          return null;
        }
      }
      default:
        return null;
    }
  }

  private ApiColumn column(int index) {
    return table.column(fieldNames.get(index)).orElseThrow();
  }

  /** Whether the list leaves out every object with a value in the column: then no row equals a value. */
  private boolean omittedWhenSet(ApiColumn column) {
    return table.listOmitsOrEmpty().stream().anyMatch(o -> o.values() == null && o.column().equals(column.name()));
  }

  private boolean isIdColumn(ApiColumn column) {
    return idLookups && column.name().equals("id") && table.retrievePath() != null;
  }

  private boolean isParentColumn(ApiColumn column) {
    return table.parent() != null && table.parent().column().equals(column.name());
  }

  private ApiFilter equalsFilter(ApiColumn column) {
    for (ApiFilter f : table.filters()) {
      if (f.kind() == FilterKind.EQUALS && column.name().equals(f.column())) {
        return f;
      }
    }
    return null;
  }

  private ApiFilter rangeFilter(ApiColumn column) {
    for (ApiFilter f : table.filters()) {
      if (f.kind() == FilterKind.RANGE && column.name().equals(f.column())) {
        return f;
      }
    }
    return null;
  }
}
