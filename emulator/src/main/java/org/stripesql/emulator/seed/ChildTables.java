package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.TableKind;
import org.stripesql.emulator.data.JsonPaths;

/**
 * The rows of CHILD tables, once their parent tables exist: rows a part of the story made already (an
 * invoice's lines), rows of a LIST table grouped by the column naming the parent (a customer's
 * subscriptions), rows a story builds (upcoming invoice lines), or else a few generic rows per parent.
 */
final class ChildTables {
  /** Child tables whose rows are rows of a LIST table, grouped by the column that names the parent. */
  private static final Map<String, String[]> DERIVED = Map.of(
      "customer_subscriptions", new String[] {"subscriptions", "customer"},
      "charge_refunds", new String[] {"refunds", "charge"},
      "customer_payment_methods", new String[] {"payment_methods", "customer"});

  /** How many parents a child whose parents no table lists gets. */
  private static final int UNLISTED_PARENTS = 5;

  private final Catalog catalog;
  private final DraftTables tables;
  private final GenericRows generic;
  private final Draws draws;
  private final Map<String, Function<ApiTable, Map<String, List<ObjectNode>>>> stories;

  /** {@code stories}: child tables the billing story builds, by name. */
  ChildTables(Catalog catalog, DraftTables tables, GenericRows generic, Draws draws,
      Map<String, Function<ApiTable, Map<String, List<ObjectNode>>>> stories) {
    this.catalog = catalog;
    this.tables = tables;
    this.generic = generic;
    this.draws = draws;
    this.stories = stories;
  }

  /** Whether the table's rows are those of a LIST table, whose references are filled there. */
  static boolean isDerived(String table) {
    return DERIVED.containsKey(table);
  }

  /** Builds every child table, parents first (a child of a child waits for its parent). */
  void buildAll() {
    List<ApiTable> pending = new ArrayList<>();
    for (ApiTable t : catalog.tables()) {
      if (t.kind() == TableKind.CHILD) {
        pending.add(t);
      }
    }
    boolean progress = true;
    while (!pending.isEmpty() && progress) {
      progress = false;
      for (Iterator<ApiTable> it = pending.iterator(); it.hasNext(); ) {
        ApiTable t = it.next();
        List<ObjectNode> parents = t.parent().listed() ? tables.get(t.parent().table()) : unlistedParents(t);
        if (parents == null) {
          continue;
        }
        if (!tables.children.containsKey(t.name())) {
          tables.children.put(t.name(), build(t, parents));
        }
        tables.lists.put(t.name(), flatten(tables.children.get(t.name())));
        it.remove();
        progress = true;
      }
    }
    if (!pending.isEmpty()) {
      throw new IllegalStateException("child tables without a parent table: " + pending);
    }
  }

  /** Parents no table lists (tax calculations): a few ids of the parent column's type, and their created time. */
  private List<ObjectNode> unlistedParents(ApiTable t) {
    SplittableRandom r = draws.rng(t.name() + " parents");
    String type = t.column(t.parent().column()).map(ApiColumn::ref).orElse(t.parent().column());
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < UNLISTED_PARENTS; i++) {
      ObjectNode p = JsonNodeFactory.instance.objectNode();
      p.put("id", generic.newId(type, r));
      p.put("created", draws.created(r));
      out.add(p);
    }
    return out;
  }

  private static List<ObjectNode> flatten(Map<String, List<ObjectNode>> m) {
    List<ObjectNode> all = new ArrayList<>();
    m.values().forEach(all::addAll);
    return all;
  }

  private Map<String, List<ObjectNode>> build(ApiTable t, List<ObjectNode> parents) {
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    String[] derived = DERIVED.get(t.name());
    if (derived != null && tables.lists.containsKey(derived[0])) {
      for (ObjectNode p : parents) {
        out.put(p.path("id").asText(), new ArrayList<>());
      }
      for (ObjectNode row : tables.lists.get(derived[0])) {
        List<ObjectNode> l = out.get(row.path(derived[1]).asText(""));
        if (l != null) {
          l.add(row);
        }
      }
      if (out.values().stream().anyMatch(l -> !l.isEmpty())) {
        return out;
      }
      out.clear();
    }
    Function<ApiTable, Map<String, List<ObjectNode>>> story = stories.get(t.name());
    if (story != null) {
      return story.apply(t);
    }
    return genericRows(t, parents);
  }

  /** Up to four generic rows per parent (two for large parent tables), at least one row in all. */
  private Map<String, List<ObjectNode>> genericRows(ApiTable t, List<ObjectNode> parents) {
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    SplittableRandom r = draws.rng(t.name());
    String[] types = t.object().split("\\|");
    ApiColumn parentColumn = t.column(t.parent().column()).orElse(null);
    int total = 0;
    for (int pi = 0; pi < parents.size(); pi++) {
      ObjectNode p = parents.get(pi);
      String pid = p.path("id").asText();
      int n = r.nextInt(parents.size() > 100 ? 3 : 5);
      if (pi == parents.size() - 1 && total == 0 && n == 0) {
        n = 1;
      }
      List<ObjectNode> kids = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        long created = p.has("created") ? draws.after(r, p.path("created").asLong(), Draws.WINDOW) : draws.created(r);
        ObjectNode o = generic.row(t, types[r.nextInt(types.length)], r, created);
        if (parentColumn != null && !parentColumn.path().isEmpty()) {
          JsonPaths.setAt(o, parentColumn.path(), JsonNodeFactory.instance.textNode(pid));
        }
        kids.add(o);
      }
      total += n;
      out.put(pid, kids);
    }
    sameFixedValues(t, parents, out);
    return out;
  }

  /**
   * The columns a query must fix hold one value per parent, as Stripe's lists for one value hold them: an
   * account's owners share its {@code ownership}, taken from the parent's field of the same name (set to a
   * new id where the parent has none); drawn from a stream of their own, so no other draw moves.
   */
  private void sameFixedValues(ApiTable t, List<ObjectNode> parents, Map<String, List<ObjectNode>> byParent) {
    ApiTable parentTable = t.parent().listed() ? catalog.table(t.parent().table()).orElse(null) : null;
    SplittableRandom r = draws.rng(t.name() + " fixed");
    for (String name : t.fixedColumns()) {
      ApiColumn c = t.column(name).orElseThrow();
      if (c.path().isEmpty()) {
        continue;
      }
      ApiColumn parentColumn = parentTable == null ? null : parentTable.column(name).orElse(null);
      for (ObjectNode p : parents) {
        JsonNode own = parentColumn == null ? null : JsonPaths.at(p, parentColumn.path());
        String value = own != null && own.isTextual() ? own.asText() : null;
        if (value == null) {
          List<ObjectNode> kids = byParent.getOrDefault(p.path("id").asText(), List.of());
          JsonNode example = kids.isEmpty() ? null : JsonPaths.at(kids.get(0), c.path());
          value = generic.newIdLike(example == null ? null : example.asText(), name, r);
          if (parentColumn != null) {
            JsonPaths.setAt(p, parentColumn.path(), JsonNodeFactory.instance.textNode(value));
          }
        }
        for (ObjectNode kid : byParent.getOrDefault(p.path("id").asText(), List.of())) {
          JsonPaths.setAt(kid, c.path(), JsonNodeFactory.instance.textNode(value));
        }
      }
    }
  }
}
