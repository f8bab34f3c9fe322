package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.stripesql.catalog.ReportType;
import org.stripesql.catalog.ReportTypes;
import org.stripesql.emulator.data.DataSet;
import org.stripesql.emulator.reports.Ledger;
import org.stripesql.emulator.reports.ReportContents;
import org.stripesql.emulator.reports.RunRequest;

/**
 * Stripe's Reporting API over the data set: the report types the emulator computes, with the range they have
 * data for, and report runs that stay {@code pending} for the run delay, then succeed with a result file
 * computed from the balance transactions and payouts at that moment (or fail, when a test says so).
 */
public final class ReportRuns {
  /** The run delay when the builder is not told: a small report's time at Stripe, seconds. */
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(2);
  private static final long HOUR = 3600;
  private static final long DAY = 86_400;
  /** Stripe's result files expire; the emulator's never do, but say when Stripe's would. */
  private static final long FILE_LIFETIME = 365 * DAY;

  private final DataSet data;
  private final Writes writes;
  private final Set<String> unavailable;
  private final Map<String, ReportType> types = new LinkedHashMap<>();
  private final Map<String, Run> byId = new LinkedHashMap<>();
  private final Map<String, byte[]> files = new HashMap<>();
  private volatile Duration delay;
  private volatile String failure;
  private long typesAsOf = -1;
  static final String TYPES_TABLE = "reporting_report_types";
  static final String RUNS_TABLE = "reporting_report_runs";

  /** A run made here: what to compute, and when it is due. Its object is a row of the data set. */
  private record Run(String id, RunRequest request, long readyAt) {}

  ReportRuns(DataSet data, Writes writes, Duration delay, Set<String> unavailable) {
    this.data = data;
    this.writes = writes;
    this.delay = delay;
    this.unavailable = Set.copyOf(unavailable);
    for (ReportType t : ReportTypes.bundled().types()) {
      if (ReportContents.TYPES.contains(t.id()) && !unavailable.contains(t.id())) {
        types.put(t.id(), t);
      }
    }
    if (data.catalog().table(TYPES_TABLE).isPresent()) {
      for (ObjectNode seeded : List.copyOf(data.list(TYPES_TABLE))) {
        data.remove(seeded.path("id").asText());   // the types the emulator computes stand instead
      }
      refreshTypes();
    }
  }

  /** The report type rows of the data set, with their available range as of now. */
  private void refreshTypes() {
    long[] range = availableRange();
    if (range[1] == typesAsOf) {
      return;
    }
    typesAsOf = range[1];
    types.values().forEach(t -> data.put(TYPES_TABLE, reportType(t, range), null));
  }

