package org.stripesql.adapter.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.stripesql.adapter.client.StripeApiException;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.catalog.ApiTable;

/**
 * The pages of one list call, following {@code starting_after}; for a time slice, within
 * {@code created[gte]}/{@code [lt]} bounds {@code [lo, hi)} in whole seconds, so that objects sharing a
 * second always fall in one slice. A slice can hand its older part to a new slice: before its first page
 * where the {@link SlicePlanner} cuts, afterwards about a page below its cursor's {@code created}. A
 * filter value that names no object (resource_missing) is a list without rows, as in PagingIterator.
 */
final class SliceReader<T> implements Segment<T> {
  /** What a list call reads: one endpoint, its parameters, and what turns an object into a row. */
  record Call<T>(StripeClient client, ApiTable table, String endpoint, String path, Map<String, List<String>> params,
      int pageLimit, Function<JsonNode, T> row, boolean notFoundIsEmpty, ScanBudget budget) {}

  private final Call<T> call;
  private final String rangeParam;
  private final SlicePlanner planner;
  private volatile Long lo;
  private final Long hi;
  private String cursor;
  private long top = Long.MIN_VALUE;
  private long pageNewest;
  private long pageOldest;
  private long objects;
  private int pages;
  private boolean started;
  private boolean splitSinceFetch;
  private boolean done;
  private boolean whole;

  /** A whole list (no time bounds; never split). */
  SliceReader(Call<T> call) {
    this(call, null, null, null, null);
  }

  /**
   * A time slice {@code [lo, hi)} of {@code rangeParam} (null: unbounded), cut by {@code planner};
   * {@code call}'s parameters must not bound {@code rangeParam} themselves.
   */
  SliceReader(Call<T> call, String rangeParam, SlicePlanner planner, Long lo, Long hi) {
    this.call = call;
    this.rangeParam = rangeParam;
    this.planner = planner;
    this.lo = lo;
    this.hi = hi;
  }

  /** The whole range {@code [lo, hi)} of a scan, read first and then split into slices by {@code planner}. */
  static <T> SliceReader<T> whole(Call<T> call, String rangeParam, SlicePlanner planner, Long lo, Long hi) {
    SliceReader<T> r = new SliceReader<>(call, rangeParam, planner, lo, hi);
    r.whole = true;
    return r;
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public boolean started() {
    return started;
  }

  @Override
  public List<T> fetch() {
    call.budget().beforeRequest();
    Map<String, List<String>> q = new LinkedHashMap<>(call.params());
    Long from = lo;
    if (rangeParam != null) {
      if (from != null) {
        q.put(rangeParam + "[gte]", List.of(Long.toString(from)));
      }
      if (hi != null) {
        q.put(rangeParam + "[lt]", List.of(Long.toString(hi)));
      }
    }
    if (PagingIterator.sendsLimit(call.table())) {
      q.put("limit", List.of(Integer.toString(call.pageLimit())));
    }
    if (cursor != null) {
      q.put("starting_after", List.of(cursor));
    }
    JsonNode resp;
    try {
      long sent = System.nanoTime();
      resp = call.client().get(call.endpoint(), call.path(), q, call.budget(), RowReader.fieldsOf(call.row()));
      if (planner != null) {
        planner.answered(System.nanoTime() - sent);
      }
    } catch (StripeApiException e) {
      if (call.notFoundIsEmpty() && e.isNotFound() || PagingIterator.namesMissingFilterValue(e, call.params())) {
        started = true;
        done = true;   // the parent vanished, or customer=cus_typo: no object refers to it
        return List.of();
      }
      throw call.table() == null ? e
          : e.withColumn(call.table().name(), PagingIterator.columnFor(call.table(), e.param()));
    }
    JsonNode data = resp.path("data");
    List<T> rows = new ArrayList<>(data.size());
    JsonNode first = null;
    JsonNode last = null;
    for (JsonNode o : data) {
      if (first == null) {
        first = o;
      }
      last = o;
      rows.add(call.row().apply(o));
    }
    started = true;
    splitSinceFetch = false;
    objects += rows.size();
    pages++;
    if (last != null) {
      cursor = last.path("id").asText(null);
      pageNewest = first.path("created").asLong();
      pageOldest = last.path("created").asLong();
      top = Math.max(top, pageNewest);
    }
    boolean more = resp.path("has_more").asBoolean(false) && last != null && cursor != null
        && PagingIterator.pages(call.table());
    if (planner != null) {
      if (more && rows.size() == call.pageLimit()) {
        planner.page(rows.size(), pageNewest, pageOldest);
      } else if (!more && from != null) {
        planner.finished(from, hi != null ? hi : top + 1, objects);
      }
    }
    done = !more;
    return rows;
  }

  @Override
  public Segment<T> split(boolean stealing) {
    if (planner == null || done) {
      return null;
    }
    Long cut;
    if (!started) {
      cut = hi == null ? null : planner.cut(lo, hi);
    } else if (splitSinceFetch) {
      return null;   // split at this cursor already: the next page shows where to cut again
    } else {
      cut = cutBelowCursor();
    }
    if (cut == null) {
      return null;
    }
    SliceReader<T> older = new SliceReader<>(call, rangeParam, planner, lo, cut);
    lo = cut;
    splitSinceFetch = started;
    whole = false;
    return older;
  }

  /**
   * Where to split a slice being read: it keeps the rest of its cursor's second and, below it, about one
   * page (the scan's first slice: a slice's worth, as the planner cuts the rest, once it has read for
   * {@link SlicePlanner#MIN_SLICE_SECONDS}); null when the pages left are too few to be worth two readers.
   * The cursor stays valid: the new lower bound is never above its {@code created}.
   */
  private Long cutBelowCursor() {
    if (whole && !planner.readLongEnough(pages)) {
      return null;   // a list read one page after another this fast may well end before slices would help
    }
    long c = pageOldest;
    long span = Math.max(1, pageNewest - pageOldest);
    Long bottom = planner.bottom(lo);
    double left = SlicePlanner.pagesBelow(bottom, c, PagingIterator.MAX_PAGE, pageNewest, pageOldest,
        call.pageLimit());
    double keep = whole ? planner.nextSlicePages() : 1;
    if (left < Math.max(SlicePlanner.MIN_SPLIT_PAGES, planner.minPages()) || left < keep + keep / 2) {
      return null;   // what is left is about what this slice keeps: splitting costs a request, saves none
    }
    long m = c - (long) Math.ceil(keep * span);
    if (lo != null && m <= lo) {
      m = c - lo < 1 ? lo : lo + (c - lo + 1) / 2;
    }
    if (lo != null && m <= lo) {
      return null;
    }
    if (whole) {
      planner.sliceCut();
    }
    return m;
  }

  @Override
  public String toString() {
    return "slice[" + lo + ", " + hi + ")" + (started ? " after " + cursor : "");
  }
}
