package org.stripesql.emulator.seed;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The seeded random draws every part of the generator shares: one stream per table (or other named
 * part), derived from the seed and the name alone, and times within the two years before the anchor.
 */
final class Draws {
  static final long DAY = 86_400L;
  static final long WINDOW = 2 * 365 * DAY;
  static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private final long seed;
  private final long anchor;

  Draws(long seed, long anchor) {
    this.seed = seed;
    this.anchor = anchor;
  }

  long seed() {
    return seed;
  }

  /** The newest {@code created} time, in epoch seconds. */
  long anchor() {
    return anchor;
  }

  /** The random stream of one named part; the same seed and name always give the same stream. */
  SplittableRandom rng(String name) {
    long h = 1125899906842597L;
    for (int i = 0; i < name.length(); i++) {
      h = 31 * h + name.charAt(i);
    }
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ h);
  }

  /** A time within the window before the anchor. */
  long created(SplittableRandom r) {
    return anchor - r.nextLong(WINDOW);
  }

  /** A time between {@code from} and the anchor, at most {@code maxSpan} after {@code from}. */
  long after(SplittableRandom r, long from, long maxSpan) {
    long span = Math.min(maxSpan, anchor - from);
    return span <= 0 ? from : from + r.nextLong(span + 1);
  }

  static <T> T pick(SplittableRandom r, List<T> l) {
    return l.get(r.nextInt(l.size()));
  }

  /** One of the values, each with its integer weight: {@code weighted(r, "a", 3, "b", 1)}. */
  static String weighted(SplittableRandom r, Object... valuesAndWeights) {
    int total = 0;
    for (int i = 1; i < valuesAndWeights.length; i += 2) {
      total += (Integer) valuesAndWeights[i];
    }
    int x = r.nextInt(total);
    for (int i = 0; i < valuesAndWeights.length; i += 2) {
      x -= (Integer) valuesAndWeights[i + 1];
      if (x < 0) {
        return (String) valuesAndWeights[i];
      }
    }
    throw new AssertionError();
  }

  static String currency(SplittableRandom r) {
    return weighted(r, "usd", 80, "eur", 12, "gbp", 8);
  }

  static String randomChars(SplittableRandom r, int n, String alphabet) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
