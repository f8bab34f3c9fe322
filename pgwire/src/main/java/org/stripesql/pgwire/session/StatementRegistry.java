package org.stripesql.pgwire.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.stripesql.pgwire.catalog.PgSqlException;
import org.stripesql.pgwire.sql.Command;

/**
 * A session's named statements (Parse, the unnamed one included) and portals (Bind, DECLARE ... CURSOR),
 * and who owns each plan: a portal outlives the unnamed statement it was bound from, a cursor's plan is its
 * own, a plan is closed when nothing uses it any more.
 */
final class StatementRegistry implements AutoCloseable, Portal.Owner {
  /** A parsed statement: what it is, and for a query its plan. */
  record Prepared(Command command, QueryPlan plan) {}

  private final Map<String, Prepared> statements = new HashMap<>();
  private final Map<String, Portal> portals = new HashMap<>();
  private final Map<QueryPlan, Portal> inUse = new IdentityHashMap<>();
  private final Set<QueryPlan> retired = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Most named statements with a plan and named portals (cursors too) at once; as many without a plan. */
  private final int max;

  StatementRegistry(int max) {
    this.max = max;
  }

  /** Refuses a name taken by another named statement (the unnamed one is replaced). */
  void checkNewStatement(String name) {
    if (!name.isEmpty() && statements.containsKey(name)) {
      throw new PgSqlException("42P05", "prepared statement \"" + name + "\" already exists");
    }
  }

  /**
   * Stores {@code p} under {@code name}; the plan it replaces is retired. A new name past the cap is refused
   * (53400, and its plan closed): statements with a plan count with the portals, those without one (BEGIN,
   * ROLLBACK, SET: a few bytes each) on their own, so a session at its cap can still end its transaction.
   * The unnamed statement is one slot, always there to be replaced.
   */
  void putStatement(String name, Prepared p) {
    if (!name.isEmpty() && !statements.containsKey(name)) {
      boolean full = p.plan() != null ? held() >= max
          : statements.values().stream().filter(s -> s.plan() == null).count() >= max;
      if (full) {
        if (p.plan() != null) {
          p.plan().close();
        }
        throw full();
      }
    }
    Prepared old = statements.put(name, p);
    if (old != null && old.plan() != null) {
      retire(old.plan());
    }
  }

  /** Named statements with a plan and named portals: each holds a Calcite statement or a result. */
  private long held() {
    return statements.entrySet().stream().filter(e -> !e.getKey().isEmpty() && e.getValue().plan() != null).count()
        + portals.keySet().stream().filter(n -> !n.isEmpty()).count();
  }

  private PgSqlException full() {
    return new PgSqlException("53400", "this session has " + held() + " prepared statements, portals and cursors"
        + " open, the most --max-statements-per-connection allows; close those you no longer use (Close,"
        + " DEALLOCATE, CLOSE)");
  }

  Prepared statement(String name) {
    Prepared p = statements.get(name);
    if (p == null) {
      throw new PgSqlException("26000", "prepared statement \"" + name + "\" does not exist");
    }
    return p;
  }

  boolean hasStatement(String name) {
    return statements.containsKey(name);
  }

  /** Refuses a portal name in use (the unnamed portal is replaced). */
  void checkNewPortal(String name) {
    if (!name.isEmpty() && portals.containsKey(name)) {
      throw new PgSqlException("42P03", "cursor \"" + name + "\" already exists");
    }
    if (!name.isEmpty() && held() >= max) {
      throw full();
    }
  }

  /** Stores a portal, closing the unnamed one it replaces. */
  void putPortal(Portal p) {
    closePortal(p.name());
    portals.put(p.name(), p);
  }

  Portal portal(String name) {
    Portal p = portals.get(name);
    if (p == null) {
      throw new PgSqlException("34000", "portal \"" + name + "\" does not exist");
    }
    return p;
  }

  /** A cursor of DECLARE, for FETCH and MOVE. */
  Portal cursor(String name) {
    Portal p = portals.get(name);
    if (p == null || !(p.command() instanceof Command.Declare)) {
      throw new PgSqlException("34000", "cursor \"" + name + "\" does not exist");
    }
    return p;
  }

  boolean hasPortal(String name) {
    return portals.containsKey(name);
  }

  /** Close S (and DEALLOCATE): the statement, the portals bound from it, its plan. */
  void closeStatement(String name) {
    Prepared p = statements.remove(name);
    if (p != null && p.plan() != null) {
      portals.values().removeIf(portal -> {
        if (portal.plan() == p.plan()) {
          portal.close(this);
          return true;
        }
        return false;
      });
      p.plan().close();
    }
  }

  /** DEALLOCATE ALL. */
  void closeStatements() {
    new ArrayList<>(statements.keySet()).forEach(this::closeStatement);
  }

  /** Close P. */
  void closePortal(String name) {
    Portal p = portals.remove(name);
    if (p != null) {
      dispose(p);
    }
  }

  /** Closes portals at the end of a transaction; {@code keepHeld}: cursors WITH HOLD survive a commit. */
  void closePortals(boolean keepHeld) {
    Iterator<Portal> it = portals.values().iterator();
    while (it.hasNext()) {
      Portal p = it.next();
      if (!(keepHeld && p.hold())) {
        dispose(p);
        it.remove();
      }
    }
  }

  /** Closes a portal, and the plan of a cursor (which only the cursor uses) or of a replaced statement. */
  private void dispose(Portal p) {
    p.close(this);
    QueryPlan plan = p.plan();
    if (plan != null && (p.command() instanceof Command.Declare || retired.contains(plan))) {
      boolean used = portals.values().stream().anyMatch(o -> o != p && o.plan() == plan);
      if (!used) {
        retired.remove(plan);
        plan.close();
      }
    }
  }

  /**
   * A statement's plan that the statement no longer needs (its name was parsed again): closed now, or
   * when the last portal reading it closes, as a portal outlives the unnamed statement it was bound from.
   */
  private void retire(QueryPlan plan) {
    if (portals.values().stream().anyMatch(p -> p.plan() == plan)) {
      retired.add(plan);
    } else {
      plan.close();
    }
  }

  /** Claims the plan's statement for {@code portal}; true when another portal reads it (use another statement). */
  @Override
  public boolean claim(QueryPlan plan, Portal portal) {
    Portal holder = inUse.get(plan);
    if (holder != null && holder != portal) {
      return true;
    }
    inUse.put(plan, portal);
    return false;
  }

  @Override
  public void release(QueryPlan plan, Portal portal) {
    inUse.remove(plan, portal);
  }

  @Override
  public void close() {
    for (Portal p : portals.values()) {
      dispose(p);
    }
    portals.clear();
    for (Prepared p : statements.values()) {
      if (p.plan() != null) {
        p.plan().close();
      }
    }
    statements.clear();
  }
}
