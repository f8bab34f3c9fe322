package org.stripesql.emulator.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.TableKind;

/**
 * The emulator's data: the objects of every catalog table, exactly as the HTTP API serves them, one
 * {@link TableRows} per table (rows in Stripe order and an id index), the deleted objects' stubs, and
 * when each object last changed; built by a {@link Builder} and changed by writes, which replace a
 * table's rows and its objects (never change one in place). The objects returned are the stored ones (no
 * copies): callers must not modify them. The same inputs always give identical seeded data.
 */
public final class DataSet {
  /**
   * What an answer holds for the stored object {@code row}: a node that writes its JSON text, written once
   * per object (stored objects never change in place). Only for serializing answers.
   */
  public JsonNode answerNode(ObjectNode row) {
    return json.of(row);
  }

  /** Stripe's list order: newest first, ties by id descending. */
  public static final Comparator<JsonNode> STRIPE_ORDER = Comparator
      .comparingLong((JsonNode n) -> n.path("created").asLong(0)).reversed()
      .thenComparing(n -> n.path("id").asText(""), Comparator.reverseOrder());

  private final Catalog catalog;
  private final Map<String, TableRows> tables;
  private final Map<String, ObjectNode> globalById = new ConcurrentHashMap<>();
  private final Map<String, Map<String, ObjectNode>> deleted;
  private final Map<String, Long> changedAt;
  private final RowJson json = new RowJson();

  private DataSet(Catalog catalog, Map<String, TableRows> tables, Map<String, Map<String, ObjectNode>> deleted,
      Map<String, Long> changedAt) {
    this.catalog = catalog;
    this.tables = new ConcurrentHashMap<>(tables);
    this.deleted = new ConcurrentHashMap<>(deleted);
    this.changedAt = new ConcurrentHashMap<>(changedAt);
    tables.values().forEach(t -> t.rows().forEach(n -> {
      String id = n.path("id").asText(null);
      if (id != null) {
        globalById.putIfAbsent(id, n);
      }
    }));
  }

  /**
   * Adds a row to a table, or replaces the row of the same id in every table that holds it (a
   * subscription is also a row of its customer's {@code customer_subscriptions}). {@code parentId}
   * places a new row of a CHILD table; null for a LIST table.
   */
  public synchronized void put(String table, ObjectNode row, String parentId) {
    String id = row.path("id").asText();
    TableRows t = rows(table);
    if (t.isChildTable() && t.parentOf(id) == null && parentId == null) {
      throw new IllegalArgumentException("a new row of child table " + table + " needs its parent id");
    }
    tables.put(table, t.with(row, parentId));
    replaceElsewhere(table, row);
    globalById.put(id, row);
  }

  /** Replaces the row of this id wherever it is stored (no table holds it: nothing happens). */
  public synchronized void replace(ObjectNode row) {
    String id = row.path("id").asText();
    replaceElsewhere(null, row);
    if (globalById.containsKey(id)) {
      globalById.put(id, row);
    }
  }

  /** Removes the row of this id from every table that holds it. */
  public synchronized void remove(String id) {
    for (Map.Entry<String, TableRows> e : tables.entrySet()) {
      if (e.getValue().get(id) != null) {
        tables.put(e.getKey(), e.getValue().without(id));
      }
    }
    globalById.remove(id);
  }

  /**
   * Records that an object changed at {@code at} (epoch seconds on the Search index's clock); the latest
   * time counts.
   */
  public void changed(String id, long at) {
    changedAt.merge(id, at, Math::max);
  }

  /** Keeps a deleted object's stub, which its retrieve answers from now on (Stripe's {@code deleted: true}). */
  public synchronized void addDeleted(String table, ObjectNode stub) {
    Map<String, ObjectNode> stubs = new LinkedHashMap<>(deleted.getOrDefault(table, Map.of()));
    stubs.put(stub.path("id").asText(), stub);
    deleted.put(table, Collections.unmodifiableMap(stubs));
  }

  /** Drops the rows of a table created before {@code seconds} (events past Stripe's retention). */
  public synchronized void dropCreatedBefore(String table, long seconds) {
    TableRows t = rows(table);
    TableRows kept = t.createdSince(seconds);
    if (kept != t) {
      t.rows().forEach(n -> {
        if (kept.get(n.path("id").asText()) == null) {
          globalById.remove(n.path("id").asText());
        }
      });
      tables.put(table, kept);
    }
  }

  private void replaceElsewhere(String except, ObjectNode row) {
    String id = row.path("id").asText();
    for (Map.Entry<String, TableRows> e : tables.entrySet()) {
      if (!e.getKey().equals(except) && e.getValue().get(id) != null) {
        tables.put(e.getKey(), e.getValue().with(row, null));
      }
    }
  }

  private TableRows rows(String table) {
    TableRows t = tables.get(table);
    if (t == null) {
      throw new IllegalArgumentException("no table " + table);
    }
    return t;
  }

