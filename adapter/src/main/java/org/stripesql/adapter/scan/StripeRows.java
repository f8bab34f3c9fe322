package org.stripesql.adapter.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.stripesql.adapter.client.StripeApiException;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.query.FanOut;
import org.stripesql.adapter.query.FixedColumns;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.NoRowsQuery;
import org.stripesql.adapter.query.RetrieveQuery;
import org.stripesql.adapter.query.SearchQuery;
import org.stripesql.adapter.query.StripeQuery;
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
 * a plain scan would list come out (no deleted stubs, no objects the list omits). With MaxConcurrency
 * above 1 the calls are made side by side ({@link ParallelScan}), their objects in the same order.
 */
public final class StripeRows {
  /** What an id must look like to go into a URL path: Stripe ids are letters, digits and underscores. */
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_\\-.]{1,255}");

  private final Catalog catalog;
  private final StripeClient client;
  private final ScanBudget budget;
  private final Clock clock;
  private final ParallelScan parallel;

  public StripeRows(Catalog catalog, StripeClient client, ScanBudget budget) {
    this(catalog, client, budget, Clock.systemUTC());
  }

  /** {@code clock}: "now", for the window of a search's fresh reads. */
  public StripeRows(Catalog catalog, StripeClient client, ScanBudget budget, Clock clock) {
    this.catalog = catalog;
    this.client = client;
    this.budget = budget;
    this.clock = clock;
    this.parallel = new ParallelScan(client, budget);
  }

  /** Rows of {@code query} as {@code Object[]} in the table's column order. */
  public Iterator<Object[]> rows(StripeQuery query) {
    return rows(query, null);
  }

  /** The same with only {@code columns} filled (null: all), and those this class itself reads. */
  public Iterator<Object[]> rows(StripeQuery query, int[] columns) {
    ApiTable table = catalog.table(query.table())
        .orElseThrow(() -> new IllegalStateException("no table " + query.table() + " in the catalog"));
    RowConverter converter = new RowConverter(table, columns);
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
    Function<JsonNode, Object[]> row = new RowReader<>(o -> converter.convert(o, null, null, null),
        converter.listedFields());
    if (query instanceof SearchQuery search) {
      SearchScan.Reads reads = new SearchScan.Reads() {
        @Override
        public Iterator<Object[]> list(ListQuery q) {
          return listObjects(table, q, row);
        }

        @Override
        public Iterator<Object[]> retrieve(List<String> ids) {
          return StripeRows.this.retrieve(table.retrievePath(), table.retrievePath(), safeIds(ids), row);
        }
      };
      SearchScan scan = new SearchScan(table, catalog.table("events").orElse(null), client, budget, clock, reads,
          row);
      return visible(table, scan.rows(search));
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
    FixedColumns.check(table, query);
    if (table.kind() == TableKind.CHILD) {
      Iterator<String> parents = query.parentIds() != null ? safeIds(query.parentIds()).iterator()
          : parentIds(table);
      if (parallel.enabled()) {
        return parallelChildren(table, query, parents, converter);
      }
      return new FlatMap<>(parents, parentId -> childList(table, parentId, query,
          new RowReader<>(o -> converter.convert(o, parentId, null, null), converter.listedFields())));
    }
    return listObjects(table, query, new RowReader<>(o -> converter.convert(o, null, null, null),
        converter.listedFields()));
  }

  /** The rows of a top-level table's list calls. */
  private Iterator<Object[]> listObjects(ApiTable table, ListQuery query, Function<JsonNode, Object[]> row) {
    return table.scanPer() != null && !fixes(query, table.scanPer().param())
        ? perOwner(table, query, row) : list(table, table.path(), query, new LinkedHashMap<>(), row);
  }

  /** Whether the query gives the parameter a value (an equality or a fanned-out IN). */
  private static boolean fixes(ListQuery query, String param) {
    return query.equalities().containsKey(param) || query.fanOut() != null && query.fanOut().param().equals(param);
  }

  /**
   * A list Stripe answers per owner ({@link ScanPer}): one call without the owner, then one per owner
   * row, skipping objects the first call returned (the per-owner calls are disjoint). In parallel, the
   * owners' calls start once the first call's objects are all seen.
   */
  private Iterator<Object[]> perOwner(ApiTable table, ListQuery query, Function<JsonNode, Object[]> row) {
    ScanPer per = table.scanPer();
    int id = table.columnIndex("id");
    Set<Object> unownedIds = new HashSet<>();
    Iterator<Object[]> unowned = peek(list(table, table.path(), query, new LinkedHashMap<>(), row),
        r -> unownedIds.add(r[id]));
    Iterator<Object[]> owned = parallel.enabled() ? lazy(() -> {
      Map<String, List<String>> base = ListParams.of(table, query);
      return distinct(table, query, parallel.perOwner(table, query, base, ListParams.fanOut(table, query, base),
          per.param(), ids(per.table()), row));
    }) : new FlatMap<>(ids(per.table()), owner -> {
      Map<String, List<String>> extra = new LinkedHashMap<>();
      extra.put(per.param(), List.of(owner));
      return list(table, table.path(), query, extra, row);
    });
    return new FlatMap<>(List.of(unowned, filter(owned, r -> !unownedIds.contains(r[id]))).iterator(), it -> it);
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
    return map(rows(StripeQuery.fullScan(owner.name()), new int[] {idIndex}), row -> (String) row[idIndex]);
  }

  private Iterator<Object[]> childList(ApiTable table, String parentId, ListQuery query,
      Function<JsonNode, Object[]> row) {
    return skipNotFound(list(table, ListParams.childPath(table, parentId), query,
        ListParams.parentParams(table, parentId), row));
  }

  /**
   * The list calls of a table: one, or one per value of a fanned-out parameter (a pushed IN, or a
   * required enum parameter the query does not fix); side by side (a single list in time slices) when
   * the scan reads in parallel.
   */
  private Iterator<Object[]> list(ApiTable table, String path, ListQuery query, Map<String, List<String>> extra,
      Function<JsonNode, Object[]> row) {
    Map<String, List<String>> base = ListParams.of(table, query);
    base.putAll(extra);
    FanOut fan = ListParams.fanOut(table, query, base);
    long fetch = query.fetchOrMax();
    if (parallel.enabled() && path.equals(table.path()) && extra.isEmpty()) {
      return distinct(table, query, parallel.list(table, query, base, fan, row));
    }
    if (fan == null) {
      return map(new PagingIterator(client, table.path(), path, base, fetch, budget, table)
          .reading(RowReader.fieldsOf(row)), row);
    }
    return distinct(table, query, new FlatMap<>(fan.values().iterator(), value -> {
      Map<String, List<String>> q = new LinkedHashMap<>(base);
      q.put(fan.param(), List.of(value));
      return map(new PagingIterator(client, table.path(), path, q, fetch, budget, table)
          .reading(RowReader.fieldsOf(row)), row);
    }));
  }

  /**
   * Each object once when the query's fan-out has values Stripe reads as patterns, which may select one
   * object twice; as plain SQL has it.
   */
  private static Iterator<Object[]> distinct(ApiTable table, ListQuery query, Iterator<Object[]> rows) {
    int id = table.columnIndex("id");
    if (query.fanOut() == null || !query.fanOut().distinct() || id < 0) {
      return rows;
    }
    Set<Object> seen = new HashSet<>();
    return filter(rows, r -> seen.add(r[id]));
  }

  /** A child table's lists read side by side, in the parents' order; each object once per parent. */
  private Iterator<Object[]> parallelChildren(ApiTable table, ListQuery query, Iterator<String> parents,
      RowConverter converter) {
    Map<String, List<String>> base = ListParams.of(table, query);
    FanOut fan = ListParams.fanOut(table, query, base);
    Iterator<Object[]> rows = parallel.children(table, query, base, fan, parents,
        parentId -> new RowReader<>(o -> converter.convert(o, parentId, null, null), converter.listedFields()));
    int parent = table.columnIndex(table.parent().column());
    int id = table.columnIndex("id");
    if (query.fanOut() == null || !query.fanOut().distinct() || parent < 0 || id < 0) {
      return rows;
    }
    Set<List<Object>> seen = new HashSet<>();
    return filter(rows, r -> seen.add(Arrays.asList(r[parent], r[id])));
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
      String template = table.retrievePath();
      List<String> parents = safeIds(query.parentIds());
      if (parallel.enabled() && parents.size() * ids.size() > 1) {
        List<ParallelScan.Retrieval<Object[]>> calls = new ArrayList<>();
        for (String parentId : parents) {
          String path = template.replace(parentPlaceholder, parentId);
          Function<JsonNode, Object[]> row = o -> converter.convert(o, parentId, null, null);
          ids.forEach(id -> calls.add(new ParallelScan.Retrieval<>(withId(path, id), row)));
        }
        return parallel.retrieves(template, calls.iterator(), query.fetchOrMax());
      }
      return new FlatMap<>(parents.iterator(), parentId -> retrieve(template,
          template.replace(parentPlaceholder, parentId), ids, o -> converter.convert(o, parentId, null, null)));
    }
    String path = needsParent ? table.topRetrievePath() : table.retrievePath();
    if (path == null) {
      throw new IllegalStateException("table " + table.name() + " is retrieved through its parent; the query names none");
    }
    return retrieve(path, path, ids, o -> converter.convert(o, null, null, null));
  }

  /**
   * One retrieve per id, {@code path}'s last placeholder replaced by the id; {@code endpoint}: the path's
   * template, whose rate budget the calls use. No such object, or a deleted one (Stripe answers a deleted
   * customer with a {@code deleted: true} stub), is no row. In parallel when there are several.
   */
  private Iterator<Object[]> retrieve(String endpoint, String path, List<String> ids,
      Function<JsonNode, Object[]> row) {
    if (parallel.enabled() && ids.size() > 1) {
      return parallel.retrieves(endpoint, map(ids.iterator(),
          id -> new ParallelScan.Retrieval<>(withId(path, id), row)), Long.MAX_VALUE);
    }
    return new FlatMap<>(ids.iterator(), id -> {
      budget.beforeRequest();
      JsonNode o;
      try {
        o = client.get(endpoint, withId(path, id), Map.of(), budget);
      } catch (StripeApiException e) {
        if (e.isNotFound()) {
          return Collections.emptyIterator();   // no such object: no row
        }
        throw e;
      }
      return isDeleted(o) ? Collections.emptyIterator() : List.<Object[]>of(row.apply(o)).iterator();
    });
  }

  /** {@code path} with its last placeholder replaced by {@code id}. */
  private static String withId(String path, String id) {
    return path.substring(0, path.lastIndexOf('{')) + id + path.substring(path.indexOf('}', path.lastIndexOf('{')) + 1);
  }

  /** Whether Stripe answered a retrieve with a deleted object's stub, which no list shows. */
  static boolean isDeleted(JsonNode object) {
    return object.path("deleted").asBoolean(false);
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
  private static <T> Iterator<T> skipNotFound(Iterator<T> it) {
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
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return it.next();
      }
    };
  }

  /** An iterator made only when first asked, so its requests wait for the parts before it. */
  static <T> Iterator<T> lazy(Supplier<Iterator<T>> make) {
    return new Iterator<>() {
      private Iterator<T> it;

      private Iterator<T> it() {
        if (it == null) {
          it = make.get();
        }
        return it;
      }

      @Override
      public boolean hasNext() {
        return it().hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return it().next();
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

  static <A, B> Iterator<B> map(Iterator<A> it, Function<A, B> f) {
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
