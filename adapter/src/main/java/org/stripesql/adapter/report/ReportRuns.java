package org.stripesql.adapter.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.stripesql.adapter.client.RequestGuard;
import org.stripesql.adapter.client.SqlStateProvider;
import org.stripesql.adapter.client.StripeApiException;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.scan.ScanBudget;

/**
 * The conversation with Stripe's Reporting API for one schema: a report type's available range, a run's
 * creation ({@code POST /v1/reporting/report_runs}, the gateway's only write), the wait for it with backoff
 * and the download of its result file from the files host. Every request is counted and stopped by the
 * statement's {@link ScanBudget} (cancel, QueryTimeout, MaxPagesPerQuery).
 */
final class ReportRuns {
  static final String TYPE_ENDPOINT = "/v1/reporting/report_types/{report_type}";
  static final String RUNS_ENDPOINT = "/v1/reporting/report_runs";
  static final String RUN_ENDPOINT = "/v1/reporting/report_runs/{report_run}";
  static final String FILE_ENDPOINT = "/v1/files/{file}/contents";
  /** The first wait before asking for a run again; each wait is half as long again, up to the longest. */
  static final long FIRST_POLL_MILLIS = 100;
  static final long LONGEST_POLL_MILLIS = 5_000;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_]+");

  private final StripeClient client;
  private final String filesBase;
  private final long availabilityTtlNanos;
  private final Map<String, Availability> availability;

  /** {@code availability}: the available ranges known, by type, shared by the account's statements. */
  ReportRuns(StripeClient client, String filesBase, long availabilityTtlNanos, Map<String, Availability> availability) {
    this.client = client;
    this.filesBase = filesBase;
    this.availabilityTtlNanos = availabilityTtlNanos;
    this.availability = availability;
  }

  /**
   * The report type's available range, read again once it is older than the cache time. A type Stripe does
   * not know for this account is SQLSTATE 42501: the account cannot run it.
   */
  Availability availability(String type, ScanBudget budget) {
    Availability a = availability.get(type);
    long now = System.nanoTime();
    if (a != null && now - a.fetchedAt() < availabilityTtlNanos) {
      return a;
    }
    budget.beforeRequest();
    JsonNode t;
    try {
      t = client.get(TYPE_ENDPOINT, "/v1/reporting/report_types/" + type, Map.of(), budget);
    } catch (StripeApiException e) {
      if (e.httpStatus() == 404) {
        throw new ReportException("the account cannot run report type " + type + ": Stripe does not offer it to"
            + " this account (some report types need a live-mode key, or a Stripe product the account does not"
            + " use)", ReportException.NOT_PERMITTED, e);
      }
      throw e;
    }
    if (!t.path("data_available_start").canConvertToLong() || !t.path("data_available_end").canConvertToLong()) {
      throw new ReportException("Stripe's report type " + type + " names no available range (data_available_start,"
          + " data_available_end)", ReportException.GENERAL, null);
    }
    a = new Availability(t.path("data_available_start").asLong(), t.path("data_available_end").asLong(), now);
    if (availabilityTtlNanos > 0) {
      availability.put(type, a);
    }
    return a;
  }

  /** Creates a run; returns its id. A retry sends the same idempotency key, so Stripe makes one run. */
  String create(RunParameters p, List<String> columns, ScanBudget budget) {
    budget.beforeRequest();
    JsonNode run = client.post(RUNS_ENDPOINT, RUNS_ENDPOINT, p.form(columns), "stripesql-" + UUID.randomUUID(), budget);
    String id = run.path("id").asText("");
    if (!ID.matcher(id).matches()) {
      throw new ReportException("Stripe answered the creation of a report run of " + p.describe() + " without an id",
          ReportException.GENERAL, null);
    }
    return id;
  }

  /**
   * Waits for the run to succeed, asking at once (after 100 ms for a run {@code justCreated}), then after waits
   * half as long again each time, from 100 ms up to 5 s; returns
   * its result file's id. A failed run, or one still pending when the statement's time runs out, fails the
   * statement saying which; cancelling the statement stops the wait at once.
   */
  String awaitFile(String runId, RunParameters p, boolean justCreated, ScanBudget budget) {
    long wait = FIRST_POLL_MILLIS;
    if (justCreated) {
      pauseFor(runId, p, "pending", wait, budget);
      wait = wait * 3 / 2;
    }
    while (true) {
      budget.beforeRequest();
      JsonNode run = client.get(RUN_ENDPOINT, "/v1/reporting/report_runs/" + runId, Map.of(), budget);
      String status = run.path("status").asText("");
      if ("succeeded".equals(status)) {
        JsonNode result = run.path("result");
        String file = result.isTextual() ? result.asText() : result.path("id").asText("");
        if (!ID.matcher(file).matches()) {
          throw new ReportException("report run " + runId + " succeeded without a result file", ReportException.GENERAL,
              null);
        }
        return file;
      }
      if ("failed".equals(status)) {
        throw new RunFailedException("Stripe's report run " + runId + " of " + p.describe() + " failed: "
            + run.path("error").asText("no reason given"));
      }
      pauseFor(runId, p, status, wait, budget);
      wait = Math.min(LONGEST_POLL_MILLIS, wait * 3 / 2);
    }
  }

  private static void pauseFor(String runId, RunParameters p, String status, long millis, ScanBudget budget) {
    try {
      RequestGuard.pause(TimeUnit.MILLISECONDS.toNanos(millis), budget);
    } catch (ScanBudget.BudgetExceededException e) {
      throw new ReportException("report run " + runId + " of " + p.describe() + " was still " + status
          + " when the statement's QueryTimeout ran out; it goes on at Stripe, and the same statement reads it"
          + " once it has succeeded (within ReportCacheSeconds)", ReportException.GENERAL, e);
    }
  }

  /**
   * Whether the credential may still read the run, and it has still succeeded: asked before rows kept from it
   * are served, so a key that lost its permission (or was revoked) reads nothing it could not read at Stripe.
   */
  boolean stillReadable(String runId, ScanBudget budget) {
    budget.beforeRequest();
    try {
      JsonNode run = client.get(RUN_ENDPOINT, "/v1/reporting/report_runs/" + runId, Map.of(), budget);
      return "succeeded".equals(run.path("status").asText(""));
    } catch (StripeApiException e) {
      if (e.httpStatus() == 404) {
        return false;   // gone: make it again
      }
      throw e;
    }
  }

  /** Opens the result file for reading as it arrives. */
  InputStream download(String fileId, ScanBudget budget) {
    budget.beforeRequest();
    return client.download(filesBase, FILE_ENDPOINT, "/v1/files/" + fileId + "/contents", budget);
  }

  /** The run failed at Stripe: a repeat creates a new one. */
  static final class RunFailedException extends RuntimeException implements SqlStateProvider {
    private static final long serialVersionUID = 1L;

    RunFailedException(String message) {
      super(message);
    }

    @Override
    public String sqlState() {
      return ReportException.GENERAL;
    }
  }
}
