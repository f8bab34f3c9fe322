package org.stripesql.mirror.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stripesql.catalog.EventTypes;
import org.stripesql.mirror.store.MetaTables;
import org.stripesql.mirror.store.Store;

/**
 * Reads Stripe's events from the feed's cursor and applies them, one poll in one transaction. The
 * cursor (the anchor) trails the newest event by {@link #OVERLAP_SECONDS}, so each poll reads the last
 * minute again: an event that becomes visible late is still seen, and applied only if its snapshot is
 * newer than the stored one. The same reading brings a load's shadow up to date ({@link #catchUp}).
 */
public final class Poller {
  /** How far behind the newest event the cursor stays, to see events that are listed late. */
  static final long OVERLAP_SECONDS = 60;

  /** Extra writes in the poll's transaction (the tables' records), given what changed. */
  @FunctionalInterface
  public interface Tail {
    void run(Connection c, Result result) throws SQLException;
  }

  /** What a poll did: events read, ids changed per table, the newest event and its created. */
  public record Result(int events, Map<String, Set<String>> changed, String newest, long newestCreated) {}

  private final Store store;
  private final MetaTables meta;
  private final EventFeed feed;
  private final Applier applier;
  private final EventTypes types;
  private final Set<String> seen = new HashSet<>();
  private final Map<String, Set<String>> refetchLater = new LinkedHashMap<>();
  private MetaTables.Feed position;

  public Poller(Store store, MetaTables meta, StripeReads reads, EventTypes types) {
    this.store = store;
    this.meta = meta;
    this.feed = new EventFeed(reads);
    this.applier = new Applier(meta, reads);
    this.types = types;
  }

  public EventFeed feed() {
    return feed;
  }

  /** The feed's position: the stored one, else the newest event now (the start of a new mirror). */
  public synchronized MetaTables.Feed position() {
    if (position == null) {
      position = store.read(meta::feed);
    }
    if (position == null) {
      JsonNode newest = feed.newest();
      String id = newest == null ? null : newest.path("id").asText();
      long created = newest == null ? 0 : newest.path("created").asLong();
      MetaTables.Feed start = new MetaTables.Feed(id, id, created, System.currentTimeMillis());
      store.write(c -> {
        meta.putFeed(c, start);
        return null;
      });
      position = start;
    }
    return position;
  }

  /**
   * Forgets what this gateway knows of the feed: the next poll starts from the cursor in the store (a
   * gateway that takes the lead, or leads again after the store came back, catches up from there).
   */
  public synchronized void reset() {
    position = null;
    seen.clear();
    refetchLater.clear();
  }

  /** Starts the feed over from the newest event (after a reload of every table). */
  public synchronized MetaTables.Feed restart() {
    JsonNode newest = feed.newest();
    String id = newest == null ? null : newest.path("id").asText();
    long created = newest == null ? 0 : newest.path("created").asLong();
    MetaTables.Feed start = new MetaTables.Feed(id, id, created, System.currentTimeMillis());
    store.write(c -> {
      meta.putFeed(c, start);
      return null;
    });
    seen.clear();
    position = start;
    return start;
  }

  /**
   * One poll: the events after the anchor, applied to {@code live} tables (names to the physical tables),
   * with the feed's new position and {@code tail} in the same transaction.
   *
   * @throws FeedExpiredException when Stripe no longer has the anchor event
   */
  public synchronized Result poll(Map<String, Tracked> live, Tail tail) {
    MetaTables.Feed at = position();
    List<JsonNode> events = read(at.anchor());
    Set<String> late = new HashSet<>();
    boolean passedSeen = false;
    for (int i = events.size() - 1; i >= 0; i--) {
      String id = events.get(i).path("id").asText();
      if (seen.contains(id)) {
        passedSeen = true;
      } else if (passedSeen) {
        late.add(id);
      }
    }
    List<JsonNode> fresh = new ArrayList<>();
    for (JsonNode e : events) {
      if (!seen.contains(e.path("id").asText())) {
        fresh.add(e);
      }
    }
    ChangeSet cs = ChangeSet.of(fresh, late, live, types);
    Map<String, Set<String>> pending = new LinkedHashMap<>(refetchLater);
    refetchLater.clear();
    Applier.Fetched fetched = applier.fetch(cs, live, pending);
    MetaTables.Feed next = advance(at, events);
    Map<String, String> physical = new LinkedHashMap<>();
    live.keySet().forEach(n -> physical.put(n, n));
    Result result = store.write(c -> {
      Map<String, Set<String>> changed = applier.apply(c, cs, fetched, live, physical, refetchLater);
      Result r = new Result(fresh.size(), changed, cs.newestEvent, cs.newestCreated);
      meta.putFeed(c, next);
      tail.run(c, r);
      return r;
    });
    for (JsonNode e : fresh) {
      seen.add(e.path("id").asText());
    }
    position = next;
    forgetOlderThan(next, events);
    return result;
  }

  /**
   * Applies the events after {@code since} to a load's shadow (the table {@code physical}); returns the
   * newest event applied, or {@code since} when there was none.
   */
  public String catchUp(Tracked t, String since, String physical) {
    // an account without any event when the load started: its first events are the newest page
    List<JsonNode> events = since == null ? feed.newestPage() : feed.after(since);
    if (events.isEmpty()) {
      return since;
    }
    Map<String, Tracked> target = Map.of(t.name(), t);
    ChangeSet cs = ChangeSet.of(events, Set.of(), target, types);
    Applier.Fetched fetched = applier.fetch(cs, target, Map.of());
    store.write(c -> applier.apply(c, cs, fetched, target, Map.of(t.name(), physical), new LinkedHashMap<>()));
    return events.get(events.size() - 1).path("id").asText();
  }

  private List<JsonNode> read(String anchor) {
    if (anchor != null) {
      return feed.after(anchor);
    }
    return feed.newestPage();   // the account had no event when the mirror started
  }

  /** The next anchor: the newest event at least {@link #OVERLAP_SECONDS} older than the newest read. */
  private static MetaTables.Feed advance(MetaTables.Feed at, List<JsonNode> events) {
    String newest = at.newest();
    long newestCreated = at.newestCreated();
    for (JsonNode e : events) {
      if (e.path("created").asLong() >= newestCreated) {
        newest = e.path("id").asText();
        newestCreated = e.path("created").asLong();
      }
    }
    String anchor = at.anchor();
    for (JsonNode e : events) {
      if (e.path("created").asLong() <= newestCreated - OVERLAP_SECONDS) {
        anchor = e.path("id").asText();
      }
    }
    if (anchor == null && !events.isEmpty()) {
      anchor = events.get(0).path("id").asText();
    }
    return new MetaTables.Feed(anchor, newest, newestCreated, System.currentTimeMillis());
  }

  /** Seen ids matter only inside the window the next poll reads again. */
  private void forgetOlderThan(MetaTables.Feed next, List<JsonNode> events) {
    Set<String> window = new LinkedHashSet<>();
    boolean after = next.anchor() == null;
    for (JsonNode e : events) {
      if (after) {
        window.add(e.path("id").asText());
      }
      if (e.path("id").asText().equals(next.anchor())) {
        after = true;
      }
    }
    seen.retainAll(window);
  }
}
