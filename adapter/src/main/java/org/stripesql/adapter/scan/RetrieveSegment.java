package org.stripesql.adapter.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.stripesql.adapter.client.StripeApiException;
import org.stripesql.adapter.client.StripeClient;

/** One retrieve call: the object's row, or no row when Stripe has no such object. */
final class RetrieveSegment implements Segment {
  private final StripeClient client;
  private final String endpoint;
  private final String path;
  private final Function<JsonNode, Object[]> row;
  private final ScanBudget budget;
  private boolean done;

  RetrieveSegment(StripeClient client, String endpoint, String path, Function<JsonNode, Object[]> row,
      ScanBudget budget) {
    this.client = client;
    this.endpoint = endpoint;
    this.path = path;
    this.row = row;
    this.budget = budget;
  }

  @Override
  public List<Object[]> fetch() {
    budget.beforeRequest();
    done = true;
    try {
      return List.<Object[]>of(row.apply(client.get(endpoint, path, Map.of(), budget)));
    } catch (StripeApiException e) {
      if (e.isNotFound()) {
        return List.of();   // no such object: no row
      }
      throw e;
    }
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public boolean started() {
    return done;
  }
}
