package org.stripesql.adapter.scan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * The rows of a sequence of {@link Segment}s, in the sequence's order, while their pages are fetched ahead
 * in parallel: as many requests in flight as {@code concurrency} says, earliest segments first, at most
 * a bounded number of pages held, so memory does not grow with the scan. Segments are split (work
 * stealing) when they run long or when requests in flight fall short. Closing the scan's
 * {@link ScanBudget} stops it and cancels every call in flight. Reasoning: docs/parallel-scans.md.
 */
final class OrderedMerger<T> implements Iterator<T> {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** The most pages one scan holds, however many requests are in flight. */
  static final int MAX_PAGES = 64;

  /** One segment and its pages fetched but not yet emitted. */
  private static final class Slot<T> {
    final Segment<T> segment;
    final ArrayDeque<List<T>> pages = new ArrayDeque<>();
    boolean inFlight;
    boolean done;
    RuntimeException error;
    int pagesSinceSplit;

    Slot(Segment<T> segment) {
      this.segment = segment;
      this.done = segment.done();
    }

    boolean unfinished() {
      return error == null && !done;
    }

    boolean startable() {
      return !inFlight && unfinished();
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Slot<T>> slots = new ArrayList<>();
  private final Iterator<? extends Segment<T>> supply;
  private final IntSupplier concurrency;
  private final ScanBudget budget;
  private final Executor executor;
  private final long rowsWanted;
  private final int pageRows;
  private boolean parallel;
  private boolean supplyDone;
  private boolean feeding;
  private RuntimeException supplyError;
  private boolean failed;
  private boolean closed;
  private int inFlight;
  private int bufferedPages;
  private long bufferedRows;
  private long takenRows;
  private int takenPages;
  private Iterator<T> page = Collections.emptyIterator();

  /**
   * @param supply         the segments in emission order, pulled lazily (may block)
   * @param firstPageAlone read nothing ahead until the first page has been consumed (a LIMIT or a closed
   *                       result may need no more)
   * @param concurrency    how many requests to keep in flight, asked again as the scan goes
   * @param rowsWanted     the most rows the consumer will take ({@code Long.MAX_VALUE}: all)
   * @param pageRows       the most rows one page holds
   */
  OrderedMerger(Iterator<? extends Segment<T>> supply, boolean firstPageAlone, IntSupplier concurrency,
      ScanBudget budget, long rowsWanted, int pageRows) {
    this(supply, firstPageAlone, concurrency, budget, rowsWanted, pageRows, ScanThreads.EXECUTOR);
  }

  OrderedMerger(Iterator<? extends Segment<T>> supply, boolean firstPageAlone, IntSupplier concurrency,
      ScanBudget budget, long rowsWanted, int pageRows, Executor executor) {
    this.supply = supply;
    this.parallel = !firstPageAlone;
    this.concurrency = concurrency;
    this.budget = budget;
    this.rowsWanted = rowsWanted;
    this.pageRows = Math.max(1, pageRows);
    this.executor = executor;
    budget.onStop(this::stop);
  }

  /**
   * Pages held (fetched or in flight) beyond which only the first unfinished segment is read: enough for
   * each request in flight to find its slice half read, at most {@link #MAX_PAGES}.
   */
  static int capacity(int concurrency) {
    return Math.max(concurrency, Math.min(MAX_PAGES, concurrency * SlicePlanner.SLICE_PAGES / 2
        + SlicePlanner.SLICE_PAGES));
  }

  @Override
  public boolean hasNext() {
    if (page.hasNext()) {
      return true;
    }
    lock.lock();
    try {
      if (takenPages > 0) {
        parallel = true;   // the consumer wants more than the first page
      }
      while (true) {
        if (closed) {
          return false;
        }
        if (!slots.isEmpty()) {
          Slot<T> front = slots.get(0);
          List<T> p = front.pages.poll();
          if (p != null) {
            bufferedPages--;
            bufferedRows -= p.size();
            takenRows += p.size();
            takenPages++;
            page = p.iterator();
            if (parallel) {
              schedule();   // reading on demand otherwise: the next page when the consumer waits for it
            }
            if (page.hasNext()) {
              return true;
            }
            continue;
          }
          if (front.error != null) {
            throw front.error;
          }
          if (!front.inFlight && front.done) {
            slots.remove(0);
            continue;
          }
        } else if (supplyDone && !feeding) {
          if (supplyError != null) {
            throw supplyError;
          }
          return false;
        }
        schedule();
        await();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.next();
  }

  private void await() {
    try {
      changed.awaitNanos(POLL_NANOS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ScanBudget.QueryCancelledException("interrupted while reading from Stripe");
    }
    budget.check();
  }

  /** Stops: nothing more is fetched or emitted (the scan's budget was closed). */
  private void stop() {
    lock.lock();
    try {
      closed = true;
      slots.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Starts fetches and the feeder as far as concurrency, capacity and order allow. Holds the lock. */
  private void schedule() {
    if (closed) {
      return;
    }
    int want = parallel && !failed ? Math.max(1, concurrency.getAsInt()) : 1;
    int cap = capacity(want);
    if (parallel && !failed) {
      grow(want, cap);
    }
    while (inFlight < want) {
      Slot<T> s = pick(want, cap);
      if (s == null) {
        break;
      }
      launch(s);
    }
    feedIfNeeded(want, cap);
  }

  /**
   * The earliest segment to fetch next, or null. Beyond the capacity only the first unfinished segments
   * (half as many as requests are wanted, the front among them) are read, up to a hard limit a little
   * above it: the consumer waits for those, so they always get on.
   */
  private Slot<T> pick(int want, int cap) {
    boolean ahead = parallel && !failed;
    int window = ahead ? Math.max(1, want / 2) : 1;
    int held = bufferedPages + inFlight;
    int unfinished = 0;
    for (int i = 0; i < slots.size(); i++) {
      Slot<T> s = slots.get(i);
      if (!s.unfinished()) {
        continue;
      }
      int rank = unfinished++;
      if (s.inFlight) {
        continue;
      }
      boolean front = i == 0;
      if (!ahead && (!front || (!parallel && !s.pages.isEmpty()))) {
        return null;   // one after another, on demand until the first page is consumed
      }
      if (!front && (enoughRows() || held >= cap && (rank >= window || held >= cap + 2 * window))) {
        return null;
      }
      if (!s.segment.started()) {
        Segment<T> older = s.segment.split(false);   // cut a wide slice to size before reading it
        if (older != null) {
          slots.add(i + 1, new Slot<>(older));
        }
      }
      return s;
    }
    return null;
  }

  private boolean enoughRows() {
    return rowsWanted != Long.MAX_VALUE && takenRows + bufferedRows + (long) inFlight * pageRows >= rowsWanted;
  }

  /**
   * Splits segments until there is work for {@code want} requests in flight: with room, the oldest first
   * (cutting into the unread range); otherwise, and when that cannot be cut, the first unfinished ones,
   * which the consumer waits for.
   */
  private void grow(int want, int cap) {
    int window = Math.max(1, want / 2);
    while (!enoughRows()) {
      int startable = 0;
      int launchable = 0;
      int rank = 0;
      int held = bufferedPages + inFlight;
      for (int i = 0; i < slots.size(); i++) {
        Slot<T> s = slots.get(i);
        if (s.startable()) {
          startable++;
          // as pick() would: beyond the capacity only the first unfinished segments are read
          launchable += i == 0 || held < cap || rank < window && held < cap + 2 * window ? 1 : 0;
        }
        rank += s.unfinished() ? 1 : 0;
      }
      if (inFlight + launchable >= want) {
        return;
      }
      boolean room = bufferedPages + inFlight + startable < cap;
      if (!(room && splitOne(slots.size() - 1, -1, -1)) && !splitOne(0, Math.min(slots.size(), Math.max(1, want / 2)), 1)) {
        return;
      }
    }
  }

  /** Splits the first startable segment that can be, from index {@code from} stepping {@code step} to {@code to}. */
  private boolean splitOne(int from, int to, int step) {
    for (int i = from; i != to && i >= 0 && i < slots.size(); i += step) {
      Slot<T> s = slots.get(i);
      if (s.startable()) {
        Segment<T> older = s.segment.split(true);
        if (older != null) {
          slots.add(i + 1, new Slot<>(older));
          return true;
        }
      }
    }
    return false;
  }

  private void launch(Slot<T> s) {
    s.inFlight = true;
    inFlight++;
    try {
      executor.execute(() -> fetch(s));
    } catch (RuntimeException e) {
      s.inFlight = false;
      inFlight--;
      s.error = e;
    }
  }

  /** Runs on a scan thread: one request of {@code s}, then back under the lock. */
  private void fetch(Slot<T> s) {
    List<T> rows = null;
    RuntimeException error = null;
    try {
      rows = s.segment.fetch();
    } catch (RuntimeException e) {
      error = e;
    }
    lock.lock();
    try {
      s.inFlight = false;
      inFlight--;
      if (closed) {
        return;
      }
      if (error != null) {
        s.error = error;
        failed = true;   // from now on only what the consumer needs next is read
      } else {
        if (!rows.isEmpty()) {
          s.pages.add(rows);
          bufferedPages++;
          bufferedRows += rows.size();
        }
        s.done = s.segment.done();
        if (++s.pagesSinceSplit >= SlicePlanner.SLICE_PAGES && !s.done) {
          Segment<T> older = s.segment.split(false);   // a slice that runs long hands its older part on
          if (older != null) {
            slots.add(slots.indexOf(s) + 1, new Slot<>(older));
            s.pagesSinceSplit = 0;
          }
        }
      }
      schedule();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Starts the feeder, which pulls segments from the supply, when more are wanted. Holds the lock. */
  private void feedIfNeeded(int want, int cap) {
    if (supplyDone || feeding || closed || !wantsSegment(want, cap)) {
      return;
    }
    feeding = true;
    try {
      executor.execute(this::feed);
    } catch (RuntimeException e) {
      feeding = false;
      supplyDone = true;
      supplyError = e;
    }
  }

  private boolean wantsSegment(int want, int cap) {
    int startable = 0;
    boolean unfinished = false;
    for (Slot<T> s : slots) {
      startable += s.startable() ? 1 : 0;
      unfinished |= s.unfinished();
    }
    if (!unfinished) {
      return true;   // the consumer needs the next segment
    }
    return parallel && !failed && !enoughRows() && inFlight + startable < want
        && bufferedPages + inFlight + startable < cap;
  }

  /** Runs on a scan thread: pulls segments (the supply may block, so outside the lock) while wanted. */
  private void feed() {
    while (true) {
      Segment<T> next = null;
      RuntimeException error = null;
      try {
        next = supply.hasNext() ? supply.next() : null;
      } catch (RuntimeException e) {
        error = e;
      }
      lock.lock();
      try {
        if (closed || next == null) {
          supplyDone = true;
          supplyError = error;
          feeding = false;
          changed.signalAll();
          return;
        }
        slots.add(new Slot<>(next));
        schedule();   // feeding is still true: schedule() starts no second feeder
        changed.signalAll();
        int want = parallel && !failed ? Math.max(1, concurrency.getAsInt()) : 1;
        if (!wantsSegment(want, capacity(want))) {
          feeding = false;
          return;
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
