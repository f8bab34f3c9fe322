package org.stripesql.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** docs/benchmarks.md: one section per benchmark, each rewritten by its own benchmark only. */
final class BenchmarksDoc {
  private BenchmarksDoc() {}

  /** The 1-minute load average now ({@code /proc/loadavg}), or "unknown": other work on the machine skews figures. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /**
   * Replaces the section under {@code heading} (up to the next {@code ## } outside a code fence) with
   * {@code section}, keeping every other section; appends it when absent.
   */
  static void writeSection(Path file, String heading, String section) throws IOException {
    String body = section.endsWith("\n") ? section : section + "\n";
    String text;
    if (!Files.exists(file)) {
      text = "# Benchmarks\n\nMeasurements of stripe-sql, one section per benchmark. Benchmarks live in the"
          + " `bench/` module\n(Maven profile `bench`, not part of `mvn verify`).\n\n" + body;
    } else {
      List<String> lines = new ArrayList<>(Arrays.asList(Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)));
      int start = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).trim().equals(heading)) {
          start = i;
          break;
        }
      }
      if (start < 0) {
        text = String.join("\n", lines).stripTrailing() + "\n\n" + body;
      } else {
        int end = lines.size();
        boolean fenced = false;
        for (int i = start + 1; i < lines.size(); i++) {
          if (lines.get(i).startsWith("```")) {
            fenced = !fenced;
          } else if (!fenced && lines.get(i).startsWith("## ")) {
            end = i;
            break;
          }
        }
        String before = String.join("\n", lines.subList(0, start)) + "\n";
        String after = String.join("\n", lines.subList(end, lines.size()));
        text = (before + body + (after.isBlank() ? "" : "\n" + after)).stripTrailing() + "\n";
      }
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }}
