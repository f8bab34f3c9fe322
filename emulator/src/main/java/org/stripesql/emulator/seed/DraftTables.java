package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables while they are being generated: later tables read earlier ones (a charge picks a customer),
 * and some parts add rows to tables they do not own (a subscription's items, an invoice's lines).
 */
final class DraftTables {
  /** LIST tables, and CHILD tables flattened once built. */
  final Map<String, List<ObjectNode>> lists = new LinkedHashMap<>();
  /** CHILD tables by parent id. */
  final Map<String, Map<String, List<ObjectNode>>> children = new LinkedHashMap<>();
  final Map<String, ObjectNode> singletons = new LinkedHashMap<>();
  /** The id of the {@code account} singleton, which the {@code own_account_*} rows point to. */
  String ownAccountId;

  /** The rows of a table built so far; null when it has not been built. */
  List<ObjectNode> get(String table) {
    return lists.get(table);
  }

  /** The rows of a table built so far; empty when it has not been built. */
  List<ObjectNode> rows(String table) {
    return lists.getOrDefault(table, List.of());
  }

  /** A CHILD table's rows by parent id, created empty when missing. */
  Map<String, List<ObjectNode>> childTable(String table) {
    return children.computeIfAbsent(table, k -> new LinkedHashMap<>());
  }
}
