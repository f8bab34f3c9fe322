package org.stripesql.emulator.spec;

import java.nio.file.Files;
import java.nio.file.Path;

/** Stripe's spec shared beside the repository (../shared/stripe-openapi/spec3.json), when the machine has it. */
public final class SharedSpec {
  private SharedSpec() {}

  /** The spec file, or null when it is absent. */
  public static Path file() {
    Path dir = Path.of("").toAbsolutePath();
    for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
      Path candidate = dir.resolveSibling("shared").resolve("stripe-openapi").resolve("spec3.json");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
