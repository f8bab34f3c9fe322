package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.emulator.data.DataSet;
import org.stripesql.emulator.data.JsonPaths;

/**
 * {@code expand[]}: reads the paths, checks that each follows reference columns ({@code customer},
 * {@code invoice.subscription}), and replaces the ids on those paths with copies of the objects.
 */
final class Expander {
  private final Catalog catalog;
  private final DataSet data;

  Expander(Catalog catalog, DataSet data) {
    this.catalog = catalog;
    this.data = data;
  }

  /** The expand paths of a retrieve; with {@code othersUnknown} any other parameter is unknown. */
  static List<String> objectPaths(Map<String, List<String>> q, boolean othersUnknown) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      if (QueryParams.isExpandKey(e.getKey())) {
        out.addAll(e.getValue());
      } else if (othersUnknown) {
        throw ApiException.unknownParam(e.getKey());
      }
    }
    return out;
  }

  /** The expand paths of a list or search call, without their {@code data.} prefix. */
  static List<String> listPaths(Map<String, List<String>> q) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : q.entrySet()) {
      if (QueryParams.isExpandKey(e.getKey())) {
        for (String p : e.getValue()) {
          if (!p.startsWith("data.")) {
            throw ApiException.invalid("expand", "This property cannot be expanded (" + p
                + "). You may want to try expanding 'data." + p + "' instead.");
          }
          out.add(p.substring(5));
        }
      }
    }
    return out;
  }

  /** Refuses a path that does not follow reference columns from the table. */
  void validate(ApiTable t, List<String> paths) {
    for (String p : paths) {
      ApiTable table = t;
      List<String> segs = List.of(p.split("\\."));
      while (true) {
        ApiColumn c = table == null ? null : refColumn(table, segs);
        if (c == null) {
          throw ApiException.invalid("expand", "This property cannot be expanded (" + p + ").");
        }
        segs = segs.subList(c.path().size(), segs.size());
        if (segs.isEmpty()) {
          break;
        }
        table = catalog.tableForObject(c.ref()).orElse(null);
      }
    }
  }

  /** The row itself without paths, else a copy with the paths expanded (unknown ids stay ids). */
  JsonNode expand(ObjectNode row, ApiTable t, List<String> paths) {
    if (paths.isEmpty()) {
      return row;
    }
    ObjectNode copy = row.deepCopy();
    for (String p : paths) {
      expandPath(copy, t, List.of(p.split("\\.")));
    }
    return copy;
  }

  private void expandPath(ObjectNode node, ApiTable t, List<String> segs) {
    ApiColumn c = t == null ? null : refColumn(t, segs);
    if (c == null) {
      return;
    }
    JsonNode v = JsonPaths.at(node, c.path());
    ObjectNode target;
    if (v != null && v.isTextual()) {
      Optional<ObjectNode> o = data.object(c.ref(), v.asText());
      if (o.isEmpty()) {
        o = data.anyById(v.asText());
      }
      if (o.isEmpty()) {
        return;
      }
      target = o.get().deepCopy();
      JsonPaths.setAt(node, c.path(), target);
    } else if (v instanceof ObjectNode already) {
      target = already;
    } else {
      return;
    }
    List<String> rest = segs.subList(c.path().size(), segs.size());
    if (!rest.isEmpty()) {
      expandPath(target, catalog.tableForObject(c.ref()).orElse(null), rest);
    }
  }

  /** The reference column whose path is the longest prefix of the segments, if any. */
  private static ApiColumn refColumn(ApiTable t, List<String> segs) {
    ApiColumn best = null;
    for (ApiColumn c : t.columns()) {
      if (c.ref() != null && !c.path().isEmpty() && c.path().size() <= segs.size()
          && segs.subList(0, c.path().size()).equals(c.path())
          && (best == null || c.path().size() > best.path().size())) {
        best = c;
      }
    }
    return best;
  }
}
