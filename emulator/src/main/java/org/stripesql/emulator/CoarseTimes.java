package org.stripesql.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.data.DataSet;

/**
 * A freshly generated data set with every LIST row's {@code created} rounded down to a multiple of some
 * seconds, so that many objects share one second, as on a busy account (tests of paging and slicing);
 * deleted stubs are kept, recorded change times are not.
 */
final class CoarseTimes {
  private CoarseTimes() {}

  static DataSet of(DataSet data, long seconds) {
    DataSet.Builder b = DataSet.builder(data.catalog());
    for (ApiTable t : data.catalog().tables()) {
      List<ObjectNode> stubs = new ArrayList<>();
      data.deletedIds(t.name()).forEach(id -> data.deleted(t.name(), id).ifPresent(stubs::add));
      if (!stubs.isEmpty()) {
        b.deleted(t.name(), stubs);
      }
      switch (t.kind()) {
        case LIST -> {
          for (ObjectNode o : data.list(t.name())) {
            if (o.path("created").canConvertToLong()) {
              long c = o.path("created").asLong();
              o.put("created", c - Math.floorMod(c, seconds));
            }
          }
          b.rows(t.name(), data.list(t.name()));
        }
        case CHILD -> {
          Map<String, List<ObjectNode>> byParent = new LinkedHashMap<>();
          for (ObjectNode o : data.list(t.name())) {
            String parent = data.parentOf(t.name(), o.path("id").asText());
            if (parent != null) {
              byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(o);
            }
          }
          b.children(t.name(), byParent);
        }
        case SINGLETON -> b.rows(t.name(), data.list(t.name()));
      }
    }
    return b.build();
  }
}
