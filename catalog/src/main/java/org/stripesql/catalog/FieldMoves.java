package org.stripesql.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Fields Stripe moved between API versions, and what they mean for a catalog read at another version
 * than its own: a column keeps its name and type and reads the field where Stripe put it, and is no
 * longer pushed (Stripe's filter on it may mean something else). Only moves Stripe's changelog documents
 * are listed; docs/newer-stripe.md says how to add one.
 */
public final class FieldMoves {
  private static final String BASIL_PERIODS = "https://docs.stripe.com/changelog/basil/2025-03-31/"
      + "deprecate-subscription-current-period-start-and-end";

  /** The known moves, oldest first. */
  public static final List<FieldMove> KNOWN = List.of(
      new FieldMove("2025-03-31.basil", "subscription", "current_period_start", List.of("items", "data"),
          new Gather(List.of("current_period_start"), Gather.Combine.MIN, "2025-03-31.basil"), BASIL_PERIODS),
      new FieldMove("2025-03-31.basil", "subscription", "current_period_end", List.of("items", "data"),
          new Gather(List.of("current_period_end"), Gather.Combine.MAX, "2025-03-31.basil"), BASIL_PERIODS));

  private FieldMoves() {}

  /**
   * Orders two API versions by their date ({@code 2025-03-31.basil} after {@code 2023-08-16}); a version
   * without a date sorts first.
   */
  public static int compare(String a, String b) {
    return date(a).compareTo(date(b));
  }

  private static String date(String version) {
    return version != null && version.matches("\\d{4}-\\d{2}-\\d{2}.*") ? version.substring(0, 10) : "";
  }

  /**
   * A catalog as requests at another API version see it.
   *
   * @param catalog the catalog, its columns re-pointed where a known move lies between the two versions
   * @param moved   the columns re-pointed ({@code subscriptions.current_period_start}), in catalog order
   * @param warning what to tell the user at start; null when the versions agree
   */
  public record Drift(Catalog catalog, List<String> moved, String warning) {}

  /** {@link #forRequests(Catalog, String, List)} with the known moves. */
  public static Drift forRequests(Catalog catalog, String stripeVersion) {
    return forRequests(catalog, stripeVersion, KNOWN);
  }

  /**
   * The catalog for requests sent with {@code Stripe-Version: stripeVersion}: each move between the
   * catalog's version and that one re-points its column (to the entries when the requests are newer, back
   * to the object when they are older), so no column silently reads NULL where a field only moved.
   */
  public static Drift forRequests(Catalog catalog, String stripeVersion, List<FieldMove> moves) {
    String own = catalog.apiVersion();
    if (stripeVersion == null || stripeVersion.isBlank() || stripeVersion.equals(own)) {
      return new Drift(catalog, List.of(), null);
    }
    boolean newer = compare(stripeVersion, own) > 0;
    List<FieldMove> between = new ArrayList<>();
    for (FieldMove m : moves) {
      boolean inBetween = newer ? compare(own, m.version()) < 0 && compare(m.version(), stripeVersion) <= 0
          : compare(stripeVersion, m.version()) < 0 && compare(m.version(), own) <= 0;
      if (inBetween) {
        between.add(m);
      }
    }
    List<String> moved = new ArrayList<>();
    List<ApiTable> tables = new ArrayList<>();
    for (ApiTable t : catalog.tables()) {
      ApiTable out = t;
      for (FieldMove m : between) {
        ApiTable next = newer ? toEntries(out, m) : toObject(out, m);
        if (next != out) {
          moved.add(t.name() + "." + m.column());
          out = next;
        }
      }
      tables.add(out);
    }
    Catalog adjusted = moved.isEmpty() ? catalog : catalog.withTables(tables);
    return new Drift(adjusted, moved, warning(own, stripeVersion, between, moved));
  }

  private static String warning(String own, String requested, List<FieldMove> between, List<String> moved) {
    StringBuilder w = new StringBuilder("StripeVersion ").append(requested)
        .append(" differs from the catalog's API version ").append(own).append(": Stripe answers in the shape of ")
        .append(requested).append(", the tables are those of ").append(own).append('.');
    if (!moved.isEmpty()) {
      w.append(" Columns whose field Stripe moved in between are read where it is now, and no longer pushed: ")
          .append(String.join(", ", moved)).append(" (");
      List<String> how = new ArrayList<>();
      for (FieldMove m : between) {
        how.add(m.describe() + " in " + m.version());
      }
      w.append(String.join("; ", how)).append(").");
    }
    w.append(" Other fields Stripe changed in between are not known to stripe-sql: their columns may read NULL or"
        + " mean something else. For tables exact to ").append(requested).append(", point OpenApiSpec at the"
        + " spec3.json of that version (docs/newer-stripe.md), or remove StripeVersion.");
    return w.toString();
  }

  /**
   * The columns of an object whose spec shows a known move (the field gone from the object, there in the
   * entries of its list): a column of the old name reads the entries, so a table keeps its columns across
   * versions. The generator calls this; filters on such a column are not pushed ({@link #notOn}).
   */
  static List<ApiColumn> shownBySpec(String object, JsonNode objectSchema, List<ApiColumn> columns,
      SpecSchemas schemas, ColumnFlattener flattener) {
    List<ApiColumn> out = new ArrayList<>(columns);
    for (FieldMove m : KNOWN) {
      if (!m.object().equals(object) || out.stream().anyMatch(c -> c.name().equals(m.column()))) {
        continue;
      }
      JsonNode list = objectSchema;
      for (String p : m.list()) {
        list = schemas.resolve(list).path("properties").path(p);
      }
      JsonNode entry = schemas.resolve(schemas.resolve(list).path("items"));
      for (ApiColumn c : flattener.columns(entry)) {
        if (c.path().equals(m.gather().field())) {
          String remarks = c.remarks() == null ? null : "Read from the entries of " + String.join(".", m.list())
              + " (Stripe moved the field there in " + m.version() + "): the " + (m.gather().combine()
              == Gather.Combine.MIN ? "smallest" : "largest") + ". " + c.remarks();
          out.add(new ApiColumn(m.column(), c.type(), true, m.list(), c.ref(), remarks, c.values(), m.gather()));
        }
      }
    }
    return out;
  }

  /** The table with {@code m}'s column read from the list's entries (the requests are newer than the move). */
  static ApiTable toEntries(ApiTable t, FieldMove m) {
    if (!holds(t, m.object())) {
      return t;
    }
    ApiColumn c = t.column(m.column()).orElse(null);
    if (c == null || c.gather() != null || !c.path().equals(List.of(m.column()))) {
      return t;
    }
    return repointed(t, c, new ApiColumn(c.name(), c.type(), true, m.list(), c.ref(), c.remarks(), c.values(),
        m.gather()));
  }

  /** The table with {@code m}'s gathered column read from the object again (the requests are older). */
  static ApiTable toObject(ApiTable t, FieldMove m) {
    ApiColumn c = t.column(m.column()).orElse(null);
    if (!holds(t, m.object()) || c == null || c.gather() == null || !m.version().equals(c.gather().movedIn())) {
      return t;
    }
    return repointed(t, c, new ApiColumn(c.name(), c.type(), true, List.of(m.column()), c.ref(), c.remarks(),
        c.values()));
  }

  /** The table with {@code replacement} for {@code c}, and no filter or search field on it. */
  static ApiTable repointed(ApiTable t, ApiColumn c, ApiColumn replacement) {
    List<ApiColumn> columns = new ArrayList<>();
    t.columns().forEach(x -> columns.add(x.name().equals(c.name()) ? replacement : x));
    return t.withColumns(columns).withPushdown(notOn(t.filters(), c.name()), notOn(t.search(), c.name()));
  }

  /** The filters, none of them on {@code column} any longer (its parameter stays declared, not pushed). */
  static List<ApiFilter> notOn(List<ApiFilter> filters, String column) {
    List<ApiFilter> out = new ArrayList<>();
    for (ApiFilter f : filters) {
      out.add(column.equals(f.column()) ? new ApiFilter(f.param(), f.kind(), null, f.valueType(), f.values(),
          f.required()) : f);
    }
    return out;
  }

  private static Search notOn(Search search, String column) {
    if (search == null) {
      return null;
    }
    List<Search.SearchField> fields = new ArrayList<>(search.fields());
    fields.removeIf(f -> column.equals(f.column()));
    return new Search(search.path(), fields, search.eventTypes());
  }

  private static boolean holds(ApiTable t, String object) {
    return t.object() != null && List.of(t.object().split("\\|")).contains(object);
  }
}
