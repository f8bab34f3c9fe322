package org.stripesql.adapter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.adapter.jdbc.JdbcToEnumerableConverter;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.stripesql.adapter.mirror.MirrorRoute;

/**
 * The routes a statement's mirrored tables took when it was planned ({@link MirroredTable#toRel}): the
 * plan cache keeps them with the plan and plans again when one would change; after optimization they go
 * into the plan itself, so EXPLAIN says which way each table is read and how old the store's copy is, and
 * a plan that reads the store checks, each time it runs, that the copy is still fresh enough
 * ({@link MirrorRead}).
 */
final class MirrorRoutes {
  /** The route of one mirrored table in a statement. */
  record Decision(List<String> table, MirroredTable mirrored, MirrorRoute route) {
    /** Whether planning now would take the same way (it may throw, as planning would, for MirrorWhenStale=error). */
    boolean holds() {
      MirrorRoute now = mirrored.route();
      return now.fromStore() == route.fromStore() && now.version().equals(route.version());
    }
  }

  /** The decisions of the statement this thread is planning (one cluster per statement). */
  private static final ThreadLocal<Recording> CURRENT = new ThreadLocal<>();

  private record Recording(RelOptCluster cluster, Map<List<String>, Decision> decisions) {}

  private MirrorRoutes() {}

  static void record(RelOptCluster cluster, List<String> table, MirroredTable mirrored, MirrorRoute route) {
    Recording r = CURRENT.get();
    if (r == null || r.cluster() != cluster) {
      r = new Recording(cluster, new LinkedHashMap<>());
      CURRENT.set(r);
    }
    r.decisions().put(List.copyOf(table), new Decision(List.copyOf(table), mirrored, route));
  }

  /** Forgets what this thread recorded (before a statement is prepared). */
  static void clear() {
    CURRENT.remove();
  }

  /** What this thread recorded since {@link #clear()}, forgetting it. */
  static List<Decision> take() {
    Recording r = CURRENT.get();
    CURRENT.remove();
    return r == null ? List.of() : List.copyOf(r.decisions().values());
  }

  /** Whether every route still holds (a cached plan may run again). */
  static boolean hold(List<Decision> decisions) {
    for (Decision d : decisions) {
      if (!d.holds()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The finished plan with each store read (a JDBC subtree that scans mirrored tables) under a
   * {@link MirrorRead}, and each mirrored table read from Stripe saying why in EXPLAIN.
   */
  static RelNode annotate(RelNode rel) {
    Recording r = CURRENT.get();
    Map<List<String>, Decision> known = r != null && r.cluster() == rel.getCluster() ? r.decisions() : Map.of();
    return annotate(rel, known);
  }

  private static RelNode annotate(RelNode rel, Map<List<String>, Decision> known) {
    if (rel instanceof JdbcToEnumerableConverter) {
      List<Decision> reads = new ArrayList<>();
      collectStoreReads(rel, known, reads);
      return reads.isEmpty() ? rel : MirrorRead.create(rel, reads);
    }
    if (rel instanceof StripeTableScan scan) {
      Decision d = decision(scan, known);
      return d == null || d.route().fromStore() ? scan : scan.withMirrorNote(d.route().note());
    }
    List<RelNode> inputs = rel.getInputs();
    List<RelNode> out = new ArrayList<>(inputs.size());
    boolean changed = false;
    for (RelNode in : inputs) {
      RelNode a = annotate(in, known);
      changed |= a != in;
      out.add(a);
    }
    return changed ? rel.copy(rel.getTraitSet(), out) : rel;
  }

  private static void collectStoreReads(RelNode rel, Map<List<String>, Decision> known, List<Decision> out) {
    if (rel instanceof TableScan scan) {
      Decision d = decision(scan, known);
      if (d != null && out.stream().noneMatch(x -> x.table().equals(d.table()))) {
        out.add(d);
      }
    }
    rel.getInputs().forEach(in -> collectStoreReads(in, known, out));
  }

  /** The route of a scan's mirrored table: as recorded when planned, else as it would be now; null for other tables. */
  private static Decision decision(TableScan scan, Map<List<String>, Decision> known) {
    List<String> name = scan.getTable().getQualifiedName();
    Decision d = known.get(name);
    if (d == null && name.size() > 1) {
      // a Connect platform's table reads each account's copy under the table's name plus the account's
      d = known.get(name.subList(0, name.size() - 1));
    }
    if (d != null) {
      return d;
    }
    RelOptTable t = scan.getTable().getRelOptSchema() == null ? null
        : scan.getTable().getRelOptSchema().getTableForMember(name);
    MirroredTable m = t == null ? null : t.unwrap(MirroredTable.class);
    return m == null ? null : new Decision(List.copyOf(name), m, m.route());
  }
}
