package org.stripesql.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes a table and the columns the spec does not describe because stripe-sql fills them itself:
 * the table gets its objects' description from the spec (or a sentence naming its endpoint when the spec
 * has none), a child's parent column and a singleton's kind column a sentence of their own. Column
 * descriptions the spec has come from {@link ColumnFlattener}.
 */
final class TableRemarks {
  private final TableSchemas schemas;

  TableRemarks(TableSchemas schemas) {
    this.schemas = schemas;
  }

  List<ApiTable> apply(List<ApiTable> tables) {
    List<ApiTable> out = new ArrayList<>();
    for (ApiTable t : tables) {
      List<ApiColumn> columns = new ArrayList<>();
      for (ApiColumn c : t.columns()) {
        columns.add(c.remarks() == null && c.path().isEmpty() ? c.withRemarks(syntheticColumn(t, c)) : c);
      }
      out.add(t.withColumns(columns).withRemarks(table(t)));
    }
    return out;
  }

  private String table(ApiTable t) {
    for (JsonNode object : schemas.objectSchemas(t)) {
      String d = object.path("description").asText("").strip();
      if (!d.isEmpty()) {
        return d;
      }
    }
    return "Stripe `" + t.object() + "` objects, as `GET " + t.path() + "` lists them.";
  }

  private static String syntheticColumn(ApiTable t, ApiColumn c) {
    if (t.parent() != null && t.parent().column().equals(c.name())) {
      if (!t.parent().listed()) {
        return "The id of the " + (c.ref() == null ? "object" : "`" + c.ref() + "`") + " whose rows these are;"
            + " no table lists them, so a query must give it (= or IN), and stripe-sql fills it from the request.";
      }
      return "The id of the parent row in `" + t.parent().table() + "`; stripe-sql fills it from the request"
          + " that listed this row.";
    }
    if (t.explode() != null && t.explode().kindColumn().equals(c.name())) {
      List<String> kinds = new ArrayList<>();
      t.explode().arrays().forEach(a -> kinds.add("`" + a.kind() + "`"));
      return "Which array of the object the row comes from: " + String.join(", ", kinds) + ".";
    }
    return null;
  }
}
