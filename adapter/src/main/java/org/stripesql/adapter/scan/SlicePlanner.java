package org.stripesql.adapter.scan;

import java.util.function.Supplier;

/**
 * How wide the time slices of one scan are cut: wide enough for about {@link #SLICE_PAGES} pages at the
 * density (objects per second) seen on the oldest data read so far, nearest the uncut range; an empty
 * slice makes the next cuts four times wider. Thread-safe. Reasoning: docs/parallel-scans.md.
 */
final class SlicePlanner {
  /** The pages a slice is cut for; a slice that reads this many and has more is split again. */
  static final int SLICE_PAGES = 8;
  /**
   * How many slices may be cut below the oldest object seen so far, before pages from them show the
   * density there: cuts further ahead wait, so a density that changes with age is noticed early.
   */
  static final int BLIND_SLICES = 4;
  /** 2009-01-01T00:00:00Z: no Stripe object is older, so the open-ended oldest slice is not cut below it. */
  static final long FLOOR = 1_230_768_000L;

  private final Supplier<Long> accountStart;
  private Long floor;
  private double density;
  private long oldestSeen = Long.MAX_VALUE;

  /** @param accountStart when the account was created (no object is older), asked when first needed */
  SlicePlanner(Supplier<Long> accountStart) {
    this.accountStart = accountStart;
  }

  /** Objects per second on a page of {@code objects} from {@code newest} down to {@code oldest} (unix seconds). */
  static double density(int objects, long newest, long oldest) {
    return objects / (double) Math.max(1, newest - oldest + 1);
  }

  /** The width of the next slice, in seconds. */
  synchronized long width() {
    double w = Math.ceil(SLICE_PAGES * (double) PagingIterator.MAX_PAGE / density);
    return (long) Math.max(1, Math.min(w, 1e12));
  }

  /**
   * Where to cut an unread range {@code [lo, hi)} ({@code lo} null: unbounded below) so that
   * {@code [cut, hi)} is one slice: null when the range is about one slice already, or, unbounded, reaches
   * the account's creation.
   */
  synchronized Long cut(Long lo, long hi) {
    if (oldestSeen == Long.MAX_VALUE) {
      return null;   // no page seen yet: nothing to size a slice by
    }
    long w = width();
    long cut = hi - w;
    if (lo != null && cut - lo < w / 2 + 1) {
      return null;
    }
    if (oldestSeen - cut > BLIND_SLICES * w) {
      return null;   // far below anything read yet: wait for pages from the slices cut already
    }
    if (lo == null && floor == null) {
      floor = Math.max(FLOOR, accountStart.get());
    }
    if (lo == null && cut <= floor) {
      return null;   // the oldest slice: left open below, in case an object predates what Stripe says
    }
    return cut;
  }

  /** A full page from {@code newest} down to {@code oldest} was read. */
  synchronized void page(int objects, long newest, long oldest) {
    see(oldest, density(objects, newest, oldest));
  }

  /** A slice {@code [lo, hi)} was read to its end with {@code objects}. */
  synchronized void finished(long lo, long hi, long objects) {
    see(lo, objects == 0 ? density / 4 : objects / (double) Math.max(1, hi - lo));
  }

  private void see(long oldest, double observed) {
    if (oldest > oldestSeen) {
      return;   // newer than data already seen: says less about the range still to cut
    }
    oldestSeen = oldest;
    density = Math.max(observed, 1e-9);
  }
}