  /** How long a new run stays pending before it succeeds (or fails); runs made earlier keep theirs. */
  public void delay(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("a run delay cannot be negative");
    }
    this.delay = d;
  }

  /** Makes every pending run due now: it has succeeded (or failed) when next read. */
  public synchronized void finishPending() {
    byId.replaceAll((id, r) -> new Run(r.id(), r.request(), Math.min(r.readyAt(), System.nanoTime())));
  }

  /** Makes the runs that finish from now on fail with this error (as Stripe's {@code error}); null: succeed. */
  public void failRuns(String error) {
    this.failure = error;
  }

  /** The ids of the report types the account can run. */
  public Set<String> typeIds() {
    return Set.copyOf(types.keySet());
  }

  /** How many runs were created. */
  public synchronized int created() {
    return byId.size();
  }

  /** The report type rows, as {@code GET /v1/reporting/report_types} lists them. */
  synchronized List<ObjectNode> reportTypes() {
    refreshTypes();
    return data.list(TYPES_TABLE);
  }

  synchronized Optional<ObjectNode> reportType(String id) {
    refreshTypes();
    return types.containsKey(id) ? data.get(TYPES_TABLE, id) : Optional.empty();
  }

  /** Numbers as a JSON parser reads them (int when it fits), so stored rows equal parsed answers. */
  private static void put(ObjectNode o, String field, long value) {
    if (value == (int) value) {
      o.put(field, (int) value);
    } else {
      o.put(field, value);
    }
  }

  private static ObjectNode reportType(ReportType t, long[] range) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", t.id());
    o.put("object", "reporting.report_type");
    put(o, "data_available_end", range[1]);
    put(o, "data_available_start", range[0]);
    t.columnNames().forEach(o.putArray("default_columns")::add);
    o.put("livemode", false);
    o.put("name", t.name());
    put(o, "updated", range[1]);
    o.put("version", Integer.parseInt(t.id().substring(t.id().lastIndexOf('.') + 1)));
    return o;
  }

  /**
   * The range the reports have data for: from the day of the first balance change, to the last whole hour of
   * the emulator's clock (Stripe's reports also trail the present).
   */
  long[] availableRange() {
    long now = writes.now();
    Long first = Ledger.of(data).firstChange();
    long start = first == null ? now - DAY : Math.floorDiv(first, DAY) * DAY;
    long end = Math.max(start + 1, Math.floorDiv(now, HOUR) * HOUR);
    return new long[] {start, end};
  }

  /** {@code POST /v1/reporting/report_runs}: a pending run, after Stripe's checks of its parameters. */
  synchronized ObjectNode create(FormParams f) {
    f.allow(Set.of("report_type", "parameters"));
    String typeId = f.required("report_type");
    ReportType type = types.get(typeId);
    if (type == null) {
      throw ApiException.invalid("report_type", unavailable.contains(typeId)
          ? "Report type " + typeId + " is not available for this account."
          : "Invalid report type: " + typeId);
    }
    RunRequest request = request(type, f);
    ObjectNode run = JsonNodeFactory.instance.objectNode();
    run.put("id", writes.newId("frr"));
    run.put("object", "reporting.report_run");
    put(run, "created", writes.now());
    run.putNull("error");
    run.put("livemode", false);
    ObjectNode params = run.putObject("parameters");
    if (request.start() != null) {
      put(params, "interval_start", request.start());
    }
    if (type.declares(ReportType.INTERVAL_END)) {
      put(params, "interval_end", request.end());
    }
    if (request.payout() != null) {
      params.put("payout", request.payout());
    }
    if (request.currency() != null) {
      params.put("currency", request.currency());
    }
    if (request.reportingCategory() != null) {
      params.put("reporting_category", request.reportingCategory());
    }
    if (f.has("parameters[timezone]")) {
      params.put("timezone", request.timezone().getId());
    }
    if (f.keys().stream().anyMatch(k -> k.startsWith("parameters[columns]"))) {
      request.columns().forEach(params.putArray("columns")::add);
    }
    run.put("report_type", typeId);
    run.putNull("result");
    run.put("status", "pending");
    run.putNull("succeeded_at");
    data.put(RUNS_TABLE, run, null);
    byId.put(run.path("id").asText(), new Run(run.path("id").asText(), request, System.nanoTime() + delay.toNanos()));
    return run;
  }

  /** The run parameters, checked as Stripe checks them for the report type. */
  private RunRequest request(ReportType type, FormParams f) {
    for (String key : f.keys()) {
      if (key.startsWith("parameters[")) {
        String p = key.substring("parameters[".length(), key.indexOf(']'));
        if (!type.declares(p)) {
          throw ApiException.invalid("parameters[" + p + "]", "Report type " + type.id()
              + " does not accept the parameter " + p + ".");
        }
      }
    }
    for (String p : type.required()) {
      if (!f.has("parameters[" + p + "]")) {
        throw ApiException.missingParam("parameters[" + p + "]");
      }
    }
    long[] range = availableRange();
    Long start = f.has("parameters[interval_start]") ? f.integer("parameters[interval_start]", 0) : null;
    long end = f.has("parameters[interval_end]") ? f.integer("parameters[interval_end]", 0) : range[1];
    for (Long t : new Long[] {start, end}) {
      if (t != null && (t < range[0] || t > range[1])) {
        throw ApiException.invalid(t.equals(start) ? "parameters[interval_start]" : "parameters[interval_end]",
            "The interval must lie between data_available_start (" + range[0] + ") and data_available_end ("
                + range[1] + ") of report type " + type.id() + ".");
      }
    }
    if (start != null && start >= end) {
      throw ApiException.invalid("parameters[interval_start]", "interval_start must be before interval_end.");
    }
    String payout = f.string("parameters[payout]");
    if (payout != null) {
      JsonNode p = data.get("payouts", payout).orElseThrow(() -> ApiException.noSuchParam("payout", payout,
          "parameters[payout]"));
      if (!p.path("automatic").asBoolean(false)) {
        throw ApiException.invalid("parameters[payout]", "Only automatic payouts can be reconciled; " + payout
            + " is a manual payout.");
      }
    }
    List<String> columns = new ArrayList<>();
    for (int i = 0; f.has("parameters[columns][" + i + "]"); i++) {
      columns.add(f.string("parameters[columns][" + i + "]"));
    }
    List<String> plain = f.all("parameters[columns][]");
    columns.addAll(plain);
    Set<String> known = ReportContents.columnsOf(type.id());
    for (String c : columns) {
      if (!known.contains(c)) {
        throw ApiException.invalid("parameters[columns]", "Invalid column for report type " + type.id() + ": " + c);
      }
    }
    String tz = f.string("parameters[timezone]");
    if (tz != null && !ReportContents.knownZone(tz)) {
      throw ApiException.invalid("parameters[timezone]", "Invalid timezone: " + tz);
    }
    return new RunRequest(type.id(), type.declares(ReportType.INTERVAL_START) ? start == null ? range[0] : start
        : null, end, payout, f.string("parameters[currency]"), f.string("parameters[reporting_category]"),
        columns.isEmpty() ? type.columnNames() : columns, tz == null ? ZoneOffset.UTC : ZoneId.of(tz));
  }

  /** A run as it is now: one whose delay has passed has succeeded (or failed) meanwhile. */
  synchronized Optional<ObjectNode> retrieve(String id) {
    Run r = byId.get(id);
    if (r != null) {
      finishIfDue(r);
    }
    return data.get(RUNS_TABLE, id);
  }

  /** Every run, in Stripe's order, as they are now (the seeded ones and those made here). */
  synchronized List<ObjectNode> list() {
    byId.values().forEach(this::finishIfDue);
    return data.list(RUNS_TABLE);
  }

  /** A result file's contents. */
  synchronized Optional<byte[]> file(String id) {
    return Optional.ofNullable(files.get(id));
  }

  private void finishIfDue(Run r) {
    ObjectNode stored = data.get(RUNS_TABLE, r.id()).orElse(null);
    if (stored == null || !"pending".equals(stored.path("status").asText()) || System.nanoTime() - r.readyAt() < 0) {
      return;
    }
    ObjectNode run = stored.deepCopy();
    String error = failure;
    if (error != null) {
      run.put("status", "failed");
      run.put("error", error);
      data.put(RUNS_TABLE, run, null);
      return;
    }
    byte[] csv = ReportContents.csv(Ledger.of(data), r.request()).getBytes(StandardCharsets.UTF_8);
    long now = writes.now();
    String fileId = writes.newId("file");
    ObjectNode file = JsonNodeFactory.instance.objectNode();
    file.put("id", fileId);
    file.put("object", "file");
    put(file, "created", now);
    put(file, "expires_at", now + FILE_LIFETIME);
    file.put("filename", run.path("id").asText() + ".csv");
    ObjectNode links = file.putObject("links");
    links.put("object", "list");
    links.putArray("data");
    links.put("has_more", false);
    links.put("url", "/v1/file_links?file=" + fileId);
    file.put("purpose", "finance_report_run");
    put(file, "size", csv.length);
    file.putNull("title");
    file.put("type", "csv");
    file.put("url", "https://files.stripe.com/v1/files/" + fileId + "/contents");
    files.put(fileId, csv);
    data.put("files", file.deepCopy(), null);
    run.set("result", file);
    run.put("status", "succeeded");
    put(run, "succeeded_at", now);
    data.put(RUNS_TABLE, run, null);
  }
}
