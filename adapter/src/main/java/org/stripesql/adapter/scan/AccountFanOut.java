package org.stripesql.adapter.scan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.client.StripeApiException;
import org.stripesql.adapter.connect.ConnectedAccount;
import org.stripesql.adapter.connect.ConnectedAccountSet;

/**
 * The rows of several connected accounts read side by side: a few accounts at a time, each by a thread of
 * {@link ScanThreads} that hands batches of its account's rows (the account id in front) to the consumer
 * through a bounded queue, so memory stays bounded whatever the number of accounts. An account Stripe
 * refuses (401, 403) fails the scan naming it, or with SkipUnreadableAccounts is left out (when none of its
 * rows went out yet) with a warning ({@link StatementWarnings}, the log); its state goes to the set's
 * {@code AccountStates} either way. Closing the scan's budget stops every thread. No order across accounts.
 */
final class AccountFanOut implements Iterator<Object[]> {
  private static final Logger LOG = LoggerFactory.getLogger(AccountFanOut.class);
  private static final int BATCH = 100;
  private static final int QUEUED_BATCHES = 16;
  private static final long POLL_MILLIS = 50;
  private static final Object DONE = new Object();

  /** A worker's failure, handed to the consumer. */
  private record Failure(RuntimeException error) {}

  private final List<ConnectedAccount> accounts;
  private final Function<ConnectedAccount, Iterator<Object[]>> read;
  private final ConnectedAccountSet set;
  private final ScanBudget budget;
  private final StatementWarnings.Execution warnings;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private final AtomicInteger nextAccount = new AtomicInteger();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final int workers;
  private boolean started;
  private int finished;
  private Iterator<Object[]> batch = Collections.emptyIterator();

  /**
   * @param read     the rows of one account (without its id), read lazily on the worker's thread
   * @param warnings where an account left out is said, for the statement's client
   */
  AccountFanOut(List<ConnectedAccount> accounts, Function<ConnectedAccount, Iterator<Object[]>> read,
      ConnectedAccountSet set, ScanBudget budget, StatementWarnings.Execution warnings) {
    this.accounts = List.copyOf(accounts);
    this.read = read;
    this.set = set;
    this.budget = budget;
    this.warnings = warnings;
    this.workers = Math.min(this.accounts.size(), set.parallelAccounts());
    budget.onStop(() -> stopped.set(true));
  }

  @Override
  public boolean hasNext() {
    if (!started) {
      started = true;
      for (int i = 0; i < workers; i++) {
        ScanThreads.EXECUTOR.execute(this::work);
      }
    }
    while (!batch.hasNext()) {
      if (finished == workers && queue.isEmpty()) {
        return false;
      }
      budget.check();
      Object o;
      try {
        o = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped.set(true);
        throw new StripeApiException("interrupted while reading connected accounts", 0, null, null, null, null,
            "HY000", e);
      }
      if (o == DONE) {
        finished++;
      } else if (o instanceof Failure f) {
        stopped.set(true);
        throw f.error();
      } else if (o instanceof List<?> rows) {
        @SuppressWarnings("unchecked")
        List<Object[]> r = (List<Object[]>) rows;
        batch = r.iterator();
      }
    }
    return true;
  }

  @Override
  public Object[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return batch.next();
  }

  /** A worker: reads accounts one after another until none is left or the scan stops. */
  private void work() {
    try {
      while (!stopped.get()) {
        int i = nextAccount.getAndIncrement();
        if (i >= accounts.size()) {
          return;
        }
        if (!readAccount(accounts.get(i))) {
          return;
        }
      }
    } catch (RuntimeException e) {
      hand(new Failure(e));
    } finally {
      hand(DONE);
    }
  }

  /** Reads one account into the queue; false when the scan failed or stopped. */
  private boolean readAccount(ConnectedAccount account) {
    boolean emitted = false;
    List<Object[]> rows = new ArrayList<>();
    try {
      Iterator<Object[]> it = read.apply(account);
      while (it.hasNext()) {
        rows.add(withAccount(account.id(), it.next()));
        if (rows.size() == BATCH) {
          emitted = true;
          if (!hand(rows)) {
            return false;
          }
          rows = new ArrayList<>();
        }
      }
      if (!rows.isEmpty() && !hand(rows)) {
        return false;
      }
      set.states().readable(account.id());
      return true;
    } catch (StripeApiException e) {
      if (!unreadable(e)) {
        throw named(e, account);
      }
      set.states().unreadable(account.id(), e.getMessage());
      if (set.skipUnreadable() && !emitted) {
        LOG.warn("connected account {} left out of the statement (SkipUnreadableAccounts): {}", account.id(),
            e.getMessage());
        warnings.accountLeftOut(account.id(), account.name(), e.getMessage());
        return true;
      }
      throw named(e, account);
    }
  }

  /**
   * Whether Stripe refused the account itself (its access revoked, its token no longer valid, not connected):
   * a 401, or a 403 {@code account_invalid}. Another 403 (a restricted key without a permission) refuses the
   * request in every account alike, so it fails the statement.
   */
  static boolean unreadable(StripeApiException e) {
    return e.httpStatus() == 401 || e.httpStatus() == 403 && ("account_invalid".equals(e.errorCode())
        || e.errorCode() == null && String.valueOf(e.getMessage()).contains("does not have access to account"));
  }

  private static StripeApiException named(StripeApiException e, ConnectedAccount account) {
    return new StripeApiException("connected account " + account.id() + (account.name() == null ? ""
        : " (" + account.name() + ")") + ": " + e.getMessage(), e.httpStatus(), e.errorType(), e.errorCode(),
        e.param(), e.requestId(), e.sqlState(), e);
  }

  private static Object[] withAccount(String account, Object[] row) {
    Object[] out = new Object[row.length + 1];
    out[0] = account;
    System.arraycopy(row, 0, out, 1, row.length);
    return out;
  }

  /** Puts an item in the queue, waiting for room; false when the scan stopped meanwhile. */
  private boolean hand(Object item) {
    try {
      while (!queue.offer(item, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (stopped.get() && item != DONE) {
          return false;
        }
        if (stopped.get()) {
          queue.clear();   // nobody reads any more: make room for the end marker
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
