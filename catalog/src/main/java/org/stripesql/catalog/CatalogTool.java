package org.stripesql.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the catalog (and optionally the emulator's example objects) derived from a spec file. The
 * command line is {@code bin/stripesql catalog}; this class is what it calls.
 */
public final class CatalogTool {
  private CatalogTool() {}

  /** The catalog file's exact text for a spec. */
  public static String catalogText(Path spec) throws IOException {
    return catalogText(OpenApiCatalogGenerator.fromFile(spec, false));
  }

  /** The catalog file's exact text for a derived catalog. */
  public static String catalogText(Catalog catalog) throws IOException {
    StringWriter w = new StringWriter();
    catalog.write(w);
    return w.toString();
  }

  /**
   * What a derivation did, for a person: the API version, the tables, and every endpoint or parameter it
   * skipped with the reason, one per line.
   */
  public static String report(Catalog catalog) {
    StringBuilder out = new StringBuilder(catalog.summary());
    if (!catalog.skipped().isEmpty()) {
      out.append("; not tables or not pushed:");
      for (Skipped s : catalog.skipped()) {
        out.append("\n  ").append(s);
      }
    }
    return out.toString();
  }

  /** The descriptions file's exact text for a spec ({@link CatalogDescriptions}, beside the catalog file). */
  public static String descriptionsText(Path spec) throws IOException {
    return CatalogDescriptions.of(OpenApiCatalogGenerator.fromFile(spec, true)).toJson();
  }

  /** Where the descriptions of a catalog file go: {@link CatalogDescriptions#FILE_NAME} in its directory. */
  public static Path descriptionsFile(Path catalogFile) {
    return catalogFile.toAbsolutePath().resolveSibling(CatalogDescriptions.FILE_NAME);
  }

  /** The event types file's exact text for a spec ({@code event-types.json}, read by the mirror). */
  public static String eventTypesText(Path spec) throws IOException {
    return EventTypesGenerator.fromFile(spec).toJson();
  }

  /** The examples file's exact text for a spec and its fixtures. */
  public static String examplesText(Path spec, Path fixtures) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode specNode = mapper.readTree(spec.toFile());
    JsonNode fixturesNode = mapper.readTree(fixtures.toFile());
    Catalog catalog = new OpenApiCatalogGenerator(specNode, false).generate();
    return ExampleObjects.toJson(new ExampleObjects(specNode, fixturesNode).forCatalog(catalog));
  }

  /** Writes text to a file through a temporary sibling and a rename, so a reader never sees half. */
  public static void writeAtomically(Path out, String text) throws IOException {
    Path abs = out.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
