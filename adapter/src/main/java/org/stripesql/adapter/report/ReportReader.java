package org.stripesql.adapter.report;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.scan.ScanBudget;
import org.stripesql.adapter.scan.StripeEnumerator;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ReportType;

/**
 * Runs the report scans of one Stripe schema for the code Calcite generates: each execution resolves its
 * interval (the bounds it gives, else the type's available range), and reads the rows of the run for it
 * through a {@link ReportSource}, within the statement's budget.
 */
public final class ReportReader {
  private final ReportRuns runs;
  private final ReportResults results;
  private final long maxPagesPerQuery;
  private final Duration queryTimeout;

  /**
   * @param filesBase  where result files are downloaded (filesBase)
   * @param cacheTime  how long results and available ranges are reused (ReportCacheSeconds)
   */
  public ReportReader(StripeClient client, String filesBase, Duration cacheTime, long maxPagesPerQuery,
      Duration queryTimeout) {
    this.results = ReportResults.of(client.accountKey() + "|" + filesBase, cacheTime);
    this.runs = new ReportRuns(client, filesBase, cacheTime.toNanos(), results.availability());
    this.maxPagesPerQuery = maxPagesPerQuery;
    this.queryTimeout = queryTimeout;
  }

  /** The rows of a report table's scan; the statement's parameter values ({@code ?0}) bound in its interval. */
  public Enumerable<Object[]> read(DataContext root, ReportType type, ApiTable table, ReportQuery query) {
    ScanBudget statement = ScanBudget.forExecution(root, maxPagesPerQuery, queryTimeout);
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object[]> enumerator() {
        ScanBudget budget = statement.forScan();
        ReportSource source = new ReportSource(type, table, () -> resolve(root, type, query, budget), runs, results,
            budget);
        return new StripeEnumerator(source, budget);
      }
    };
  }

  /**
   * The run parameters: the greatest lower bound of interval_start and the least upper bound of interval_end
   * the statement gives, each else the edge of the type's available range, and the payout it names; null
   * when no interval lies between them. A bound outside the available range, or no payout for a single
   * payout's report, fails the statement (SQLSTATE 22023), saying so.
   */
  private RunParameters resolve(DataContext root, ReportType type, ReportQuery query, ScanBudget budget) {
    Availability a = runs.availability(type.id(), budget);
    Long start = edge(root, query.start(), true);
    Long end = edge(root, query.end(), false);
    if (start != null && (start < a.dataAvailableStart() || start > a.dataAvailableEnd())
        || end != null && (end < a.dataAvailableStart() || end > a.dataAvailableEnd())) {
      String asked = (start == null ? "" : "interval_start " + ReportQuery.formatSeconds(start))
          + (start != null && end != null ? ", " : "") + (end == null ? "" : "interval_end "
          + ReportQuery.formatSeconds(end));
      throw new ReportException("report type " + type.id() + " has data " + a.describe() + "; the statement asks for "
          + asked + " (UTC). Bound interval_start and interval_end within that range, or leave them out for all of"
          + " it", ReportException.INVALID_INTERVAL, null);
    }
    long s = start != null ? start : a.dataAvailableStart();
    long e = end != null ? end : a.dataAvailableEnd();
    if (query.hasStart() && query.hasEnd() && s >= e) {
      return null;   // Stripe runs no empty interval, and no row has interval_start >= interval_end
    }
    String payout = query.payout() != null ? query.payout()
        : query.payoutParam() != null ? text(root.get("?" + query.payoutParam())) : null;
    if (query.hasPayout() && payout == null) {
      if (query.payoutParam() != null) {
        return null;   // payout = NULL: no row
      }
      throw new ReportException("report type " + type.id() + " reconciles one payout: the statement must say which,"
          + " with payout = 'po_...'", ReportException.INVALID_INTERVAL, null);
    }
    return new RunParameters(type.id(), query.hasStart() ? s : null, query.hasEnd() ? e : null,
        query.hasPayout() ? payout : null, query.filters());
  }

  private static String text(Object v) {
    return v == null ? null : v.toString();
  }

  /** The bounds' edge in unix seconds: the greatest start or least end they allow; null without one. */
  private static Long edge(DataContext root, List<IntervalBound> bounds, boolean start) {
    Long edge = null;
    for (IntervalBound b : bounds) {
      Long ms = b.millis() != null ? b.millis() : millis(root.get("?" + b.param()));
      if (ms == null) {
        continue;   // a null parameter: the filter above keeps no row anyway
      }
      long secs = b.edgeSeconds(ms);
      edge = edge == null ? secs : start ? Math.max(edge, secs) : Math.min(edge, secs);
    }
    return edge;
  }

  /** A statement parameter's time in milliseconds (UTC), as Calcite or JDBC hands it over; null otherwise. */
  static Long millis(Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Date d) {
      return d.getTime();
    }
    if (v instanceof LocalDateTime l) {
      return l.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    return null;
  }
}
