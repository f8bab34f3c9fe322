package org.stripesql.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as options write them: {@code 4096}, {@code 512k}, {@code 16m}, {@code 1g}; or a share of the heap. */
final class Sizes {
  private static final Pattern SIZE = Pattern.compile("([0-9]+)\\s*([kmg]?)b?");
  private static final Pattern PERCENT = Pattern.compile("([0-9]{1,2}|100)\\s*%");
  /** The smallest size a cap may have: below it, ordinary requests would be refused. */
  private static final long MIN = 1024;

  private Sizes() {
  }

  /** Bytes, from a size; at least 1 KB. */
  static long bytes(String option, String value) {
    Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(option + " must be a size like 4096, 512k, 16m or 1g, not '" + value + "'");
    }
    long n = Long.parseLong(m.group(1));
    long bytes = switch (m.group(2)) {
      case "k" -> n << 10;
      case "m" -> n << 20;
      case "g" -> n << 30;
      default -> n;
    };
    if (bytes < MIN) {
      throw new IllegalArgumentException(option + " must be at least 1k, not '" + value + "'");
    }
    return bytes;
  }

  /** Bytes, from a size or a percentage of the JVM's maximum heap ({@code 25%}). */
  static long ofHeap(String option, String value) {
    Matcher m = PERCENT.matcher(value.trim());
    if (m.matches()) {
      int percent = Integer.parseInt(m.group(1));
      if (percent < 1) {
        throw new IllegalArgumentException(option + " must be more than 0%, not '" + value + "'");
      }
      return Runtime.getRuntime().maxMemory() / 100 * percent;
    }
    return bytes(option, value);
  }
}
