package org.stripesql.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The paths a file is reached through: the path as given, each symbolic link's target in turn (a link
 * in any directory on the way is followed too), and the file's real path. Whoever may write a directory
 * on any of them may replace the file.
 */
final class LinkPath {
  /** Links followed at most, as the kernel does (ELOOP). */
  private static final int MAX_LINKS = 40;

  private LinkPath() {
  }

  static List<Path> steps(Path absolute) {
    List<Path> out = new ArrayList<>();
    Path p = absolute;
    for (int links = 0; links < MAX_LINKS && p != null; links++) {
      out.add(p);
      Path linked = firstLink(p);
      if (linked == null) {
        break;
      }
      try {
        Path target = Files.readSymbolicLink(linked);
        Path rest = linked.relativize(p);
        p = linked.resolveSibling(target).resolve(rest).normalize();
      } catch (IOException | UnsupportedOperationException e) {
        break;
      }
    }
    try {
      out.add(absolute.toRealPath());
    } catch (IOException e) {
      // missing: reported by whoever reads it
    }
    return out;
  }

  /** The first element of {@code p} (from the root) that is a symbolic link, or null. */
  private static Path firstLink(Path p) {
    Path prefix = p.getRoot();
    for (Path name : p) {
      prefix = prefix == null ? name : prefix.resolve(name);
      if (Files.isSymbolicLink(prefix)) {
        return prefix;
      }
    }
    return null;
  }
}
