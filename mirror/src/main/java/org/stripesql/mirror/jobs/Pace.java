package org.stripesql.mirror.jobs;

import java.time.Duration;

/**
 * How often a mirror works: the events poll ({@code MirrorRefreshSeconds}), rescans of tables no event
 * covers, verifications; and from them the age a table's copy is kept within (its freshness bound).
 */
public record Pace(Duration refresh, Duration rescan, Duration verify) {
  /** A copy kept fresh by events is stale past three refresh intervals, and never sooner than this. */
  static final Duration MIN_BOUND = Duration.ofSeconds(10);

  /** The bound of a table: three refresh intervals (at least 10 s); for a rescanned one, the rescan interval more. */
  public double boundSeconds(boolean eventDriven) {
    double polls = Math.max(3 * refresh.toNanos() / 1e9, MIN_BOUND.toSeconds());
    return eventDriven ? polls : polls + rescan.toNanos() / 1e9;
  }
}
