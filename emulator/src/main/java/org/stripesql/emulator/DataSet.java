package org.stripesql.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.TableKind;

/**
 * The emulator's seeded data: the objects of every catalog table, exactly as the HTTP API serves them.
 *
 * <p>The returned {@link ObjectNode}s are the stored objects themselves (no copies, so that comparisons
 * are cheap): callers must treat them as read-only and never modify them. The lists are unmodifiable.
 * The same seed, scale, anchor and catalog always give identical data.
 */
public final class DataSet {
  /** Stripe's list order: newest first, ties by id descending. */
  static final Comparator<JsonNode> STRIPE_ORDER = Comparator
      .comparingLong((JsonNode n) -> n.path("created").asLong(0)).reversed()
      .thenComparing(n -> n.path("id").asText(""), Comparator.reverseOrder());

  private final Catalog catalog;
  private final Map<String, List<ObjectNode>> rows = new LinkedHashMap<>();
  private final Map<String, Map<String, ObjectNode>> byId = new HashMap<>();
  private final Map<String, Map<String, List<ObjectNode>>> childrenByParent = new HashMap<>();
  private final Map<String, Map<String, String>> parentByChild = new HashMap<>();
  private final Map<String, ObjectNode> globalById = new HashMap<>();

  DataSet(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Stores a LIST table's rows (any order; sorted here) or a singleton's object. */
  void putRows(String table, List<ObjectNode> list) {
    List<ObjectNode> sorted = new ArrayList<>(list);
    sorted.sort(STRIPE_ORDER);
    rows.put(table, Collections.unmodifiableList(sorted));
    Map<String, ObjectNode> ids = new HashMap<>();
    for (ObjectNode n : sorted) {
      String id = n.path("id").asText(null);
      if (id != null) {
        ids.put(id, n);
        globalById.putIfAbsent(id, n);
      }
    }
    byId.put(table, ids);
  }

  /** Stores a CHILD table's rows, by parent id. */
  void putChildren(String table, Map<String, List<ObjectNode>> byParent) {
    Map<String, List<ObjectNode>> kids = new HashMap<>();
    Map<String, String> parents = new HashMap<>();
    List<ObjectNode> all = new ArrayList<>();
    byParent.forEach((parent, list) -> {
      List<ObjectNode> sorted = new ArrayList<>(list);
      sorted.sort(STRIPE_ORDER);
      kids.put(parent, Collections.unmodifiableList(sorted));
      for (ObjectNode n : sorted) {
        parents.put(n.path("id").asText(), parent);
      }
      all.addAll(sorted);
    });
    childrenByParent.put(table, kids);
    parentByChild.put(table, parents);
    putRows(table, all);
  }

  public Catalog catalog() {
    return catalog;
  }

  /**
   * Every row of a LIST or CHILD table (for a CHILD table: every parent's children) in Stripe order
   * (created descending, then id descending); for a SINGLETON, its one object. Read-only.
   */
  public List<ObjectNode> list(String table) {
    List<ObjectNode> l = rows.get(table);
    if (l == null) {
      throw new IllegalArgumentException("no table " + table);
    }
    return l;
  }

  /** The children of one parent in a CHILD table, in Stripe order; empty when it has none. Read-only. */
  public List<ObjectNode> children(String childTable, String parentId) {
    Map<String, List<ObjectNode>> m = childrenByParent.get(childTable);
    if (m == null) {
      throw new IllegalArgumentException("no child table " + childTable);
    }
    return m.getOrDefault(parentId, List.of());
  }

  /** The row of a table with this id. Read-only. */
  public Optional<ObjectNode> get(String table, String id) {
    Map<String, ObjectNode> m = byId.get(table);
    return m == null || id == null ? Optional.empty() : Optional.ofNullable(m.get(id));
  }

  /** The parent id a child row belongs to, or null when the child table has no such row. */
  public String parentOf(String childTable, String childId) {
    Map<String, String> m = parentByChild.get(childTable);
    return m == null ? null : m.get(childId);
  }

  /** Whether the parent id is known for this child table (has children or not). */
  boolean hasParent(String childTable, String parentId) {
    ApiTable t = catalog.table(childTable).orElseThrow();
    return get(t.parent().table(), parentId).isPresent();
  }

  /** Any stored object with this id, in whichever table. */
  Optional<ObjectNode> anyById(String id) {
    return Optional.ofNullable(globalById.get(id));
  }

  /** The object of this type with this id, preferring the type's LIST table. */
  Optional<ObjectNode> object(String objectType, String id) {
    Optional<ApiTable> t = catalog.tableForObject(objectType);
    if (t.isPresent()) {
      Optional<ObjectNode> o = get(t.get().name(), id);
      if (o.isPresent()) {
        return o;
      }
    }
    for (ApiTable table : catalog.tables()) {
      if (table.kind() != TableKind.SINGLETON && table.object() != null
          && List.of(table.object().split("\\|")).contains(objectType)) {
        Optional<ObjectNode> o = get(table.name(), id);
        if (o.isPresent()) {
          return o;
        }
      }
    }
    return Optional.empty();
  }
}
