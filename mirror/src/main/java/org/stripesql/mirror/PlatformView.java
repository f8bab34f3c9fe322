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
import org.stripesql.mirror.store.TableRecord;

/**
 * One schema's view of a Connect platform's mirror: the tables it asked for, each read from the accounts'
 * copies while every one is complete and readable with its account's credential, and {@code mirror_status}
 * with one row per table over all the accounts (rows summed, the oldest copy's age, the first account's
 * problem).
 */
final class PlatformView implements MirrorHandle {
  private final PlatformMirror platform;
  private final List<String> tables;
  private final MirrorSession session;

  PlatformView(PlatformMirror platform, List<String> tables, MirrorSession session) {
    this.platform = platform;
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
    return platform.freshness(name);
  }

  @Override
  public Map<String, Table> extraTables() {
    return Map.of(StatusTable.NAME, new StatusTable(this::statusRows));
  }

  /** MirrorVerify verifies one account's copy; a platform's copies are verified by their schedule (MirrorVerifySeconds). */
  @Override
  public Map<String, Function> functions() {
    return Map.of();
  }

  /** The rows of mirror_status: one per table every account's credential may read. */
  List<Object[]> statusRows() {
    List<Object[]> out = new ArrayList<>();
    List<AccountCopy> copies = platform.copies();
    for (String n : tables) {
      if (copies.stream().anyMatch(c -> !c.credential().access().mayRead(n))) {
        continue;
      }
      ApiTable t = platform.catalog().table(n).orElseThrow();
      EventCoverage coverage = EventCoverage.of(platform.catalog(), EventTypes.bundled(), t);
      MirrorFreshness f = freshness(n);
      long rows = 0;
      long loaded = 0;
      Long lastEventAt = null;
      Long verifiedAt = null;
      String drift = null;
      boolean leading = true;
      for (AccountCopy c : copies) {
        TableRecord r = c.mirror().record(n);
        leading &= c.mirror().leading();
        if (r == null) {
          continue;
        }
        rows += r.rows();
        loaded += r.loadedRows();
        if (r.lastEventCreated() > 0) {
          long at = r.lastEventCreated() * 1000L;
          lastEventAt = lastEventAt == null ? Long.valueOf(at) : Long.valueOf(Math.min(lastEventAt, at));
        }
        if (r.verifiedAt() != 0) {
          verifiedAt = verifiedAt == null ? Long.valueOf(r.verifiedAt()) : Long.valueOf(Math.min(verifiedAt, r.verifiedAt()));
        }
        if (drift == null && r.drift() != null) {
          drift = c.account() + ": " + r.drift();
        }
      }
      Double maxLag = session.maxLagSeconds() != null ? session.maxLagSeconds()
          : Double.isNaN(f.boundSeconds()) ? null : f.boundSeconds();
      out.add(new Object[] {n, f.state().label(), f.reason(), coverage.refresh().name().toLowerCase(), rows, loaded,
          null, lastEventAt, Double.isNaN(f.ageSeconds()) ? null : f.ageSeconds(), maxLag,
          StatusTable.readFrom(n, f, session), verifiedAt, drift, platform.storeDescription(),
          leading && !copies.isEmpty(), platform.label()});
    }
    return out;
  }
}
