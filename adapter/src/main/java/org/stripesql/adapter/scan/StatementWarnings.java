package org.stripesql.adapter.scan;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;

/**
 * The warnings of one JDBC statement's latest execution (an account SkipUnreadableAccounts left out), for
 * the host that runs the statement to pass on (the PostgreSQL endpoint's NoticeResponse). A statement is
 * known by its cancel flag: Calcite puts the statement's flag into every execution's DataContext, and the
 * host reaches the same flag from its {@code java.sql.Statement}. A new execution starts with no warnings;
 * at most {@value #MAX} are kept, then one saying how many more there were.
 */
public final class StatementWarnings {
  /** Most warnings kept for one execution; the others are counted. */
  public static final int MAX = 100;
  /** SQLSTATE of a warning: PostgreSQL's (and SQL's) plain {@code warning}. */
  public static final String WARNING = "01000";
  /**
   * Weak keys: an entry lives as long as its statement holds the flag (Avatica drops it when the statement
   * closes), so nothing outlives the statement or mixes statements.
   */
  private static final Map<AtomicBoolean, StatementWarnings> BY_STATEMENT =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** One warning: its SQLSTATE and text. */
  public record Warning(String sqlState, String message) {}

  /**
   * The texts by what they are about (an account), in order: the same account left out by two scans of a
   * join is said once.
   */
  private final Map<String, String> messages = new LinkedHashMap<>();
  /** What the warnings past {@link #MAX} are about (account ids: small), counted only. */
  private final Set<String> more = new HashSet<>();
  /** How many of {@link #messages}, and of {@link #more}, {@link #take()} has handed out already. */
  private int taken;
  private int moreTaken;
  /** The execution these warnings are of; weak, as the DataContext holds the flag (the map's key). */
  private WeakReference<DataContext> execution = new WeakReference<>(null);
  /** Counts the statement's executions, so that a late scan of an earlier one adds nothing to the latest. */
  private int executions;

  /** The warnings one execution's scans add; once the statement runs again, they add nothing. */
  public static final class Execution {
    private final StatementWarnings statement;
    private final int number;

    private Execution(StatementWarnings statement, int number) {
      this.statement = statement;
      this.number = number;
    }

    /** A connected account was left out (SkipUnreadableAccounts); {@code name} may be null. */
    public void accountLeftOut(String account, String name, String stripeMessage) {
      statement.add(number, account, "connected account " + account + (name == null ? "" : " (" + name + ")")
          + " left out of the statement: " + stripeMessage);
    }
  }

  /**
   * The warnings of the statement whose cancel flag this is; with a null flag, warnings nobody reads (a
   * DataContext of no statement).
   */
  public static StatementWarnings ofStatement(AtomicBoolean cancelFlag) {
    return cancelFlag == null ? new StatementWarnings()
        : BY_STATEMENT.computeIfAbsent(cancelFlag, f -> new StatementWarnings());
  }

  /**
   * Where the scans of execution {@code root} add warnings: its statement's, emptied if they were of an
   * earlier execution.
   */
  public static Execution forExecution(DataContext root) {
    StatementWarnings w = ofStatement(flagOf(root));
    return new Execution(w, w.startIfNew(root));
  }

  /**
   * Execution {@code root} begins: the warnings of its statement's earlier execution, if any, are dropped
   * (as JDBC drops a statement's warnings when it runs again). Creates nothing for a statement without any.
   */
  public static void executionStarts(DataContext root) {
    AtomicBoolean flag = flagOf(root);
    StatementWarnings w = flag == null ? null : BY_STATEMENT.get(flag);
    if (w != null) {
      w.startIfNew(root);
    }
  }

  private static AtomicBoolean flagOf(DataContext root) {
    return root == null ? null : DataContext.Variable.CANCEL_FLAG.get(root);
  }

  /** The number of execution {@code root}, which starts (without warnings) unless it is the current one. */
  private synchronized int startIfNew(DataContext root) {
    if (root != null && execution.get() != root) {
      clear();
      execution = new WeakReference<>(root);
      executions++;
    }
    return executions;
  }

  /** A warning of execution {@code number} about {@code subject}, unless there is one about it already. */
  private synchronized void add(int number, String subject, String message) {
    if (number != executions || messages.containsKey(subject)) {
      return;
    }
    if (messages.size() < MAX) {
      messages.put(subject, message);
    } else {
      more.add(subject);
    }
  }

  /** The warnings of the execution, oldest first, the last saying how many were not kept. */
  public synchronized List<Warning> list() {
    return from(0, 0);
  }

  /** The warnings {@link #take()} has not handed out yet (each is passed on once). */
  public synchronized List<Warning> take() {
    List<Warning> out = from(taken, moreTaken);
    taken = messages.size();
    moreTaken = more.size();
    return out;
  }

  private List<Warning> from(int firstMessage, int moreBefore) {
    List<Warning> out = new ArrayList<>();
    messages.values().stream().skip(firstMessage).forEach(m -> out.add(new Warning(WARNING, m)));
    int unshown = more.size() - moreBefore;
    if (unshown > 0) {
      out.add(new Warning(WARNING, "and " + unshown + " more warning" + (unshown == 1 ? "" : "s")
          + " of this statement not shown"));
    }
    return out;
  }

  /** Forgets the warnings so far (the statement runs again). */
  public synchronized void clear() {
    messages.clear();
    more.clear();
    taken = 0;
    moreTaken = 0;
  }
}
