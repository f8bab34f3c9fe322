package org.stripesql.mirror.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stripesql.adapter.client.StripeApiException;

/**
 * Stripe's events, read as a poller does: the events listed after a cursor event
 * ({@code ending_before}, pages of 100, so one request when nothing changed), oldest first. A cursor
 * Stripe no longer has is a {@link FeedExpiredException}, never an empty answer.
 */
public final class EventFeed {
  private static final String PATH = "/v1/events";
  private final StripeReads reads;

  public EventFeed(StripeReads reads) {
    this.reads = reads;
  }

  /** The newest event, or null when the account has none. */
  public JsonNode newest() {
    JsonNode data = reads.get(PATH, Map.of("limit", List.of("1"))).path("data");
    return data.isEmpty() ? null : data.get(0);
  }

  /** The newest page of events (up to 100), oldest first. */
  public List<JsonNode> newestPage() {
    List<JsonNode> data = new ArrayList<>();
    reads.get(PATH, Map.of("limit", List.of("100"))).path("data").forEach(data::add);
    List<JsonNode> out = new ArrayList<>();
    for (int i = data.size() - 1; i >= 0; i--) {
      out.add(data.get(i));
    }
    return out;
  }

  /** The events after {@code cursor} (an event id), oldest first. */
  public List<JsonNode> after(String cursor) {
    List<JsonNode> out = new ArrayList<>();
    String before = cursor;
    while (true) {
      JsonNode page;
      try {
        page = reads.get(PATH, Map.of("limit", List.of("100"), "ending_before", List.of(before)));
      } catch (StripeApiException e) {
        if (e.isNotFound() || "resource_missing".equals(e.errorCode())) {
          throw new FeedExpiredException("Stripe no longer has event " + before + " (events are kept 30 days)", e);
        }
        throw e;
      }
      List<JsonNode> data = new ArrayList<>();
      page.path("data").forEach(data::add);
      for (int i = data.size() - 1; i >= 0; i--) {
        out.add(data.get(i));
      }
      if (data.isEmpty() || !page.path("has_more").asBoolean(false)) {
        return out;
      }
      before = data.get(0).path("id").asText();
    }
  }
}
