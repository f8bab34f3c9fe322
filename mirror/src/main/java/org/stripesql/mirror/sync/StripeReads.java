package org.stripesql.mirror.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.stripesql.adapter.client.ClientSettings;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.query.FanOut;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.RetrieveQuery;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.adapter.query.TimeRange;
import org.stripesql.adapter.scan.ScanBudget;
import org.stripesql.adapter.scan.StripeRows;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;

/**
 * Every Stripe read of a mirror, through the adapter's scan layer ({@link StripeRows} executing a
 * {@link StripeQuery}): the same paging, parallel time slices, retries and account rate budget as live
 * queries, whose requests share that budget. {@link #stop()} ends every read.
 */
public final class StripeReads {
  /** The most tables read at once, however the limits are set (each read keeps its own requests in flight). */
  static final int MAX_TABLES_AT_ONCE = 16;

  private final Catalog catalog;
  private final StripeClient client;
  private final AtomicBoolean stopped = new AtomicBoolean();

  public StripeReads(Catalog catalog, StripeClient client) {
    this.catalog = catalog;
    this.client = client;
  }

  public Catalog catalog() {
    return catalog;
  }

  /**
   * How many tables to read at once so that together they can use the account's whole rate budget
   * (docs/mirror.md, Loading): the account's limit over one endpoint's, and one more.
   */
  public int tablesAtOnce() {
    ClientSettings s = client.settings();
    return tablesAtOnce(s.rateLimit(), s.endpointRateLimit());
  }

  static int tablesAtOnce(double accountRate, double endpointRate) {
    return (int) Math.min(MAX_TABLES_AT_ONCE, Math.ceil(accountRate / endpointRate) + 1);
  }

  /** Rows of a query, read lazily. */
  public Iterator<Object[]> rows(StripeQuery query) {
    return new StripeRows(catalog, client, new ScanBudget(stopped)).rows(query);
  }

  /** Every row of a table, or those created at or before {@code createdAtMost} (unix seconds) when not null. */
  public Iterator<Object[]> scan(ApiTable t, Long createdAtMost) {
    ListQuery all = StripeQuery.fullScan(t.name());
    if (createdAtMost == null) {
      return rows(all);
    }
    TreeMap<String, TimeRange> ranges = new TreeMap<>();
    ranges.put("created", new TimeRange(null, createdAtMost));
    return rows(new ListQuery(t.name(), new TreeMap<>(), ranges, null, null, null));
  }

  /** The children of these parents. */
  public List<Object[]> children(ApiTable child, List<String> parentIds) {
    return drain(rows(StripeQuery.fullScan(child.name()).withParentIds(parentIds)));
  }

  /** The rows with these ids (missing ones: none). */
  public List<Object[]> retrieve(ApiTable t, List<String> ids) {
    return drain(rows(new RetrieveQuery(t.name(), ids, null)));
  }

  /** The rows whose list parameter {@code param} is one of {@code values}: one list call per value. */
  public List<Object[]> listBy(ApiTable t, String param, List<String> values) {
    return drain(rows(new ListQuery(t.name(), new TreeMap<>(), new TreeMap<>(), new FanOut(param, values), null,
        null)));
  }

  /** A GET of the API (the events feed). */
  public JsonNode get(String path, Map<String, List<String>> query) {
    return client.get(path, query, new ScanBudget(stopped));
  }

  /** Ends every read in progress and refuses new ones. */
  public void stop() {
    stopped.set(true);
  }

  private static List<Object[]> drain(Iterator<Object[]> it) {
    List<Object[]> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
