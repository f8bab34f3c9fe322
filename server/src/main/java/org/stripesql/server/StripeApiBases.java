package org.stripesql.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.stripesql.adapter.StripeAdapter;

/** The Stripe API bases models read from: what {@code /ready} checks is reachable. */
final class StripeApiBases {
  private StripeApiBases() {
  }

  /** The Stripe API bases the model's schemas read from (the default when a schema names none). */
  static List<String> of(List<ModelSource> models) {
    Set<String> bases = new LinkedHashSet<>();
    for (ModelSource m : models) {
      try {
        StripeAdapter.schemas(m.text(), System::getenv).forEach(s -> bases.add(s.apiBase()));
      } catch (IOException | RuntimeException e) {
        // the startup check reports a bad model
      }
    }
    return new ArrayList<>(bases);
  }
}
