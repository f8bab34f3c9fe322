package org.stripesql.emulator.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one table in Stripe's list order, with an index by id and, for a CHILD table, the rows of
 * each parent. Immutable: a write makes a new instance ({@link #with}, {@link #without}), so a reader
 * holding one keeps a consistent snapshot.
 */
final class TableRows {
  private final List<ObjectNode> rows;
  private final Map<String, ObjectNode> byId = new HashMap<>();
  private final Map<String, List<ObjectNode>> byParent;
  private final Map<String, String> parentById;

  private TableRows(List<ObjectNode> list, Map<String, List<ObjectNode>> byParent, Map<String, String> parentById) {
    List<ObjectNode> sorted = new ArrayList<>(list);
    sorted.sort(DataSet.STRIPE_ORDER);
    this.rows = Collections.unmodifiableList(sorted);
    for (ObjectNode n : sorted) {
      String id = n.path("id").asText(null);
      if (id != null) {
        byId.put(id, n);
      }
    }
    this.byParent = byParent;
    this.parentById = parentById;
  }

  /** A LIST table's rows (any order; sorted here) or a singleton's object. */
  static TableRows of(List<ObjectNode> list) {
    return new TableRows(list, null, null);
  }

  /** A CHILD table's rows, by parent id. */
  static TableRows ofChildren(Map<String, List<ObjectNode>> byParent) {
    Map<String, List<ObjectNode>> kids = new HashMap<>();
    Map<String, String> parents = new HashMap<>();
    List<ObjectNode> all = new ArrayList<>();
    byParent.forEach((parent, list) -> {
      List<ObjectNode> sorted = new ArrayList<>(list);
      sorted.sort(DataSet.STRIPE_ORDER);
      kids.put(parent, Collections.unmodifiableList(sorted));
      for (ObjectNode n : sorted) {
        parents.put(n.path("id").asText(), parent);
      }
      all.addAll(sorted);
    });
    return new TableRows(all, kids, parents);
  }

  /** These rows with {@code row} added, or replacing the row of the same id (keeping its parent). */
  TableRows with(ObjectNode row, String parentId) {
    String id = row.path("id").asText();
    if (byParent == null) {
      List<ObjectNode> list = new ArrayList<>(rows.size() + 1);
      rows.forEach(n -> {
        if (!id.equals(n.path("id").asText(null))) {
          list.add(n);
        }
      });
      list.add(row);
      return of(list);
    }
    String parent = parentById.getOrDefault(id, parentId);
    Map<String, List<ObjectNode>> kids = new HashMap<>(byParent);
    List<ObjectNode> siblings = new ArrayList<>(kids.getOrDefault(parent, List.of()));
    siblings.removeIf(n -> id.equals(n.path("id").asText(null)));
    siblings.add(row);
    kids.put(parent, siblings);
    return ofChildren(kids);
  }

  /** These rows without the row of this id. */
  TableRows without(String id) {
    if (byParent == null) {
      List<ObjectNode> list = new ArrayList<>(rows);
      list.removeIf(n -> id.equals(n.path("id").asText(null)));
      return of(list);
    }
    Map<String, List<ObjectNode>> kids = new HashMap<>(byParent);
    String parent = parentById.get(id);
    if (parent != null) {
      List<ObjectNode> siblings = new ArrayList<>(kids.get(parent));
      siblings.removeIf(n -> id.equals(n.path("id").asText(null)));
      kids.put(parent, siblings);
    }
    return ofChildren(kids);
  }

  /** These rows without those older than {@code seconds} ({@code created}). */
  TableRows createdSince(long seconds) {
    List<ObjectNode> list = new ArrayList<>(rows);
    if (!list.removeIf(n -> n.path("created").asLong(0) < seconds)) {
      return this;
    }
    return of(list);
  }

  List<ObjectNode> rows() {
    return rows;
  }

  ObjectNode get(String id) {
    return byId.get(id);
  }

  boolean isChildTable() {
    return byParent != null;
  }

  /** Whether the table holds a list for this parent (maybe empty). */
  boolean hasParent(String parentId) {
    return byParent != null && byParent.containsKey(parentId);
  }

  List<ObjectNode> children(String parentId) {
    return byParent.getOrDefault(parentId, List.of());
  }

  String parentOf(String childId) {
    return parentById == null ? null : parentById.get(childId);
  }
}
