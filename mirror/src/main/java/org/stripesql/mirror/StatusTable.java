package org.stripesql.mirror;

import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.stripesql.adapter.mirror.MirrorFreshness;
import org.stripesql.adapter.mirror.MirrorRouting;
import org.stripesql.adapter.mirror.MirrorSession;
import org.stripesql.adapter.mirror.MirrorStaleException;

/**
 * {@code mirror_status}: one row per mirrored table the connection's key may read (Stripe has shown it):
 * its state (starting, loading, live, stale, reloading, failed, or waiting while another gateway loads),
 * why, how it is kept fresh, rows, load progress, the last event applied, how old the copy is, the bound
 * this connection accepts and which way its statements read the table now (mirror, live, or error), the last
 * verification and what it found, the store, whether this gateway loads and polls, and the mirror's label.
 */
final class StatusTable extends AbstractTable implements ScannableTable {
  static final String NAME = "mirror_status";
  private final Supplier<List<Object[]>> rows;

  /** @param rows the rows now, in the columns' order */
  StatusTable(Supplier<List<Object[]>> rows) {
    this.rows = rows;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory tf) {
    return tf.builder()
        .add("table_name", SqlTypeName.VARCHAR).nullable(false)
        .add("state", SqlTypeName.VARCHAR).nullable(false)
        .add("reason", SqlTypeName.VARCHAR).nullable(true)
        .add("refresh", SqlTypeName.VARCHAR).nullable(false)
        .add("rows", SqlTypeName.BIGINT).nullable(false)
        .add("loaded_rows", SqlTypeName.BIGINT).nullable(false)
        .add("last_event", SqlTypeName.VARCHAR).nullable(true)
        .add("last_event_created", SqlTypeName.TIMESTAMP, 0).nullable(true)
        .add("lag_seconds", SqlTypeName.DOUBLE).nullable(true)
        .add("max_lag_seconds", SqlTypeName.DOUBLE).nullable(true)
        .add("read_from", SqlTypeName.VARCHAR).nullable(false)
        .add("verified_at", SqlTypeName.TIMESTAMP, 3).nullable(true)
        .add("drift", SqlTypeName.VARCHAR).nullable(true)
        .add("store", SqlTypeName.VARCHAR).nullable(true)
        .add("leader", SqlTypeName.BOOLEAN).nullable(false)
        .add("mirror", SqlTypeName.VARCHAR).nullable(true)
        .build();
  }

  /** The {@code read_from} column: which way a statement of the connection planned now reads the table. */
  static String readFrom(String name, MirrorFreshness f, MirrorSession session) {
    try {
      return MirrorRouting.route(name, f, session).fromStore() ? "mirror" : "live";
    } catch (MirrorStaleException e) {
      return "error";
    }
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    return Linq4j.asEnumerable(rows.get());
  }
}
