package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.SplittableRandom;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.TableKind;
import org.stripesql.emulator.data.JsonPaths;

/**
 * Points each reference column of a generic table at an existing row of the referenced type: always
 * when the example had a value, for about half the rows when it was null. References to types the data
 * set does not hold become null when nullable.
 */
final class References {
  private final Catalog catalog;
  private final DraftTables tables;
  private final Draws draws;

  References(Catalog catalog, DraftTables tables, Draws draws) {
    this.catalog = catalog;
    this.tables = tables;
    this.draws = draws;
  }

  void fill(ApiTable t) {
    if (ChildTables.isDerived(t.name())) {
      return;
    }
    SplittableRandom r = draws.rng(t.name() + "#refs");
    String parentColumn = t.parent() == null ? null : t.parent().column();
    boolean own = t.path().startsWith("/v1/account/");
    for (ApiColumn c : t.columns()) {
      if (c.ref() == null || c.path().isEmpty() || c.name().equals(parentColumn)
          || (own && "account".equals(c.name()))) {
        continue;
      }
      List<ObjectNode> targets = rowsOfType(c.ref());
      for (ObjectNode o : tables.rows(t.name())) {
        JsonNode current = JsonPaths.at(o, c.path());
        if (current == null) {
          continue;
        }
        if (targets.isEmpty()) {
          if (c.nullable() && !current.isNull()) {
            JsonPaths.setAt(o, c.path(), NullNode.getInstance());
          }
          continue;
        }
        boolean set = !current.isNull() || !c.nullable() || r.nextBoolean();
        JsonPaths.setAt(o, c.path(), set
            ? JsonNodeFactory.instance.textNode(targets.get(r.nextInt(targets.size())).path("id").asText())
            : NullNode.getInstance());
      }
    }
  }

  private List<ObjectNode> rowsOfType(String objectType) {
    ApiTable t = catalog.tableForObject(objectType).orElse(null);
    if (t == null) {
      for (ApiTable c : catalog.tables()) {
        if (c.kind() == TableKind.CHILD && List.of(c.object().split("\\|")).contains(objectType)) {
          t = c;
          break;
        }
      }
    }
    return t == null ? List.of() : tables.rows(t.name());
  }
}
