package org.stripesql.mirror;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.stripesql.adapter.mirror.MirrorFreshness;
import org.stripesql.adapter.mirror.MirrorHandle;
import org.stripesql.adapter.mirror.MirrorSession;
import org.stripesql.adapter.mirror.MirrorState;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.EventCoverage;
import org.stripesql.catalog.EventTypes;
import org.stripesql.mirror.jobs.TableStates;
import org.stripesql.mirror.store.TableRecord;

/**
 * One schema's view of its account's mirror: the tables it asked for, seen with its key (a table only
 * when Stripe has shown the key may read it) and its connection's freshness settings.
 */
final class SchemaView implements MirrorHandle {
  private final MirrorCredential key;
  private final List<String> tables;
  private final MirrorSession session;

  SchemaView(MirrorCredential key, List<String> tables, MirrorSession session) {
    this.key = key;
    this.tables = List.copyOf(tables);
    this.session = session;
  }

  @Override
  public List<String> tables() {
    return tables;
  }

  @Override
  public MirrorFreshness freshness(String name) {
    if (!tables.contains(name)) {
      return MirrorFreshness.unavailable(MirrorState.STARTING, "table " + name + " is not mirrored");
    }
    AccountMirror m = key.mirror();
    if (m != null) {
      return m.freshness(name, key);
    }
    String denied = key.access().whyNot(name);
    return denied != null ? MirrorFreshness.notPermitted(MirrorState.STARTING, denied)
        : MirrorFreshness.unavailable(key.problem() == null ? MirrorState.STARTING : MirrorState.FAILED, key.problem());
  }

  @Override
  public Map<String, Table> extraTables() {
    return Map.of(StatusTable.NAME, new StatusTable(this::statusRows));
  }

  @Override
  public Map<String, Function> functions() {
    return Map.of(VerifyFunction.NAME, new VerifyFunction(key.key()));
  }

  /** The rows of mirror_status: one per table of this schema that its key may read. */
  List<Object[]> statusRows() {
    List<Object[]> out = new ArrayList<>();
    AccountMirror m = key.mirror();
    long now = System.currentTimeMillis();
    for (String n : tables) {
      if (!key.access().mayRead(n)) {
        continue;
      }
      ApiTable t = key.catalog().table(n).orElseThrow();
      EventCoverage c = EventCoverage.of(key.catalog(), EventTypes.bundled(), t);
      TableStates.View v = m != null ? m.view(n) : new TableStates.View(
          key.problem() == null ? MirrorState.STARTING : MirrorState.FAILED, key.problem(), Double.NaN, Double.NaN);
      TableRecord r = m == null ? null : m.record(n);
      Double maxLag = session.maxLagSeconds() != null ? session.maxLagSeconds()
          : Double.isNaN(v.boundSeconds()) ? null : v.boundSeconds();
      out.add(new Object[] {n, v.state().label(), v.reason(), c.refresh().name().toLowerCase(),
          r == null ? 0L : r.rows(), r == null ? 0L : r.loadedRows(), r == null ? null : r.lastEvent(),
          r == null || r.lastEventCreated() == 0 ? null : r.lastEventCreated() * 1000L,
          Double.isNaN(v.ageSeconds()) ? null : v.ageSeconds(), maxLag, StatusTable.readFrom(n, freshness(n), session),
          r == null || r.verifiedAt() == 0 ? null : r.verifiedAt(), r == null ? null : r.drift(),
          m == null ? null : m.storeDescription(), m != null && m.leading(), m == null ? null : m.label()});
    }
    return out;
  }
}
