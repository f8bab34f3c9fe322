package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tables stripe-sql exposes, derived from Stripe's OpenAPI description by
 * {@link OpenApiCatalogGenerator}. The default catalog is a committed resource; a user can generate
 * one from a newer description at startup.
 *
 * @param apiVersion the Stripe API version of the description it was derived from
 * @param tables     the tables, sorted by name
 * @param skipped    what of the description became no table or pushed parameter, and why (aliases,
 *                   deprecated endpoints, constructs the generator does not know); never null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "apiVersion", "skipped", "tables"})
public record Catalog(int format, String apiVersion, List<ApiTable> tables,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Skipped> skipped) {
  /** Bump when the file layout changes incompatibly. */
  public static final int FORMAT = 1;

  /** Classpath location of the committed catalog. */
  public static final String RESOURCE = "/org/stripesql/catalog/catalog.json";

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private static volatile Catalog bundled;
  private static volatile Catalog described;

  public Catalog {
    tables = List.copyOf(tables);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
  }

  /** A catalog that skipped nothing (or does not say). */
  public Catalog(int format, String apiVersion, List<ApiTable> tables) {
    this(format, apiVersion, tables, List.of());
  }

  /** The same catalog with other tables (what it skipped is kept). */
  public Catalog withTables(List<ApiTable> newTables) {
    return new Catalog(format, apiVersion, newTables, skipped);
  }

  /**
   * What the catalog holds, in one line for a log or a command's output: the API version, the tables, and
   * how many things of the description it skipped.
   */
  public String summary() {
    return "API version " + apiVersion + ", " + tables.size() + " tables"
        + (skipped.isEmpty() ? "" : ", " + skipped.size() + " endpoints or parameters skipped");
  }

  /** The committed catalog, loaded once. */
  public static Catalog bundled() {
    Catalog c = bundled;
    if (c == null) {
      synchronized (Catalog.class) {
        c = bundled;
        if (c == null) {
          try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException("catalog resource " + RESOURCE + " is missing from the classpath");
            }
            c = read(in);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read catalog resource " + RESOURCE, e);
          }
          bundled = c;
        }
      }
    }
    return c;
  }

  /**
   * The committed catalog with the committed descriptions ({@link CatalogDescriptions}) as table and
   * column remarks, made once.
   */
  public static Catalog bundledWithDescriptions() {
    Catalog c = described;
    if (c == null) {
      synchronized (Catalog.class) {
        c = described;
        if (c == null) {
          c = CatalogDescriptions.bundled().applyTo(bundled());
          described = c;
        }
      }
    }
    return c;
  }

  public static Catalog read(InputStream in) throws IOException {
    Catalog c = MAPPER.readValue(in, Catalog.class);
    if (c.format() != FORMAT) {
      throw new IOException("catalog format " + c.format() + " is not supported (expected " + FORMAT + ")");
    }
    return c;
  }

  public static Catalog read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  /** Writes the catalog deterministically: two-space indent, one column or filter per line. */
  public void write(Writer out) throws IOException {
    DefaultPrettyPrinter printer = new CompactPrinter();
    MAPPER.writer(printer).writeValue(out, this);
    out.write('\n');
  }

  /** The table with this exact name. */
  public Optional<ApiTable> table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The list or singleton table whose rows are objects of this type ({@code customer}), if one. */
  public Optional<ApiTable> tableForObject(String objectType) {
    return tables.stream()
        .filter(t -> objectType.equals(t.object()) && t.kind() == TableKind.LIST)
        .findFirst();
  }

  /** Tables by name, in catalog order. */
  public Map<String, ApiTable> byName() {
    Map<String, ApiTable> m = new LinkedHashMap<>();
    tables.forEach(t -> m.put(t.name(), t));
    return m;
  }

  /**
   * Indents objects down to the level of a table's members, and writes each column, filter and
   * other small object on one line, so the file is compact and diffs read well.
   */
  private static final class CompactPrinter extends DefaultPrettyPrinter {
    private static final int INLINE_DEPTH = 4;
    private int depth;

    CompactPrinter() {
      _objectIndenter = DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n");
      _arrayIndenter = DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n");
      _objectFieldValueSeparatorWithSpaces = ": ";
    }

    CompactPrinter(CompactPrinter base) {
      super(base);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new CompactPrinter(this);
    }

    private boolean inline() {
      return depth >= INLINE_DEPTH;
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
      depth++;
      if (inline()) {
        g.writeRaw('{');
      } else {
        super.writeStartObject(g);
      }
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
      if (inline()) {
        g.writeRaw('}');
      } else {
        super.writeEndObject(g, nrOfEntries);
      }
      depth--;
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
      depth++;
      if (inline()) {
        g.writeRaw('[');
      } else {
        super.writeStartArray(g);
      }
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
      if (inline()) {
        g.writeRaw(']');
      } else {
        super.writeEndArray(g, nrOfValues);
      }
      depth--;
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      if (inline()) {
        g.writeRaw(", ");
      } else {
        super.writeObjectEntrySeparator(g);
      }
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      if (inline()) {
        g.writeRaw(", ");
      } else {
        super.writeArrayValueSeparator(g);
      }
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      if (!inline()) {
        super.beforeArrayValues(g);
      }
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
      if (!inline()) {
        super.beforeObjectEntries(g);
      }
    }
  }
}
