package org.stripesql.adapter.mirror;

import java.util.List;
import java.util.Map;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;

/** A schema's view of its account's mirror, as the schema's credential may see it. */
public interface MirrorHandle {
  /** The mirrored tables' names. */
  List<String> tables();

  /**
   * What the mirror can give a statement planned now for table {@code name}: the store's table (a Calcite
   * JDBC table) with its age when this credential may read it and the store holds a complete copy, else
   * why not; {@link MirrorRouting} decides with the connection's settings.
   */
  MirrorFreshness freshness(String name);

  /** Tables the mirror adds to the schema ({@code mirror_status}). */
  Map<String, Table> extraTables();

  /** Table functions the mirror adds to the schema ({@code MirrorVerify}). */
  Map<String, Function> functions();
}
