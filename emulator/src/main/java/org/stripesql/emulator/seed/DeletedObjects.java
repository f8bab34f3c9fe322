package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.stripesql.catalog.ApiTable;
import org.stripesql.emulator.spec.SpecOperations;

/**
 * Deleted objects: a few stubs ({@code {"id", "object", "deleted": true}}) for each table whose retrieve
 * Stripe's spec says may answer one (customers, skus, terminal readers and locations). They draw from
 * streams of their own, after every other row, so the rest of the data set is the same with or without them.
 */
final class DeletedObjects {
  /** Deleted objects per table at scale 1. */
  static final int COUNT = 3;

  private final Draws draws;
  private final Ids ids;
  private final SpecOperations spec;

  DeletedObjects(Draws draws, Ids ids, SpecOperations spec) {
    this.draws = draws;
    this.ids = ids;
    this.spec = spec;
  }

  /** Whether a retrieve of the table may answer a deleted object's stub. */
  boolean hasStubs(ApiTable t) {
    return t.retrievePath() != null
        && spec.find("GET", t.retrievePath()).map(op -> op.deletedStubs()).orElse(false);
  }

  /** The table's {@code n} stubs. */
  List<ObjectNode> stubs(ApiTable t, int n) {
    SplittableRandom r = draws.rng("deleted " + t.name());
    String objectType = t.object().split("\\|")[0];
    List<ObjectNode> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ObjectNode stub = JsonNodeFactory.instance.objectNode();
      stub.put("id", ids.newId(objectType, r));
      stub.put("object", objectType);
      stub.put("deleted", true);
      out.add(stub);
    }
    return out;
  }
}
