package org.stripesql.emulator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.emulator.spec.SpecOperations;

/** How keys split into segments, and that every route the catalog serves is one Stripe's spec declares. */
class RequestValidatorTest {
  @Test
  void keysSplitLikeStripesParser() {
    assertEquals(List.of(), RequestValidator.segments("limit"));
    assertEquals(List.of("gte"), RequestValidator.segments("created[gte]"));
    assertEquals(List.of(""), RequestValidator.segments("expand[]"));
    assertEquals(List.of("0", "price"), RequestValidator.segments("items[0][price]"));
    assertNull(RequestValidator.segments("[x]"));
    assertNull(RequestValidator.segments("a[b"));
    assertNull(RequestValidator.segments("a[b]c"));
    assertNull(RequestValidator.segments("a[b[c]]"));
  }

  @Test
  void everyRouteOfTheBundledCatalogIsDeclared() {
    SpecOperations ops = SpecOperations.bundled();
    List<String> undeclared = new ArrayList<>();
    for (ApiTable t : Catalog.bundled().tables()) {
      List<String> paths = new ArrayList<>(List.of(t.path()));
      if (t.retrievePath() != null) {
        paths.add(t.retrievePath());
      }
      if (t.search() != null) {
        paths.add(t.search().path());
      }
      paths.stream().filter(p -> ops.find("GET", p).isEmpty()).forEach(undeclared::add);
    }
    assertTrue(undeclared.isEmpty(), "served but not in Stripe's spec: " + undeclared);
  }
}
