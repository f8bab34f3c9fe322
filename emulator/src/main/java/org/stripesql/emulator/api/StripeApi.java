package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.TableKind;
import org.stripesql.emulator.data.DataSet;
import org.stripesql.emulator.data.EmulatorClock;
import org.stripesql.emulator.spec.SpecOperations;

/**
 * The emulated Stripe API, without HTTP: every endpoint the catalog describes, by method and path, over
 * one data set (list, child list, retrieve, search and singleton endpoints, all GET), and the write
 * endpoints of the core resources ({@link WriteRoutes}), which emit Stripe's events. Strict,
 * it first checks each request against the operation Stripe's spec declares ({@link RequestValidator})
 * and answers as Stripe does ({@link Strictness}), on every route the spec declares.
 */
public final class StripeApi {
  private final Router router = new Router();
  private final RequestValidator validator;
  private final boolean strict;
  private final Writes writes;
  private final ResourcePermissions permissions;
  private final ReportRuns reports;
  private final String accountId;

  /** A lenient API without search lag: parameters are checked against the catalog only. */
  public StripeApi(Catalog catalog, DataSet data) {
    this(catalog, data, false, new SearchIndex(Clock.systemUTC()), new EmulatorClock(Instant.now()));
  }

  /**
   * {@code strict}: requests are checked against Stripe's spec ({@link SpecOperations#bundled()}) and
   * answered as Stripe does (docs/emulator.md); {@code index}: what search finds, with its lag;
   * {@code clock}: the time writes and their events are created at.
   */
  public StripeApi(Catalog catalog, DataSet data, boolean strict, SearchIndex index, EmulatorClock clock) {
    this(catalog, data, strict, index, clock, ReportRuns.DEFAULT_DELAY, Set.of(), false);
  }

  /**
   * The same with report runs that stay pending for {@code reportRunDelay}, and report types the account
   * cannot run ({@code unavailableReports}, by id).
   */
  public StripeApi(Catalog catalog, DataSet data, boolean strict, SearchIndex index, EmulatorClock clock,
      Duration reportRunDelay, Set<String> unavailableReports) {
    this(catalog, data, strict, index, clock, reportRunDelay, unavailableReports, false);
  }

  /**
   * The same; {@code connected}: the data is a connected account's, whose events carry its id in
   * {@code account} (Stripe's Connect events do).
   */
  public StripeApi(Catalog catalog, DataSet data, boolean strict, SearchIndex index, EmulatorClock clock,
      Duration reportRunDelay, Set<String> unavailableReports, boolean connected) {
    this.accountId = ownAccountId(catalog, data);
    this.writes = new Writes(catalog, data, clock, index, connected ? accountId : null);
    this.reports = new ReportRuns(data, writes, reportRunDelay, unavailableReports);
    this.permissions = new ResourcePermissions(catalog);
    WriteRoutes.addTo(router, writes);
    SpecOperations spec = SpecOperations.bundled();
    this.validator = new RequestValidator(spec);
    this.strict = strict;
    Strictness strictness = strict ? new Strictness(true, spec) : Strictness.lenient(spec);
    Expander expander = new Expander(catalog, data);
    ListPager strictPager = new ListPager(data, expander, strictness);
    ListPager lenientPager = new ListPager(data, expander, Strictness.lenient(spec));
    ReportRoutes.addTo(router, reports, catalog, strict ? strictPager : lenientPager);
    for (ApiTable t : catalog.tables()) {
      ApiTable parent = t.parent() == null ? null : catalog.table(t.parent().table()).orElse(null);
      Strictness s = strictness.forRoute(t.path());
      ListPager pager = s.strict() ? strictPager : lenientPager;
      switch (t.kind()) {
        case LIST -> router.add("GET", t.path(), s.strict() && PaymentMethodsEndpoint.PATH.equals(t.path())
            ? new PaymentMethodsEndpoint(t, data, pager) : new ListEndpoint(t, data, pager));
        case CHILD -> router.add("GET", t.path(), isUpcomingLines(t)
            ? new UpcomingLinesEndpoint(t, parent, data, pager, s) : new ChildListEndpoint(t, parent, data, pager, s));
        case SINGLETON -> router.add("GET", t.path(), new SingletonEndpoint(t, data, expander, s));
      }
      if (t.retrievePath() != null) {
        router.add("GET", t.retrievePath(),
            new RetrieveEndpoint(t, parent, data, expander, strictness.forRoute(t.retrievePath())));
      }
      if (t.search() != null) {
        router.add("GET", t.search().path(),
            new SearchEndpoint(t, data, expander, strictness.forRoute(t.search().path()), index));
      }
    }
  }

  /** The account the keys belong to, as Stripe names it in a restricted key's 403. */
  private static String ownAccountId(Catalog catalog, DataSet data) {
    for (ApiTable t : catalog.tables()) {
      if (t.kind() == TableKind.SINGLETON && "account".equals(t.object()) && !data.list(t.name()).isEmpty()) {
        return data.list(t.name()).get(0).path("id").asText("acct_emulator");
      }
    }
    return "acct_emulator";
  }

  private static boolean isUpcomingLines(ApiTable t) {
    return "upcoming_invoice_lines".equals(t.name()) && t.parent().pathParam() == null;
  }

  /**
   * The answer to a request (HEAD answered as GET), or an {@link ApiException}: 404 for an unknown path,
   * 405 for a method the path does not serve, and each endpoint's own errors.
   */
  public JsonNode answer(String method, String path, Map<String, List<String>> query) {
    return answer(method, path, query, Map.of());
  }

  /** The answer to a request with a form body (a write), made with full access. */
  public JsonNode answer(String method, String path, Map<String, List<String>> query,
      Map<String, List<String>> form) {
    return answer(method, path, query, form, Access.FULL);
  }

  /**
   * The answer to a request made with {@code access}: after the route is found, a restricted key without
   * the route's permission gets Stripe's 403, before its parameters are checked.
   */
  public JsonNode answer(String method, String path, Map<String, List<String>> query,
      Map<String, List<String>> form, Access access) {
    Router.Match m = router.match(method, path);
    permissions.check(access, method, m.template(), accountId);
    boolean read = "GET".equals(method) || "HEAD".equals(method);
    if (strict) {
      validator.check(method, m.template(), read ? query : form);
    } else if (read) {
      validator.checkEmpty(method, m.template(), query);   // a write's empty value unsets a field, as Stripe's do
    }
    return m.endpoint().answer(new ApiRequest(path, m.params(), query, form));
  }

  /** The Reporting API's state: report types, runs and their files; tests set its delay and failures. */
  public ReportRuns reports() {
    return reports;
  }

  /** Drops events past Stripe's 30-day retention (after the clock moved). */
  public void dropExpiredEvents() {
    writes.dropExpiredEvents();
  }

  /** Holds events back from the list until released, to emulate events that become visible late. */
  public void holdEvents() {
    writes.hold();
  }

  /** Lists the held event at {@code index} (0: the first held); returns its id. */
  public String releaseHeldEvent(int index) {
    return writes.release(index);
  }
}
