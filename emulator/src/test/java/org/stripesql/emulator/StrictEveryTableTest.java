package org.stripesql.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.TableKind;
import org.stripesql.emulator.data.JsonPaths;
import org.stripesql.emulator.spec.Operation;
import org.stripesql.emulator.spec.ParamType;
import org.stripesql.emulator.spec.SpecOperations;

/** A strict emulator serves every table's rows to requests that send only what Stripe's spec declares. */
class StrictEveryTableTest extends StrictEmulator {
  @Test
  void everyTableServesRowsToDeclaredRequests() {
    for (ApiTable t : emu.data().catalog().tables()) {
      Operation op = SpecOperations.bundled().find("GET", t.path()).orElseThrow();
      List<ObjectNode> rows = emu.data().list(t.name());
      String path = t.path();
      List<String> params = new ArrayList<>();
      if (op.declares("limit")) {
        params.add("limit=100");
      }
      if (t.kind() == TableKind.CHILD) {
        String parent = emu.data().parentOf(t.name(), rows.get(0).path("id").asText());
        if (t.parent().pathParam() != null) {
          path = path.replace("{" + t.parent().pathParam() + "}", parent);
        } else {
          params.add(t.parent().queryParam() + "=" + parent);
        }
      }
      if (path.equals("/v1/payment_methods")) {
        String customer = rows.stream().filter(n -> n.path("customer").isTextual()).findFirst().orElseThrow()
            .path("customer").asText();
        params.add("customer=" + customer);
      }
      for (ApiFilter f : t.filters()) {
        if (f.mustBeFixed()) {
          // a column a query must fix: the value of a listed row (its owners' ownership, its scope)
          ApiColumn c = t.column(f.column()).orElseThrow();
          params.add(f.param().replace("[", "%5B").replace("]", "%5D") + "=" + JsonPaths.at(rows.get(0), c.path()).asText());
        }
      }
      List<String> variants = new ArrayList<>(List.of(String.join("&", params)));
      for (String required : op.required()) {
        if (params.stream().noneMatch(p -> p.startsWith(required + "=") || p.startsWith(required + "%5B"))) {
          List<String> values = ((ParamType.Enum) op.params().get(required)).values();
          List<String> more = new ArrayList<>();
          for (String v : variants) {
            values.forEach(x -> more.add((v.isEmpty() ? "" : v + "&") + required + "=" + x));
          }
          variants = more;
        }
      }
      Set<String> seen = new HashSet<>();
      for (String v : variants) {
        Http.Response r = Http.get(emu, path + (v.isEmpty() ? "" : "?" + v));
        assertEquals(200, r.status(), t.name() + " " + path + "?" + v + " " + r.raw().body());
        if (t.kind() == TableKind.SINGLETON) {
          seen.add(r.body().path("object").asText());
          continue;
        }
        for (JsonNode n : r.body().path("data")) {
          seen.add(n.path("id").asText());
          assertEquals(n, emu.data().get(t.name(), n.path("id").asText()).orElseThrow(), t.name());
        }
      }
      assertFalse(seen.isEmpty(), t.name());
    }
  }
}
