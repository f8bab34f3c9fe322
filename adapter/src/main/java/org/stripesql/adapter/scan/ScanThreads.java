package org.stripesql.adapter.scan;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that read scans' pages ahead, shared by every scan of the process. A thread waits for the
 * rate budget and the answer of one request; how many run at once is the scans' business (each keeps as
 * many in flight as the account's budgets call for), so the pool grows and shrinks with them.
 */
final class ScanThreads {
  private static final AtomicInteger COUNT = new AtomicInteger();
  static final ExecutorService EXECUTOR = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
      new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "stripe-scan-" + COUNT.incrementAndGet());
        t.setDaemon(true);
        return t;
      });

  private ScanThreads() {}
}
