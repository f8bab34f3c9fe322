package org.stripesql.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The machine's 1-minute load average while a benchmark runs (other work on the machine shows in it),
 * sampled every few seconds: its mean and peak over each stretch of the run.
 */
final class LoadAverageSampler implements AutoCloseable {
  private static final long PERIOD_MILLIS = 5000;

  /** The samples of one stretch. */
  record Stretch(double mean, double peak) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "mean %.1f, peak %.1f", mean, peak);
    }
  }

  private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
  private final List<Double> samples = new ArrayList<>();
  private final Thread thread;

  LoadAverageSampler() {
    sample();
    thread = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(PERIOD_MILLIS);
          sample();
        }
      } catch (InterruptedException e) {
        // closed
      }
    }, "load-average-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private synchronized void sample() {
    double l = os.getSystemLoadAverage();
    if (l >= 0) {
      samples.add(l);
    }
  }

  /** The load average now. */
  double now() {
    return os.getSystemLoadAverage();
  }

  /** The samples since the last call (and one taken now), then starts a new stretch. */
  synchronized Stretch stretch() {
    sample();
    double sum = 0;
    double peak = 0;
    for (double s : samples) {
      sum += s;
      peak = Math.max(peak, s);
    }
    Stretch out = new Stretch(samples.isEmpty() ? 0 : sum / samples.size(), peak);
    samples.clear();
    return out;
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
