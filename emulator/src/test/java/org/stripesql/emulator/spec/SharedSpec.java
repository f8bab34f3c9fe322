package org.stripesql.emulator.spec;

import java.nio.file.Files;
import java.nio.file.Path;

/** Stripe's spec shared beside the repository (../shared/stripe-openapi/2023-08-16/spec3.json), when the machine has it. */
public final class SharedSpec {
  private SharedSpec() {}

  /** The spec file, or null when it is absent. */
  public static Path file() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("stripe-openapi").resolve("2023-08-16").resolve("spec3.json");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
