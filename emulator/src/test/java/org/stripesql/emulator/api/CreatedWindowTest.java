package org.stripesql.emulator.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;

/** The stretch of a newest-first list that created bounds leave, as the RANGE filter would keep it. */
class CreatedWindowTest {
  private static final ApiTable CHARGES = Catalog.bundled().table("charges").orElseThrow();
  private static final ApiTable EVENTS = Catalog.bundled().table("events").orElseThrow();

  /** created 109, 108, 108, 107 ... 100 (a second with two objects). */
  private static List<ObjectNode> rows() {
    List<ObjectNode> out = new ArrayList<>();
    for (long c = 109; c >= 100; c--) {
      out.add(JsonNodeFactory.instance.objectNode().put("created", c));
      if (c == 108) {
        out.add(JsonNodeFactory.instance.objectNode().put("created", c));
      }
    }
    return out;
  }

  private static int[] window(ApiTable t, Map<String, List<String>> q) {
    return CreatedWindow.of(t, q, rows());
  }

  @Test
  void boundsNarrowTheStretchToTheRowsTheyAdmit() {
    assertArrayEquals(new int[] {0, 11}, window(CHARGES, Map.of()));
    assertArrayEquals(new int[] {1, 11}, window(CHARGES, Map.of("created[lt]", List.of("109"))));
    assertArrayEquals(new int[] {1, 11}, window(CHARGES, Map.of("created[lte]", List.of("108"))));
    assertArrayEquals(new int[] {0, 3}, window(CHARGES, Map.of("created[gte]", List.of("108"))));
    assertArrayEquals(new int[] {0, 3}, window(CHARGES, Map.of("created[gt]", List.of("107"))));
    assertArrayEquals(new int[] {1, 3}, window(CHARGES, Map.of("created", List.of("108"))));
    assertArrayEquals(new int[] {3, 5}, window(CHARGES, Map.of("created[gte]", List.of("106"),
        "created[lt]", List.of("108"))));
    assertArrayEquals(new int[] {11, 11}, window(CHARGES, Map.of("created[lt]", List.of("100"))));
    assertArrayEquals(new int[] {0, 0}, window(CHARGES, Map.of("created[gt]", List.of("109"))));
    assertArrayEquals(new int[] {4, 4}, window(CHARGES, Map.of("created[gte]", List.of("107"),
        "created[lt]", List.of("107"))));
  }

  @Test
  void theLastValueCountsAndWhatTheFilterRefusesNarrowsNothing() {
    assertArrayEquals(new int[] {0, 3}, window(CHARGES, Map.of("created[gte]", List.of("100", "108"))));
    assertArrayEquals(new int[] {0, 11}, window(CHARGES, Map.of("created[gte]", List.of("soon"))));
    assertArrayEquals(new int[] {0, 11}, window(EVENTS, Map.of("created[gte]", List.of("108"))));
  }
}
