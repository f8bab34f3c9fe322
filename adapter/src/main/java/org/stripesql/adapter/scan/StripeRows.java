package org.stripesql.adapter.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.stripesql.adapter.client.StripeApiException;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.query.FanOut;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.NoRowsQuery;
import org.stripesql.adapter.query.RetrieveQuery;
import org.stripesql.adapter.query.SearchQuery;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.Explode;
import org.stripesql.catalog.TableKind;

/**
 * Executes a {@link StripeQuery}: the lazy sequence of rows it denotes, fetched from Stripe as the
 * consumer advances. Child tables walk their parent table's ids (themselves read lazily); required enum
 * parameters and pushed {@code IN} lists make one list call per value. With MaxConcurrency above 1, the
 * calls are made side by side ({@link ParallelScan}) in the same order.
 */
public final class StripeRows {
  /** What an id must look like to go into a URL path: Stripe ids are letters, digits and underscores. */
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_\\-.]{1,255}");

  private final Catalog catalog;
  private final StripeClient client;
  private final ScanBudget budget;
  private final ParallelScan parallel;

  public StripeRows(Catalog catalog, StripeClient client, ScanBudget budget) {
    this.catalog = catalog;
    this.client = client;
    this.budget = budget;
    this.parallel = new ParallelScan(client, budget);
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
      if (parallel.enabled() && retrieve.ids().size() > 1 && table.retrievePath() != null) {
        return parallel.retrieves(table, safeIds(retrieve.ids()), o -> converter.convert(o, null, null, null));
      }
      return map(retrieve(table, retrieve.ids()), o -> converter.convert(o, null, null, null));
    }
    if (query instanceof SearchQuery search) {
      Map<String, List<String>> q = new LinkedHashMap<>();
      q.put("query", List.of(search.queryText()));
      return map(PagingIterator.search(client, table.search().path(), q, query.fetchOrMax(), budget, table),
          o -> converter.convert(o, null, null, null));
    }
    return listRows(table, (ListQuery) query, converter);
  }

  private Iterator<Object[]> listRows(ApiTable table, ListQuery query, RowConverter converter) {
    if (table.kind() == TableKind.SINGLETON) {
      return singleton(table, converter);
    }
    if (table.kind() == TableKind.CHILD) {
      Iterator<String> parents = query.parentIds() != null ? safeIds(query.parentIds()).iterator()
          : parentIds(table);
      if (parallel.enabled()) {
        return parallel.children(table, query, parents, parentId -> o -> converter.convert(o, parentId, null, null));
      }
      return new FlatMap<>(parents, parentId -> map(
          childList(table, parentId, query), o -> converter.convert(o, parentId, null, null)));
    }
    if (parallel.enabled()) {
      return parallel.list(table, query, o -> converter.convert(o, null, null, null));
    }
    return map(list(table, table.path(), query, new LinkedHashMap<>()),
        o -> converter.convert(o, null, null, null));
  }

  /** The ids of every row of a child table's parent, read lazily with the parent's own full scan. */
  private Iterator<String> parentIds(ApiTable child) {
    ApiTable parent = catalog.table(child.parent().table())
        .orElseThrow(() -> new IllegalStateException("no parent table " + child.parent().table()));
    StripeQuery parentScan = StripeQuery.fullScan(parent.name());
    int idIndex = parent.columnIndex("id");
    return map(rows(parentScan), row -> (String) row[idIndex]);
  }

  private Iterator<JsonNode> childList(ApiTable table, String parentId, ListQuery query) {
    return skipNotFound(list(table, ListParams.childPath(table, parentId), query,
        ListParams.parentParams(table, parentId)));
  }

  /**
   * The list calls of a table: one, or one per value of a fanned-out parameter (a pushed IN, or a
   * required enum parameter the query does not fix).
   */
  private Iterator<JsonNode> list(ApiTable table, String path, ListQuery query, Map<String, List<String>> extra) {
    Map<String, List<String>> base = ListParams.of(table, query);
    base.putAll(extra);
    FanOut fan = ListParams.fanOut(table, query, base);
    long fetch = query.fetchOrMax();
    if (fan == null) {
      return new PagingIterator(client, path, base, fetch, budget, table);
    }
    return new FlatMap<>(fan.values().iterator(), value -> {
      Map<String, List<String>> q = new LinkedHashMap<>(base);
      q.put(fan.param(), List.of(value));
      return new PagingIterator(client, path, q, fetch, budget, table);
    });
  }

  private Iterator<JsonNode> retrieve(ApiTable table, List<String> ids) {
    if (table.retrievePath() == null) {
      throw new IllegalStateException("table " + table.name() + " has no retrieve endpoint");
    }
    String placeholder = table.retrievePath().substring(table.retrievePath().lastIndexOf('{'));
    return new FlatMap<>(safeIds(ids).iterator(), id -> {
      budget.beforeRequest();
      try {
        return List.of(client.get(table.retrievePath().replace(placeholder, id), Map.of(), budget)).iterator();
      } catch (StripeApiException e) {
        if (e.isNotFound()) {
          return Collections.emptyIterator();   // no such object: no row
        }
        throw e;
      }
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
  private static final class FlatMap<A, B> implements Iterator<B> {
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
