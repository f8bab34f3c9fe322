package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.emulator.data.DataSet;

/**
 * The emulated Stripe API, without HTTP: every endpoint the catalog describes, by method and path, over
 * one data set. Read-only: list, child list, retrieve, search and singleton endpoints, all GET.
 */
public final class StripeApi {
  private final Router router = new Router();

  public StripeApi(Catalog catalog, DataSet data) {
    Expander expander = new Expander(catalog, data);
    ListPager pager = new ListPager(data, expander);
    for (ApiTable t : catalog.tables()) {
      ApiTable parent = t.parent() == null ? null : catalog.table(t.parent().table()).orElse(null);
      switch (t.kind()) {
        case LIST -> router.add("GET", t.path(), new ListEndpoint(t, data, pager));
        case CHILD -> router.add("GET", t.path(), isUpcomingLines(t)
            ? new UpcomingLinesEndpoint(t, parent, data, pager) : new ChildListEndpoint(t, parent, data, pager));
        case SINGLETON -> router.add("GET", t.path(), new SingletonEndpoint(t, data, expander));
      }
      if (t.retrievePath() != null) {
        router.add("GET", t.retrievePath(), new RetrieveEndpoint(t, parent, data, expander));
      }
      if (t.search() != null) {
        router.add("GET", t.search().path(), new SearchEndpoint(t, data, expander));
      }
    }
  }

  private static boolean isUpcomingLines(ApiTable t) {
    return "upcoming_invoice_lines".equals(t.name()) && t.parent().pathParam() == null;
  }

  /**
   * The answer to a request (HEAD answered as GET), or an {@link ApiException}: 404 for an unknown path,
   * 405 for a method the path does not serve, and each endpoint's own errors.
   */
  public JsonNode answer(String method, String path, Map<String, List<String>> query) {
    Router.Match m = router.match(method, path);
    return m.endpoint().answer(new ApiRequest(path, m.params(), query));
  }
}
