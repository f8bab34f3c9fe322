package org.stripesql.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds list endpoints that are another's alias ({@code /v1/linked_accounts} of
 * {@code /v1/financial_connections/accounts}): same list items, query parameters and description, and
 * paths of the same shape (no parent id, or one under the same parent or its alias). The table stays with
 * the endpoint named after its objects' type, else the shorter path (docs/design.md, "Aliases").
 */
final class EndpointAliases {
  /**
   * One list endpoint as alias detection sees it.
   *
   * @param path        the path
   * @param items       what its list holds (the items' schema name, or the variants' names)
   * @param object      the objects' type ({@code x-resourceId}), for the choice of the name that stays
   * @param params      its query parameters' names, sorted
   * @param description the operation's description
   */
  record Endpoint(String path, String items, String object, List<String> params, String description) {}

  private EndpointAliases() {}

  /** For each endpoint that is an alias, the path that keeps the table; in path order. */
  static Map<String, String> find(List<Endpoint> endpoints) {
    Map<String, String> aliasOf = new TreeMap<>();
    // top-level paths first, so children can compare their parents
    List<Endpoint> sorted = new ArrayList<>(endpoints);
    sorted.sort(Comparator.comparing((Endpoint e) -> placeholders(e.path())).thenComparing(Endpoint::path));
    Map<String, List<Endpoint>> groups = new LinkedHashMap<>();
    for (Endpoint e : sorted) {
      if (placeholders(e.path()) > 1) {
        continue;
      }
      String key = e.items() + "\n" + e.params() + "\n" + e.description() + "\n" + placeholders(e.path());
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
    }
    for (int level = 0; level <= 1; level++) {
      for (List<Endpoint> group : groups.values()) {
        if (group.size() < 2 || placeholders(group.get(0).path()) != level) {
          continue;
        }
        Map<String, List<Endpoint>> byParent = new LinkedHashMap<>();
        for (Endpoint e : group) {
          String parent = level == 0 ? "" : canonical(parentPath(e.path()), aliasOf);
          byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(e);
        }
        for (List<Endpoint> same : byParent.values()) {
          if (same.size() > 1) {
            Endpoint keep = keeper(same, aliasOf);
            for (Endpoint e : same) {
              if (e != keep) {
                aliasOf.put(e.path(), keep.path());
              }
            }
          }
        }
      }
    }
    return aliasOf;
  }

  private static String canonical(String path, Map<String, String> aliasOf) {
    return aliasOf.getOrDefault(path, path);
  }

  /** The endpoint named after its objects, under a parent that is no alias; else the shortest path. */
  private static Endpoint keeper(List<Endpoint> same, Map<String, String> aliasOf) {
    Map<Endpoint, Integer> score = new HashMap<>();
    for (Endpoint e : same) {
      int s = 0;
      if (namesItsObject(e)) {
        s += 2;
      }
      if (placeholders(e.path()) == 0 || !aliasOf.containsKey(parentPath(e.path()))) {
        s += 1;
      }
      score.put(e, s);
    }
    return same.stream().min(Comparator.comparing((Endpoint e) -> -score.get(e))
        .thenComparing(e -> e.path().length()).thenComparing(Endpoint::path)).orElseThrow();
  }

  /** {@code /v1/financial_connections/accounts} for {@code financial_connections.account}. */
  private static boolean namesItsObject(Endpoint e) {
    if (e.object() == null) {
      return false;
    }
    String[] segs = e.path().split("/");
    String last = segs[segs.length - 1];
    String object = e.object();
    String objectName = object.substring(object.lastIndexOf('.') + 1);
    return OpenApiCatalogGenerator.singular(last).equals(objectName);
  }

  private static int placeholders(String path) {
    int n = 0;
    for (int i = path.indexOf('{'); i >= 0; i = path.indexOf('{', i + 1)) {
      n++;
    }
    return n;
  }

  /** The path before a child path's parent id: {@code /v1/accounts} for {@code /v1/accounts/{account}/persons}. */
  private static String parentPath(String path) {
    int at = path.indexOf("/{");
    return at < 0 ? path : path.substring(0, at);
  }
}
