package org.stripesql.adapter.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.stripesql.adapter.client.StripeApiException;
import org.stripesql.adapter.client.StripeClient;

/**
 * One retrieve call: the object's row, or no row when Stripe has no such object or answers with a
 * deleted object's stub ({@code deleted: true}), which a scan would not list.
 */
final class RetrieveSegment<T> implements Segment<T> {
  private final StripeClient client;
  private final String endpoint;
  private final String path;
  private final Function<JsonNode, T> row;
  private final ScanBudget budget;
  private boolean done;

  RetrieveSegment(StripeClient client, String endpoint, String path, Function<JsonNode, T> row, ScanBudget budget) {
    this.client = client;
    this.endpoint = endpoint;
    this.path = path;
    this.row = row;
    this.budget = budget;
  }

  @Override
  public List<T> fetch() {
    budget.beforeRequest();
    done = true;
    JsonNode object;
    try {
      object = client.get(endpoint, path, Map.of(), budget);
    } catch (StripeApiException e) {
      if (e.isNotFound()) {
        return List.of();   // no such object: no row
      }
      throw e;
    }
    return StripeRows.isDeleted(object) ? List.of() : List.of(row.apply(object));
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
