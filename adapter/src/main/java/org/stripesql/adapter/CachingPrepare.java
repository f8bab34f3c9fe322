package org.stripesql.adapter;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.Hook;
import org.stripesql.adapter.config.Operand;
import org.stripesql.catalog.Catalog;

/**
 * Calcite's statement preparation with a plan cache per connection: a statement seen before (the same
 * text) runs its prepared plan again, and one that differs only in string literals that went into
 * Stripe requests (ids, parent ids, parameter values) runs it with those values put into the stashed
 * queries; anything else is planned as usual. A plan whose mirrored tables would now be read another way
 * (a copy gone stale, or fresh again) is planned again. Reasoning: docs/parallel-scans.md.
 */
final class CachingPrepare extends CalcitePrepareImpl {
  /** Literals written the same in Java source and in SQL: printable ASCII without quotes or backslashes. */
  private static final Pattern PLAIN = Pattern.compile("[\\x20-\\x7E&&[^\"\\\\]]*");
  @Override
  public <T> CalciteSignature<T> prepareSql(Context context, Query<T> query, Type elementType, long maxRowCount) {
    List<StripeSchema> schemas = stripeSchemas(context.getRootSchema());
    PlanCache cache = schemas.isEmpty() ? null : schemas.get(0).planCache();
    StatementShape shape = query.sql == null || cache == null ? null
        : cache.shape(query.sql, () -> StatementShape.of(query.sql, context.config()));
    if (shape == null) {
      MirrorRoutes.clear();
      try {
        return prepareWithin(schemas, context, query, elementType, maxRowCount);
      } finally {
        MirrorRoutes.clear();
      }
    }
    String key = maxRowCount + "|" + elementType + "|" + shape.key();
    PlanCache.Entry hit = cache.get(key);
    if (hit != null && MirrorRoutes.hold(hit.routes())) {
      if (hit.literals().equals(shape.literals())) {
        @SuppressWarnings("unchecked")
        CalciteSignature<T> same = (CalciteSignature<T>) hit.signature();
        return same;
      }
      if (hit.rebindable()) {
        CalciteSignature<T> rebound = rebind(hit, query.sql, shape.literals(), schemas);
        if (rebound != null) {
          return rebound;
        }
      }
    }
    String[] source = new String[1];
    CalciteSignature<T> signature;
    List<MirrorRoutes.Decision> routes;
    MirrorRoutes.clear();
    try (Hook.Closeable ignored = Hook.JAVA_PLAN.addThread((Object s) -> source[0] = String.valueOf(s))) {
      signature = prepareWithin(schemas, context, query, elementType, maxRowCount);
    } finally {
      routes = MirrorRoutes.take();
    }
    cache.put(key, new PlanCache.Entry(signature, shape.literals(), rebindable(signature, shape, source[0]), routes));
    return signature;
  }

  /** Calcite's preparation, within the QueryTimeout of the connection's Stripe schema ({@link PrepareDeadline}). */
  private <T> CalciteSignature<T> prepareWithin(List<StripeSchema> schemas, Context context, Query<T> query,
      Type elementType, long maxRowCount) {
    Duration timeout = timeoutOf(schemas, context);
    PrepareDeadline deadline = PrepareDeadline.start(timeout);
    if (deadline == null) {
      return super.prepareSql(context, query, elementType, maxRowCount);
    }
    try (deadline) {
      CalciteSignature<T> signature = super.prepareSql(context, query, elementType, maxRowCount);
      deadline.check();
      return signature;
    } catch (RuntimeException e) {
      throw deadline.failure(e);
    }
  }

  /** QueryTimeout of the connection's default schema when a Stripe schema, else of its first; else the default. */
  private static Duration timeoutOf(List<StripeSchema> schemas, Context context) {
    List<String> path = context.getDefaultSchemaPath();
    CalciteSchema root = context.getRootSchema();
    if (root != null && path != null && !path.isEmpty()) {
      CalciteSchema s = root.getSubSchema(path.get(0), true);
      if (s != null && s.schema instanceof StripeSchema preferred) {
        return preferred.queryTimeout();
      }
    }
    if (!schemas.isEmpty()) {
      return schemas.get(0).queryTimeout();
    }
    return Duration.ofMillis((long) (Double.parseDouble(Operand.QUERY_TIMEOUT.defaultValue(false)) * 1000));
  }

  /**
   * The planner, which stops at its next rule when the preparation's deadline has passed, and may plan an
   * ORDER BY with a LIMIT as a top-N sort (Calcite's {@code EnumerableLimitSort}, which keeps only the first
   * rows; its default rules sort every row, then take the first).
   */
  @Override
  protected List<Function1<Context, RelOptPlanner>> createPlannerFactories() {
    return List.of(c -> {
      RelOptPlanner planner = createPlanner(c, PrepareDeadline.plannerContext(c.config()), null);
      planner.addRule(EnumerableRules.ENUMERABLE_LIMIT_SORT_RULE);
      return planner;
    });
  }

  /**
   * Whether other literals may replace this statement's: each is distinct, went into a stashed query and
   * is nowhere in the generated code (so no filter or projection of the plan holds it).
   */
  private static boolean rebindable(CalciteSignature<?> signature, StatementShape shape, String source) {
    List<String> literals = shape.literals();
    if (literals.isEmpty() || source == null || new HashSet<>(literals).size() != literals.size()) {
      return false;
    }
    for (String l : literals) {
      if (l.isEmpty() || !PLAIN.matcher(l).matches() || source.contains(l)) {
        return false;   // (Java source escapes quotes, backslashes and others: only plain text is looked for)
      }
    }
    return QueryRebinder.usesAll(signature.internalParameters, literals);
  }

  private static <T> CalciteSignature<T> rebind(PlanCache.Entry hit, String sql, List<String> literals,
      List<StripeSchema> schemas) {
    if (new HashSet<>(literals).size() != literals.size() || literals.contains("")) {
      return null;
    }
    Map<String, String> replacement = new HashMap<>();
    for (int i = 0; i < literals.size(); i++) {
      replacement.put(hit.literals().get(i), literals.get(i));
    }
    List<Catalog> catalogs = new ArrayList<>();
    schemas.forEach(s -> catalogs.add(s.catalog()));
    Optional<Map<String, Object>> stash = QueryRebinder.rebind(hit.signature().internalParameters, replacement,
        catalogs);
    if (stash.isEmpty()) {
      return null;
    }
    @SuppressWarnings("unchecked")
    CalciteSignature<T> planned = (CalciteSignature<T>) hit.signature();
    Bindable<T> bindable = planned::enumerable;   // the planned code, which reads the stash from the context
    return new CalciteSignature<>(sql, planned.parameters, stash.get(), planned.rowType, planned.columns,
        planned.cursorFactory, planned.rootSchema, planned.getCollationList(), -1, bindable, planned.statementType);
  }

  /** The connection's Stripe schemas, in name order. */
  private static List<StripeSchema> stripeSchemas(CalciteSchema root) {
    List<StripeSchema> out = new ArrayList<>();
    if (root != null) {
      for (CalciteSchema s : root.getSubSchemaMap().values()) {
        if (s.schema instanceof StripeSchema stripe) {
          out.add(stripe);
        }
      }
    }
    return out;
  }
}
