package org.stripesql.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent by the JVM's threads between two moments, summed per part of the system by thread
 * name (gateway, emulator, clients), so a benchmark that runs them in one JVM can say what each costs.
 * Threads that end between the moments are not counted (thread pools keep theirs).
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> start = snapshot();

  /** The part of the system a thread works for, from its name. */
  static String part(String thread) {
    if (thread.startsWith("stripe-emulator") || thread.startsWith("HTTP-Dispatcher")) {
      return "emulator";
    }
    if (thread.startsWith("load-client")) {
      return "clients";
    }
    return "gateway";
  }

  private static Map<Long, Long> snapshot() {
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long t = THREADS.getThreadCpuTime(id);
      if (t >= 0) {
        cpu.put(id, t);
      }
    }
    return cpu;
  }

  /** Seconds of CPU per part since this was created, for threads alive now. */
  Map<String, Double> secondsByPart() {
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("gateway", 0.0);
    out.put("emulator", 0.0);
    out.put("clients", 0.0);
    for (long id : THREADS.getAllThreadIds()) {
      ThreadInfo info = THREADS.getThreadInfo(id);
      long t = THREADS.getThreadCpuTime(id);
      if (info == null || t < 0) {
        continue;
      }
      double s = (t - start.getOrDefault(id, 0L)) / 1e9;
      out.merge(part(info.getThreadName()), s, Double::sum);
    }
    return out;
  }
}
