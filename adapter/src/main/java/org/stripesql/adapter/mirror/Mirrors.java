package org.stripesql.adapter.mirror;

import java.util.Iterator;
import java.util.ServiceLoader;
import org.stripesql.adapter.config.StripeConfigException;

/** Finds the mirror module through {@link ServiceLoader}. */
public final class Mirrors {
  private Mirrors() {}

  /** The mirror of a schema, or a clear error when the module is not on the class path. */
  public static MirrorHandle open(MirrorRequest request) {
    Iterator<MirrorProvider> it = ServiceLoader.load(MirrorProvider.class, Mirrors.class.getClassLoader()).iterator();
    if (!it.hasNext()) {
      throw new StripeConfigException("operand Mirror needs the mirror module (stripesql-mirror and its DuckDB"
          + " and PostgreSQL drivers) on the class path; bin/stripesql has it, a host of the adapter must add it,"
          + " or remove the Mirror operand to read every table live");
    }
    return it.next().open(request);
  }

  /** Stops every mirror of the process, when the module is there. */
  public static void closeAll() {
    ServiceLoader.load(MirrorProvider.class, Mirrors.class.getClassLoader()).forEach(MirrorProvider::closeAll);
  }
}
