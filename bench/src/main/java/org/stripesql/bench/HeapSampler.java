package org.stripesql.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap of this JVM while something runs: the peak of the heap in use (sampled every 10 ms: what
 * was allocated, garbage included, never more than the max heap) and the peak heap still in use right
 * after a garbage collection (what was live). Pools' own peaks are not added up: they peak at
 * different times, so their sum can exceed the max heap.
 */
final class HeapSampler implements AutoCloseable {
  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong peakAfterGc = new AtomicLong();
  private final AtomicLong lastAfterGc = new AtomicLong();
  private final Thread sampler;
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener onGc;
  private volatile boolean running = true;

  HeapSampler() {
    onGc = (n, handback) -> {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
      long after = 0;
      for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
        after += u.getUsed();
      }
      peakAfterGc.accumulateAndGet(after - nonHeap(info), Math::max);
      lastAfterGc.set(after - nonHeap(info));
    };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(onGc, null, null);
        emitters.add(e);
      }
    }
    sampler = new Thread(() -> {
      while (running) {
        peakUsed.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** The non-heap pools a collection reports too (code cache, metaspace...), to leave out. */
  private static long nonHeap(GarbageCollectionNotificationInfo info) {
    long n = 0;
    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      String pool = e.getKey();
      if (pool.contains("Metaspace") || pool.contains("Code") || pool.contains("Compressed Class")
          || pool.contains("CodeHeap")) {
        n += e.getValue().getUsed();
      }
    }
    return n;
  }

  long peakUsed() {
    return peakUsed.get();
  }

  /** The most heap live after a collection; 0 when no collection ran. */
  long peakAfterGc() {
    return peakAfterGc.get();
  }

  /** The heap live after the latest collection; 0 before the first. */
  long lastAfterGc() {
    return lastAfterGc.get();
  }

  static long maxHeap() {
    return Runtime.getRuntime().maxMemory();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(onGc);
      } catch (Exception ignored) {
        // already removed
      }
    }
  }
}
