package org.stripesql.adapter.scan;

import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * How the time slices of one scan are cut: at once for every request wanted in flight, the n-th for about
 * n pages at the density (objects per second) seen on the oldest data read so far, no further down than the
 * account's creation; none where pages come back too fast for slices to save time. Thread-safe.
 * Reasoning: docs/parallel-scans.md.
 */
final class SlicePlanner {
  /** The most pages a slice is cut for; a slice that reads this many and has more is split again. */
  static final int SLICE_PAGES = 8;
  /**
   * The fewest pages a slice is cut for: each slice ends in a partial page, so slices sized by a handful
   * of objects would cost nearly a request each more than the pages they hold.
   */
  static final double MIN_SLICE_PAGES = 2;
  /** A slice with fewer pages left than this is not split: the parts would cost a request and save none. */
  static final double MIN_SPLIT_PAGES = 2;
  /**
   * The least reading time, one page after another at the observed latency, a slice is cut for or a split
   * gives away: against an API that answers in milliseconds pages come nearly as fast one after another as
   * side by side, and every slice costs a partial page.
   */
  static final double MIN_SLICE_SECONDS = 0.2;
  /**
   * How many slices may be cut below the oldest object seen while the account's creation is unknown
   * (asked when slicing starts, known a round trip later): slices beyond the data cost a request each.
   */
  static final int BLIND_SLICES = 4;
  /**
   * How many slices may be cut below the oldest object seen once the account's creation is known: as many
   * as requests are wanted in flight (Stripe's limits and latency want about a dozen), at most this many,
   * as the data may end long before the account's creation (events are kept 30 days; a business grows).
   */
  static final int MAX_BLIND_SLICES = 16;
  /** 2009-01-01T00:00:00Z: no Stripe object is older, so the open-ended oldest slice is not cut below it. */
  static final long FLOOR = 1_230_768_000L;

  private final Supplier<Long> accountStart;
  private final IntSupplier concurrency;
  private long fastestNanos = Long.MAX_VALUE;
  private Long floor;
  private double density;
  private long oldestSeen = Long.MAX_VALUE;
  private int cuts;
  private boolean foundEmpty;

  /**
   * @param accountStart when the account was created (no object is older): asked when first needed and
   *                     then again at each cut until known; null while the answer is on its way
   * @param concurrency  how many requests the scan wants in flight
   */
  SlicePlanner(Supplier<Long> accountStart, IntSupplier concurrency) {
    this.accountStart = accountStart;
    this.concurrency = concurrency;
  }

  /** Objects per second on a page of {@code objects} from {@code newest} down to {@code oldest} (unix seconds). */
  static double density(int objects, long newest, long oldest) {
    return objects / (double) Math.max(1, newest - oldest + 1);
  }

  /**
   * The lower end of a range for estimates: {@code lo}, or for a range unbounded below the account's
   * creation; null while that is not known.
   */
  synchronized Long bottom(Long lo) {
    if (lo != null) {
      return lo;
    }
    if (floor == null) {
      Long known = accountStart.get();   // never waits: cutting goes on while it is asked
      floor = known == null ? null : Math.max(FLOOR, known);
    }
    return floor;
  }

  /**
   * How many pages the next slice is cut for: about one more than the slice cut before it (the scan's
   * first slice keeping the first), within [{@link #minPages()}, {@link #SLICE_PAGES}]. Slices read side by
   * side then finish in the order the consumer needs them, so few pages wait in memory for it.
   */
  synchronized double nextSlicePages() {
    return Math.max(minPages(), Math.min(SLICE_PAGES, cuts + 1));
  }

  /** A slice of {@link #nextSlicePages()} was cut. */
  synchronized void sliceCut() {
    cuts++;
  }

  /**
   * The fewest pages worth a slice of their own, or a split: {@link #MIN_SLICE_PAGES}, or more when a page
   * comes back so fast that fewer take less than {@link #MIN_SLICE_SECONDS} to read one after another.
   */
  synchronized double minPages() {
    double latency = latencySeconds();
    return Math.max(MIN_SLICE_PAGES, latency > 0 ? MIN_SLICE_SECONDS / latency : 0);
  }

