package org.stripesql.adapter.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.stripesql.adapter.client.StripeApiException;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.NoRowsQuery;
import org.stripesql.adapter.query.RetrieveQuery;
import org.stripesql.adapter.query.SearchQuery;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.Explode;
import org.stripesql.catalog.ListOmit;
import org.stripesql.catalog.ScanPer;
import org.stripesql.catalog.TableKind;

/**
 * Executes a {@link StripeQuery}: the lazy sequence of rows it denotes, fetched from Stripe only as
 * the consumer advances. Child tables walk their parent table's ids (themselves read lazily), lists
 * answered per owner walk the owners; pushed {@code IN} lists make one list call per value. Only rows
 * a plain scan would list come out (no deleted stubs, no objects the list omits).
 */
public final class StripeRows {
  /** What an id must look like to go into a URL path: Stripe ids are letters, digits and underscores. */
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_\\-.]{1,255}");

  private final Catalog catalog;
  private final StripeClient client;
  private final ScanBudget budget;
  private final Clock clock;

  public StripeRows(Catalog catalog, StripeClient client, ScanBudget budget) {
    this(catalog, client, budget, Clock.systemUTC());
  }

  /** {@code clock}: "now", for the window of a search's fresh reads. */
  public StripeRows(Catalog catalog, StripeClient client, ScanBudget budget, Clock clock) {
    this.catalog = catalog;
    this.client = client;
    this.budget = budget;
    this.clock = clock;
  }

  /** Rows of {@code query} as {@code Object[]} in the table's column order. */
  public Iterator<Object[]> rows(StripeQuery query) {
    ApiTable table = catalog.table(query.table())
        .orElseThrow(() -> new IllegalStateException("no table " + query.table() + " in the catalog"));
    RowConverter converter = new RowConverter(table);
    Iterator<Object[]> all = objects(table, query, converter);
    return limit(all, query.fetchOrMax());
  }

  private Iterator<Object[]> objects(ApiTable table, StripeQuery query, RowConverter converter) {
    if (query instanceof NoRowsQuery) {
      return Collections.emptyIterator();
    }
    if (query instanceof RetrieveQuery retrieve) {
      return visible(table, retrieveRows(table, retrieve, converter));
    }
    if (query instanceof SearchQuery search) {
      SearchScan.Reads reads = new SearchScan.Reads() {
        @Override
        public Iterator<JsonNode> list(ListQuery q) {
          return listObjects(table, q);
        }

        @Override
        public Iterator<JsonNode> retrieve(List<String> ids) {
          return StripeRows.this.retrieve(table.retrievePath(), safeIds(ids));
        }
      };
      SearchScan scan = new SearchScan(table, catalog.table("events").orElse(null), client, budget, clock, reads);
      return visible(table, map(scan.objects(search), o -> converter.convert(o, null, null, null)));
    }
    return visible(table, listRows(table, (ListQuery) query, converter));
  }

  /**
   * Leaves out what a scan of the table would not list: objects the list omits (test-clock objects),
   * and, for a child table, an object read by id that names no parent.
   */
  private static Iterator<Object[]> visible(ApiTable table, Iterator<Object[]> rows) {
    List<ListOmit> omits = table.listOmitsOrEmpty();
    int[] columns = omits.stream().mapToInt(o -> table.columnIndex(o.column())).toArray();
    int parent = table.parent() == null ? -1 : table.columnIndex(table.parent().column());
    if (omits.isEmpty() && parent < 0) {
      return rows;
    }
    return filter(rows, row -> {
      if (parent >= 0 && row[parent] == null) {
        return false;
      }
      for (int i = 0; i < columns.length; i++) {
        if (columns[i] >= 0 && omits.get(i).omits(row[columns[i]])) {
          return false;
        }
      }
      return true;
    });
  }

  private Iterator<Object[]> listRows(ApiTable table, ListQuery query, RowConverter converter) {
    if (table.kind() == TableKind.SINGLETON) {
      return singleton(table, converter);
    }
    if (table.kind() == TableKind.CHILD) {
      Iterator<String> parents = query.parentIds() != null ? safeIds(query.parentIds()).iterator()
          : parentIds(table);
      return new FlatMap<>(parents, parentId -> map(
          childList(table, parentId, query), o -> converter.convert(o, parentId, null, null)));
    }
    return map(listObjects(table, query), o -> converter.convert(o, null, null, null));
  }

  /** The objects of a top-level table's list calls. */
  private Iterator<JsonNode> listObjects(ApiTable table, ListQuery query) {
    return table.scanPer() != null && !fixes(query, table.scanPer().param())
        ? perOwner(table, query) : list(table, table.path(), query, new LinkedHashMap<>());
  }

  /** Whether the query gives the parameter a value (an equality or a fanned-out IN). */
  private static boolean fixes(ListQuery query, String param) {
    return query.equalities().containsKey(param) || query.fanOut() != null && query.fanOut().param().equals(param);
  }

  /**
   * A list Stripe answers per owner ({@link ScanPer}): one call without the owner, then one per owner
   * row, skipping objects the first call returned (the per-owner calls are disjoint).
   */
  private Iterator<JsonNode> perOwner(ApiTable table, ListQuery query) {
    ScanPer per = table.scanPer();
    Set<String> unownedIds = new HashSet<>();
    Iterator<JsonNode> unowned = peek(list(table, table.path(), query, new LinkedHashMap<>()),
        o -> unownedIds.add(o.path("id").asText()));
    Iterator<JsonNode> owned = new FlatMap<>(ids(per.table()), owner -> {
      Map<String, List<String>> extra = new LinkedHashMap<>();
      extra.put(per.param(), List.of(owner));
      return list(table, table.path(), query, extra);
    });
    return new FlatMap<>(List.of(unowned, filter(owned, o -> !unownedIds.contains(o.path("id").asText())))
        .iterator(), it -> it);
  }

  /** The ids of every row of a child table's parent, read lazily with the parent's own full scan. */
  private Iterator<String> parentIds(ApiTable child) {
    return ids(child.parent().table());
  }

  /** The ids of every row of a table, read lazily with its own full scan. */
  private Iterator<String> ids(String tableName) {
    ApiTable owner = catalog.table(tableName)
        .orElseThrow(() -> new IllegalStateException("no table " + tableName + " in the catalog"));
    int idIndex = owner.columnIndex("id");
    return map(rows(StripeQuery.fullScan(owner.name())), row -> (String) row[idIndex]);
  }

  private Iterator<JsonNode> childList(ApiTable table, String parentId, ListQuery query) {
    Map<String, List<String>> extra = new LinkedHashMap<>();
    String path = table.path();
    if (table.parent().pathParam() != null) {
      path = path.replace("{" + table.parent().pathParam() + "}", parentId);
    } else {
      extra.put(table.parent().queryParam(), List.of(parentId));
    }
    return skipNotFound(list(table, path, query, extra));
  }

  /**
   * The list calls of a table: one, or one per value of a fanned-out parameter (a pushed IN, or a
   * required enum parameter the query does not fix).
   */
  private Iterator<JsonNode> list(ApiTable table, String path, ListQuery query, Map<String, List<String>> extra) {
    Map<String, List<String>> base = ListParams.of(table, query);
    base.putAll(extra);
    String fanParam = query.fanOut() == null ? null : query.fanOut().param();
    List<String> fanValues = query.fanOut() == null ? null : query.fanOut().values();
    if (fanParam == null) {
      for (ApiFilter f : table.filters()) {
        if (f.isRequired() && !base.containsKey(f.param()) && f.values() != null) {
          fanParam = f.param();
          fanValues = f.values();
          break;
        }
      }
    }
    long fetch = query.fetchOrMax();
    if (fanParam == null) {
      return new PagingIterator(client, path, base, fetch, budget, table);
    }
    String param = fanParam;
    String listPath = path;
    Iterator<JsonNode> all = new FlatMap<>(fanValues.iterator(), value -> {
      Map<String, List<String>> q = new LinkedHashMap<>(base);
      q.put(param, List.of(value));
      return new PagingIterator(client, listPath, q, fetch, budget, table);
    });
    if (query.fanOut() != null && query.fanOut().distinct()) {
      // values Stripe reads as patterns may select one object twice: each object once, as plain SQL has it
      Set<String> seen = new HashSet<>();
      return filter(all, o -> seen.add(o.path("id").asText()));
    }
    return all;
  }

  /**
   * Rows by id: through the parents' retrieve endpoint when the query names the parents, else the
   * table's own retrieve endpoint or, for a child whose endpoint needs the parent, the top-level one,
   * whose objects name their parent in the parent column.
   */
  private Iterator<Object[]> retrieveRows(ApiTable table, RetrieveQuery query, RowConverter converter) {
    if (table.retrievePath() == null) {
      throw new IllegalStateException("table " + table.name() + " has no retrieve endpoint");
    }
    List<String> ids = safeIds(query.ids());
    String parentPlaceholder = table.parent() == null || table.parent().pathParam() == null ? null
        : "{" + table.parent().pathParam() + "}";
    boolean needsParent = parentPlaceholder != null && table.retrievePath().contains(parentPlaceholder);
    if (needsParent && query.parentIds() != null) {
      return new FlatMap<>(safeIds(query.parentIds()).iterator(), parentId -> map(
          retrieve(table.retrievePath().replace(parentPlaceholder, parentId), ids),
          o -> converter.convert(o, parentId, null, null)));
    }
    String path = needsParent ? table.topRetrievePath() : table.retrievePath();
    if (path == null) {
      throw new IllegalStateException("table " + table.name() + " is retrieved through its parent; the query names none");
    }
    return map(retrieve(path, ids), o -> converter.convert(o, null, null, null));
  }

  /**
   * One retrieve per id, {@code path}'s last placeholder replaced by the id. No such object, or a
   * deleted one (Stripe answers a deleted customer with a {@code deleted: true} stub), is no row.
   */
  private Iterator<JsonNode> retrieve(String path, List<String> ids) {
    String placeholder = path.substring(path.lastIndexOf('{'));
    return new FlatMap<>(ids.iterator(), id -> {
      budget.beforeRequest();
      JsonNode o;
      try {
        o = client.get(path.replace(placeholder, id), Map.of(), budget);
      } catch (StripeApiException e) {
        if (e.isNotFound()) {
          return Collections.emptyIterator();   // no such object: no row
        }
        throw e;
      }
      return o.path("deleted").asBoolean(false) ? Collections.emptyIterator() : List.of(o).iterator();
    });
  }

  private Iterator<Object[]> singleton(ApiTable table, RowConverter converter) {
    budget.beforeRequest();
    JsonNode object = client.get(table.path(), Map.of(), budget);
    Explode explode = table.explode();
    if (explode == null) {
      return List.<Object[]>of(converter.convert(object, null, null, object)).iterator();
    }
    List<Object[]> rows = new ArrayList<>();
    for (Explode.Source source : explode.arrays()) {
      JsonNode arr = object;
      for (String p : source.path()) {
        arr = arr == null ? null : arr.get(p);
      }
      if (arr != null && arr.isArray()) {
        for (JsonNode entry : arr) {
          rows.add(converter.convert(entry, null, source.kind(), object));
        }
      }
    }
    return rows.iterator();
  }

  /** Ids that are safe to put in a URL path; anything else cannot be a Stripe id, so it matches nothing. */
  private static List<String> safeIds(List<String> ids) {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      if (id != null && SAFE_ID.matcher(id).matches() && !id.contains("..")) {
        out.add(id);
      }
    }
    return out;
  }

  /** A list whose parent vanished between the parent scan and this call has no rows. */
  private static Iterator<JsonNode> skipNotFound(Iterator<JsonNode> it) {
    return new Iterator<>() {
      private boolean gone;

      @Override
      public boolean hasNext() {
        if (gone) {
          return false;
        }
        try {
          return it.hasNext();
        } catch (StripeApiException e) {
          if (e.isNotFound()) {
            gone = true;
            return false;
          }
          throw e;
        }
      }

      @Override
      public JsonNode next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return it.next();
      }
    };
  }

  /** The elements that pass {@code keep}, tested as the consumer advances. */
  static <T> Iterator<T> filter(Iterator<T> it, Predicate<T> keep) {
    return new Iterator<>() {
      private T next;
      private boolean ready;

      @Override
      public boolean hasNext() {
        while (!ready && it.hasNext()) {
          T t = it.next();
          if (keep.test(t)) {
            next = t;
            ready = true;
          }
        }
        return ready;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ready = false;
        return next;
      }
    };
  }

  /** The same elements, each shown to {@code seen} as it passes. */
  static <T> Iterator<T> peek(Iterator<T> it, Consumer<T> seen) {
    return map(it, t -> {
      seen.accept(t);
      return t;
    });
  }

  private static <A, B> Iterator<B> map(Iterator<A> it, Function<A, B> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public B next() {
        return f.apply(it.next());
      }
    };
  }

  private static <T> Iterator<T> limit(Iterator<T> it, long max) {
    if (max == Long.MAX_VALUE) {
      return it;
    }
    return new Iterator<>() {
      private long left = max;

      @Override
      public boolean hasNext() {
        return left > 0 && it.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        left--;
        return it.next();
      }
    };
  }

  /** Concatenates the iterators {@code f} makes of each element, opening each only when reached. */
  static final class FlatMap<A, B> implements Iterator<B> {
    private final Iterator<A> outer;
    private final Function<A, Iterator<B>> f;
    private Iterator<B> inner = Collections.emptyIterator();

    FlatMap(Iterator<A> outer, Function<A, Iterator<B>> f) {
      this.outer = outer;
      this.f = f;
    }

    @Override
    public boolean hasNext() {
      while (!inner.hasNext()) {
        if (!outer.hasNext()) {
          return false;
        }
        inner = f.apply(outer.next());
      }
      return true;
    }

    @Override
    public B next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return inner.next();
    }
  }
}
