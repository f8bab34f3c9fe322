package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.stripesql.emulator.data.DataSet;

/**
 * The Search API's index and its lag: an object created or changed within the lag before now
 * ({@link DataSet#changedAt}) is not found by search yet, as with Stripe's index (under a minute
 * normally, up to an hour in incidents). No lag by default; tests that need one set it.
 */
public final class SearchIndex {
  private final Clock clock;
  private volatile Duration lag = Duration.ZERO;

  /** An index without lag on the clock that tells now. */
  public SearchIndex(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
  }

  /** Now on the index's clock, in epoch seconds: what a write records as its change time. */
  long nowSeconds() {
    return clock.instant().getEpochSecond();
  }

  public Duration lag() {
    return lag;
  }

  /** Sets the lag; zero turns it off. */
  public void lag(Duration lag) {
    if (lag.isNegative()) {
      throw new IllegalArgumentException("the search lag cannot be negative: " + lag);
    }
    this.lag = lag;
  }

  /** Whether search finds the object now: it last changed at least the lag ago. */
  boolean finds(DataSet data, JsonNode object) {
    Duration l = lag;
    return l.isZero() || data.changedAt(object) <= clock.instant().getEpochSecond() - l.toSeconds();
  }
}
