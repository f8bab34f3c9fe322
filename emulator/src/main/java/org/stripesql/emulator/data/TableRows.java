package org.stripesql.emulator.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one table in Stripe's list order, with an index by id and, for a CHILD table, the rows of
 * each parent. The one place a table's rows are kept, so that changing them later (writes) changes
 * every view of them together.
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

  List<ObjectNode> rows() {
    return rows;
  }

  ObjectNode get(String id) {
    return byId.get(id);
  }

  boolean isChildTable() {
    return byParent != null;
  }

  List<ObjectNode> children(String parentId) {
    return byParent.getOrDefault(parentId, List.of());
  }

  String parentOf(String childId) {
    return parentById == null ? null : parentById.get(childId);
  }
}