  /** Collects the tables of a new data set, in the catalog's order. */
  public static Builder builder(Catalog catalog) {
    return new Builder(catalog);
  }

  public Catalog catalog() {
    return catalog;
  }

  /**
   * Every row of a LIST or CHILD table (for a CHILD table: every parent's children) in Stripe order
   * (created descending, then id descending); for a SINGLETON, its one object. Read-only.
   */
  public List<ObjectNode> list(String table) {
    TableRows t = tables.get(table);
    if (t == null) {
      throw new IllegalArgumentException("no table " + table);
    }
    return t.rows();
  }

  /** The children of one parent in a CHILD table, in Stripe order; empty when it has none. Read-only. */
  public List<ObjectNode> children(String childTable, String parentId) {
    TableRows t = tables.get(childTable);
    if (t == null || !t.isChildTable()) {
      throw new IllegalArgumentException("no child table " + childTable);
    }
    return t.children(parentId);
  }

  /**
   * Whether a CHILD table has a list for this parent id (maybe empty): how a child whose parents no table
   * lists ({@code tax_calculation_line_items}) knows the parents that exist.
   */
  public boolean hasParent(String childTable, String parentId) {
    TableRows t = tables.get(childTable);
    return t != null && parentId != null && t.hasParent(parentId);
  }

  /** The row of a table with this id. Read-only. */
  public Optional<ObjectNode> get(String table, String id) {
    TableRows t = tables.get(table);
    return t == null || id == null ? Optional.empty() : Optional.ofNullable(t.get(id));
  }

  /** The parent id a child row belongs to, or null when the child table has no such row. */
  public String parentOf(String childTable, String childId) {
    TableRows t = tables.get(childTable);
    return t == null ? null : t.parentOf(childId);
  }

  /**
   * The stub a retrieve of a deleted object of this table answers ({@code {"id", "object", "deleted":
   * true}}), if the table has a deleted object with this id. No list returns deleted objects. Read-only.
   */
  public Optional<ObjectNode> deleted(String table, String id) {
    Map<String, ObjectNode> stubs = deleted.get(table);
    return stubs == null || id == null ? Optional.empty() : Optional.ofNullable(stubs.get(id));
  }

  /** The ids of the table's deleted objects, in the order they were added. */
  public List<String> deletedIds(String table) {
    Map<String, ObjectNode> stubs = deleted.get(table);
    return stubs == null ? List.of() : List.copyOf(stubs.keySet());
  }

  /** Whether some table has a deleted object with this id. */
  public boolean isDeleted(String id) {
    return deleted.values().stream().anyMatch(m -> m.containsKey(id));
  }

  /**
   * When the object last changed, in epoch seconds: the latest time the builder recorded for its id, else
   * its {@code created}, else 0. What the Search index lag is measured on.
   */
  public long changedAt(JsonNode object) {
    long created = object.path("created").asLong(0);
    Long changed = changedAt.get(object.path("id").asText(""));
    return changed == null ? created : Math.max(created, changed);
  }

  /** Any stored object with this id, in whichever table (the first in catalog order). */
  public Optional<ObjectNode> anyById(String id) {
    return Optional.ofNullable(globalById.get(id));
  }

  /** The object of this type with this id, preferring the type's LIST table. */
  public Optional<ObjectNode> object(String objectType, String id) {
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

  /** Takes each table's rows once; {@link #build()} makes the data set. */
  public static final class Builder {
    private final Catalog catalog;
    private final Map<String, TableRows> tables = new LinkedHashMap<>();
    private final Map<String, Map<String, ObjectNode>> deleted = new LinkedHashMap<>();
    private final Map<String, Long> changedAt = new HashMap<>();

    private Builder(Catalog catalog) {
      this.catalog = catalog;
    }

    /** A LIST table's rows (any order; sorted here) or a singleton's object. */
    public Builder rows(String table, List<ObjectNode> rows) {
      tables.put(table, TableRows.of(rows));
      return this;
    }

    /** A CHILD table's rows, by parent id. */
    public Builder children(String table, Map<String, List<ObjectNode>> rowsByParent) {
      tables.put(table, TableRows.ofChildren(rowsByParent));
      return this;
    }

    /** Deleted objects' stubs of a table, each with its {@code id}. */
    public Builder deleted(String table, List<ObjectNode> stubs) {
      Map<String, ObjectNode> byId = deleted.computeIfAbsent(table, k -> new LinkedHashMap<>());
      stubs.forEach(s -> byId.put(s.path("id").asText(), s));
      return this;
    }

    /** Records that the object with this id changed at the time (epoch seconds); the latest time counts. */
    public Builder changed(String id, long at) {
      changedAt.merge(id, at, Math::max);
      return this;
    }

    public DataSet build() {
      Map<String, Map<String, ObjectNode>> stubs = new LinkedHashMap<>();
      deleted.forEach((t, m) -> stubs.put(t, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
      return new DataSet(catalog, new LinkedHashMap<>(tables), stubs, new HashMap<>(changedAt));
    }
  }
}
