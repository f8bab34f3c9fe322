package org.stripesql.adapter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.OpenApiCatalogGenerator;

/**
 * Catalogs derived from {@code OpenApiSpec} files, kept per file while it does not change (same size and
 * modification time): every connection opens its schema, and deriving Stripe's 3 MB description takes
 * a while. A few files at most are kept.
 */
final class DerivedCatalogs {
  private static final int MAX_FILES = 4;
  private static final Map<String, Catalog> BY_FILE = new ConcurrentHashMap<>();

  private DerivedCatalogs() {}

  /** The catalog of the spec file, derived with its full descriptions. */
  static Catalog of(Path spec) throws IOException {
    BasicFileAttributes a = Files.readAttributes(spec, BasicFileAttributes.class);
    String key = spec.toAbsolutePath().normalize() + "\n" + a.size() + "\n" + a.lastModifiedTime().toMillis();
    Catalog cached = BY_FILE.get(key);
    if (cached != null) {
      return cached;
    }
    Catalog derived = OpenApiCatalogGenerator.fromFile(spec, true);
    if (BY_FILE.size() >= MAX_FILES) {
      Iterator<String> it = BY_FILE.keySet().iterator();
      if (it.hasNext()) {
        BY_FILE.remove(it.next());
      }
    }
    BY_FILE.put(key, derived);
    return derived;
  }
}
