package org.stripesql.mirror.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stripesql.catalog.EventCoverage;
import org.stripesql.catalog.EventType;
import org.stripesql.catalog.EventTypes;

/**
 * What one batch of events (a poll, or a load's catch-up) changes, per table: the newest snapshot per
 * object (or its deletion), the parents whose children must be listed again, the rows to list again by
 * a parameter, and the objects to fetch again because two snapshots of the same second arrived out of
 * order. Built from the events alone; {@link Applier} compares with the store and writes.
 */
final class ChangeSet {
  /**
   * The newest event about one object: its snapshot (null for a deletion), its {@code created}, and whether
   * it arrived late (listed older than an event already applied).
   */
  record Change(JsonNode snapshot, long created, boolean late, String eventId) {}

  final Map<String, Map<String, Change>> byTable = new LinkedHashMap<>();
  final Map<String, Set<String>> parentsToRelist = new LinkedHashMap<>();
  final Map<String, Set<String>> relistValues = new LinkedHashMap<>();
  final Map<String, Set<String>> refetch = new LinkedHashMap<>();
  String newestEvent;
  long newestCreated;

  /**
   * @param events the events, oldest first
   * @param late   the ids of events that arrived late
   * @param tables the tables to change
   */
  static ChangeSet of(List<JsonNode> events, Set<String> late, Map<String, Tracked> tables, EventTypes types) {
    ChangeSet cs = new ChangeSet();
    for (JsonNode e : events) {
      String eventId = e.path("id").asText();
      long created = e.path("created").asLong();
      if (created >= cs.newestCreated) {
        cs.newestCreated = created;
        cs.newestEvent = eventId;
      }
      String type = e.path("type").asText();
      JsonNode object = e.path("data").path("object");
      String objectType = object.path("object").asText(null);
      String id = object.path("id").asText(null);
      if (objectType == null || id == null) {
        continue;   // invoice.upcoming: a preview, no stored object
      }
      boolean deletes = types.type(type).map(EventType::deletes).orElse(false);
      for (Tracked t : tables.values()) {
        if (!t.coverage().eventTypes().contains(type) && !relists(t, type)) {
          continue;
        }
        switch (t.coverage().refresh()) {
          case EVENTS -> {
            if (t.objects().contains(objectType)) {
              cs.offer(t.name(), id, new Change(deletes ? null : object, created, late.contains(eventId), eventId));
            }
            if (relists(t, type)) {
              cs.relistValues.computeIfAbsent(t.name(), k -> new LinkedHashSet<>()).add(id);
            }
          }
          case PARENT_EVENTS -> {
            String parent = t.parent() != null && EventCoverage.objects(t.parent()).contains(objectType) ? id
                : t.objects().contains(objectType) ? object.path(t.table().parent().column()).asText(null) : null;
            if (parent != null) {
              cs.parentsToRelist.computeIfAbsent(t.name(), k -> new LinkedHashSet<>()).add(parent);
            }
          }
          default -> { }
        }
      }
    }
    return cs;
  }

  private static boolean relists(Tracked t, String type) {
    EventCoverage.Relist r = t.coverage().relist();
    return r != null && r.types().contains(type);
  }

  /** Keeps the newest change per object; of two of the same second, the later listed (Stripe's order). */
  private void offer(String table, String id, Change c) {
    Map<String, Change> m = byTable.computeIfAbsent(table, k -> new LinkedHashMap<>());
    Change old = m.get(id);
    if (old == null || c.created() > old.created() || (c.created() == old.created() && !c.late())) {
      m.put(id, c);
    } else if (c.created() == old.created()) {
      refetch.computeIfAbsent(table, k -> new LinkedHashSet<>()).add(id);
    }
  }

  boolean isEmpty() {
    return byTable.isEmpty() && parentsToRelist.isEmpty() && relistValues.isEmpty() && refetch.isEmpty();
  }
}
