package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.util.Set;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;

/**
 * The Reporting API's endpoints and the file download, served from {@link ReportRuns}; added before the
 * catalog's routes, so they answer {@code /v1/reporting/...} instead of the seeded rows.
 */
final class ReportRoutes {
  private ReportRoutes() {}

  static void addTo(Router router, ReportRuns reports, Catalog catalog, ListPager pager) {
    ApiTable types = catalog.table(ReportRuns.TYPES_TABLE).orElse(null);
    ApiTable runs = catalog.table(ReportRuns.RUNS_TABLE).orElse(null);
    if (types == null || runs == null) {
      return;   // a custom catalog without the Reporting API
    }
    router.add("GET", "/v1/reporting/report_types", r -> pager.page(types, reports.reportTypes(), r.query(), r.path(),
        Set.of()));
    router.add("GET", "/v1/reporting/report_types/{report_type}", r -> reports.reportType(r.pathParams().get(0))
        .orElseThrow(() -> ApiException.noSuch("reporting.report_type", r.pathParams().get(0), "report_type")));
    router.add("POST", "/v1/reporting/report_runs", r -> reports.create(new FormParams(r.form())));
    router.add("GET", "/v1/reporting/report_runs", r -> pager.page(runs, reports.list(), r.query(), r.path(),
        Set.of()));
    router.add("GET", "/v1/reporting/report_runs/{report_run}", r -> reports.retrieve(r.pathParams().get(0))
        .orElseThrow(() -> ApiException.noSuch("reporting.report_run", r.pathParams().get(0), "id")));
    router.add("GET", "/v1/files/{file}/contents", r -> fileContents(reports, r.pathParams().get(0)));
  }

  private static JsonNode fileContents(ReportRuns reports, String id) {
    byte[] bytes = reports.file(id).orElseThrow(() -> ApiException.noSuch("file", id, "id"));
    return new POJONode(new FileBody("text/csv", bytes));
  }
}