  /**
   * Whether a scan's first slice, having read {@code pages} pages one after another, took long enough
   * ({@link #MIN_SLICE_SECONDS} at the observed latency) for slices to save time: after one page against
   * Stripe, never for a short list against a local emulator.
   */
  synchronized boolean readLongEnough(int pages) {
    double latency = latencySeconds();
    return latency <= 0 || pages * latency >= MIN_SLICE_SECONDS;
  }

  /**
   * The round trip of a page: the fastest this scan has seen (0 before any), so that a retry's backoff, a
   * wait for the rate budget or a pause of the JVM does not make slices look worth more than they are.
   */
  private double latencySeconds() {
    return fastestNanos == Long.MAX_VALUE ? 0 : fastestNanos / 1e9;
  }

  /** A page was read in {@code nanos}. */
  synchronized void answered(long nanos) {
    fastestNanos = Math.min(fastestNanos, Math.max(1, nanos));
  }

  /** The width of a slice of {@code pages} pages at the density seen, in seconds. */
  private long width(double pages) {
    double w = Math.ceil(pages * PagingIterator.MAX_PAGE / density);
    return (long) Math.max(1, Math.min(w, 1e12));
  }

  /**
   * Where to cut an unread range {@code [lo, hi)} ({@code lo} null: unbounded below) so that
   * {@code [cut, hi)} is one slice: null when the range holds about one slice only (down to the account's
   * creation when unbounded), or, while that creation is unknown, lies far below anything read yet.
   */
  synchronized Long cut(Long lo, long hi) {
    if (oldestSeen == Long.MAX_VALUE) {
      return null;   // no page seen yet: nothing to size a slice by
    }
    long w = width(nextSlicePages());
    long cut = hi - w;
    Long bottom = bottom(lo);
    if (bottom == null ? cut <= FLOOR : cut - bottom < w / 2 + 1) {
      return null;   // the rest would hold less than half a slice (the oldest slice stays open below)
    }
    int blind = bottom == null || foundEmpty ? BLIND_SLICES
        : Math.max(BLIND_SLICES, Math.min(MAX_BLIND_SLICES, concurrency.getAsInt()));
    if (oldestSeen - cut > (long) blind * w) {
      return null;   // wait for pages from the slices cut already: the data may end above
    }
    cuts++;
    return cut;
  }

  /**
   * Pages estimated from the cursor's second {@code cursorSecond} down to {@code bottom} (inclusive) at the
   * density of a page of {@code objects} over {@code [oldest, newest]}; infinite when {@code bottom} is
   * unknown (null).
   */
  static double pagesBelow(Long bottom, long cursorSecond, int objects, long newest, long oldest, int pageLimit) {
    if (bottom == null) {
      return Double.POSITIVE_INFINITY;
    }
    return density(objects, newest, oldest) * Math.max(0, cursorSecond - bottom + 1) / Math.max(1, pageLimit);
  }

  /**
   * A full page from {@code newest} down to {@code oldest} was read. A page within one second says only
   * that this second is crowded, not how its neighbours are: it lowers the density, never raises it.
   */
  synchronized void page(int objects, long newest, long oldest) {
    double observed = density(objects, newest, oldest);
    if (newest == oldest && density > 0) {
      see(oldest, Math.min(density, observed));
    } else if (see(oldest, observed)) {
      foundEmpty = false;
    }
  }

  /**
   * A slice {@code [lo, hi)} was read to its end with {@code objects}. An empty one says the data thins
   * out or ends there: the next cuts are much wider (at most one object in a slice's width), and only a
   * few are cut ahead until objects turn up again.
   */
  synchronized void finished(long lo, long hi, long objects) {
    long width = Math.max(1, hi - lo);
    if (objects == 0) {
      foundEmpty |= see(lo, Math.min(density / 4, 1.0 / width));
    } else if (see(lo, objects / (double) width)) {
      foundEmpty = false;
    }
  }

  /** Takes the density {@code observed} down to {@code oldest}, unless data older than that was seen. */
  private boolean see(long oldest, double observed) {
    if (oldest > oldestSeen) {
      return false;   // newer than data already seen: says less about the range still to cut
    }
    oldestSeen = oldest;
    density = Math.max(observed, 1e-12);
    return true;
  }
}
