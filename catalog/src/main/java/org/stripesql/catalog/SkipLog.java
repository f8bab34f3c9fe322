package org.stripesql.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** What a derivation skipped, collected as it goes and handed out sorted, so the output is deterministic. */
final class SkipLog {
  private final List<Skipped> entries = new ArrayList<>();

  void add(String what, String reason) {
    entries.add(new Skipped(what, reason));
  }

  /** The entries, sorted by what they concern, each once. */
  List<Skipped> sorted() {
    List<Skipped> out = new ArrayList<>();
    entries.stream().sorted(Comparator.comparing(Skipped::what).thenComparing(Skipped::reason)).forEach(s -> {
      if (!out.contains(s)) {
        out.add(s);
      }
    });
    return out;
  }
}
