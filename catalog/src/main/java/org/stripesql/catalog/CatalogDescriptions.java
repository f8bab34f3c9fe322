package org.stripesql.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32;

/**
 * The spec's descriptions in the compact form committed beside the catalog: the first sentence of each
 * table's and column's description as plain text ({@link PlainText}), every distinct text once, each table
 * a list of indexes. Applied to the bundled catalog as REMARKS; docs/design.md says why this form.
 */
public final class CatalogDescriptions {
  /** Classpath location of the committed descriptions, beside {@link Catalog#RESOURCE}. */
  public static final String RESOURCE = "/org/stripesql/catalog/" + CatalogDescriptions.FILE_NAME;
  /** The file's name: the catalog command writes it next to the catalog file. */
  public static final String FILE_NAME = "catalog-descriptions.json";
  static final int FORMAT = 1;
  private static final int NONE = -1;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static volatile CatalogDescriptions bundled;

  private final String apiVersion;
  private final List<String> texts;
  private final Map<String, Entry> tables;

  /**
   * One table's descriptions.
   *
   * @param columns a checksum of the column names the indexes were made for, so descriptions written
   *                for other columns are never applied
   * @param indexes the table's text, then one per column in catalog order; -1 for none
   */
  record Entry(String columns, List<Integer> indexes) {}

  private CatalogDescriptions(String apiVersion, List<String> texts, Map<String, Entry> tables) {
    this.apiVersion = apiVersion;
    this.texts = List.copyOf(texts);
    this.tables = tables;
  }

  /** The compact descriptions of a catalog generated with remarks. */
  public static CatalogDescriptions of(Catalog described) {
    TreeSet<String> distinct = new TreeSet<>();
    Map<String, List<String>> perTable = new LinkedHashMap<>();
    for (ApiTable t : described.tables()) {
      List<String> shortened = new ArrayList<>();
      shortened.add(PlainText.firstSentence(t.remarks()));
      for (ApiColumn c : t.columns()) {
        shortened.add(PlainText.firstSentence(c.remarks()));
      }
      shortened.stream().filter(s -> s != null).forEach(distinct::add);
      perTable.put(t.name(), shortened);
    }
    List<String> texts = new ArrayList<>(distinct);
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      index.put(texts.get(i), i);
    }
    Map<String, Entry> tables = new TreeMap<>();
    for (ApiTable t : described.tables()) {
      List<Integer> indexes = new ArrayList<>();
      perTable.get(t.name()).forEach(s -> indexes.add(s == null ? NONE : index.get(s)));
      tables.put(t.name(), new Entry(checksum(t), indexes));
    }
    return new CatalogDescriptions(described.apiVersion(), texts, tables);
  }

  /** The committed descriptions, loaded once. */
  public static CatalogDescriptions bundled() {
    CatalogDescriptions d = bundled;
    if (d == null) {
      synchronized (CatalogDescriptions.class) {
        d = bundled;
        if (d == null) {
          try (InputStream in = CatalogDescriptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException("descriptions resource " + RESOURCE + " is missing from the classpath");
            }
            d = read(in);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read descriptions resource " + RESOURCE, e);
          }
          bundled = d;
        }
      }
    }
    return d;
  }

  public static CatalogDescriptions read(InputStream in) throws IOException {
    JsonNode root = MAPPER.readTree(in);
    if (root == null || root.path("format").asInt() != FORMAT) {
      throw new IOException("descriptions format " + (root == null ? "missing" : root.path("format").asText())
          + " is not supported (expected " + FORMAT + ")");
    }
    List<String> texts = new ArrayList<>();
    root.path("texts").forEach(t -> texts.add(t.asText()));
    Map<String, Entry> tables = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.path("tables").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      List<Integer> indexes = new ArrayList<>();
      for (JsonNode i : e.getValue().path("remarks")) {
        int n = i.asInt(NONE);
        indexes.add(n >= 0 && n < texts.size() ? n : NONE);
      }
      tables.put(e.getKey(), new Entry(e.getValue().path("columns").asText(), indexes));
    }
    return new CatalogDescriptions(root.path("apiVersion").asText(), texts, tables);
  }

  /**
   * The catalog with these descriptions as table and column REMARKS. A table these descriptions do not
   * know, or knew with other columns, keeps what it has.
   */
  public Catalog applyTo(Catalog catalog) {
    List<ApiTable> out = new ArrayList<>();
    for (ApiTable t : catalog.tables()) {
      Entry e = tables.get(t.name());
      if (e == null || !e.columns().equals(checksum(t)) || e.indexes().size() != t.columns().size() + 1) {
        out.add(t);
        continue;
      }
      List<ApiColumn> columns = new ArrayList<>();
      for (int i = 0; i < t.columns().size(); i++) {
        columns.add(t.columns().get(i).withRemarks(text(e.indexes().get(i + 1))));
      }
      out.add(t.withColumns(columns).withRemarks(text(e.indexes().get(0))));
    }
    return catalog.withTables(out);
  }

  /** Whether these descriptions were made for exactly this table's columns. */
  public boolean covers(ApiTable t) {
    Entry e = tables.get(t.name());
    return e != null && e.columns().equals(checksum(t));
  }

  private String text(int index) {
    return index == NONE ? null : texts.get(index);
  }

  /** The file's exact text: one text per line, one table per line, so diffs read well. */
  public String toJson() {
    StringBuilder out = new StringBuilder();
    out.append("{\n  \"format\": ").append(FORMAT).append(",\n  \"apiVersion\": ").append(quote(apiVersion))
        .append(",\n  \"texts\": [");
    for (int i = 0; i < texts.size(); i++) {
      out.append(i == 0 ? "\n    " : ",\n    ").append(quote(texts.get(i)));
    }
    out.append("\n  ],\n  \"tables\": {");
    boolean first = true;
    for (Map.Entry<String, Entry> e : tables.entrySet()) {
      out.append(first ? "\n    " : ",\n    ").append(quote(e.getKey())).append(": {\"columns\": ")
          .append(quote(e.getValue().columns())).append(", \"remarks\": ").append(e.getValue().indexes()
              .toString()).append('}');
      first = false;
    }
    return out.append("\n  }\n}\n").toString();
  }

  private static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** CRC-32 of the table's column names, in hex. */
  static String checksum(ApiTable t) {
    CRC32 crc = new CRC32();
    for (ApiColumn c : t.columns()) {
      crc.update(c.name().getBytes(StandardCharsets.UTF_8));
      crc.update(',');
    }
    return String.format("%08x", crc.getValue());
  }
}
