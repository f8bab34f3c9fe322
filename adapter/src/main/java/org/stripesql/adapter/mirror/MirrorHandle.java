package org.stripesql.adapter.mirror;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;

/** A schema's view of its account's mirror. */
public interface MirrorHandle {
  /** The mirrored tables' names. */
  List<String> tables();

  /**
   * The table a statement planned now reads for {@code name}: the store's (a Calcite JDBC table) when the
   * mirror of that table is live, else empty (read it live).
   */
  Optional<Table> storeTable(String name);

  /** Tables the mirror adds to the schema ({@code mirror_status}). */
  Map<String, Table> extraTables();

  /** Table functions the mirror adds to the schema ({@code MirrorVerify}). */
  Map<String, Function> functions();
}
