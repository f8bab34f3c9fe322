package org.stripesql.pgwire.catalog;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The session a catalog function or the SQL rewriter works for: its catalog, user, backend id and
 * settings. Calcite calls functions and the parser on the session's own thread, so the session sets
 * this around every prepare, execute and fetch ({@link #run}).
 */
public final class PgContext {
  private static final ThreadLocal<PgContext> CURRENT = new ThreadLocal<>();

  private final Supplier<CatalogSnapshot> catalog;
  private final String user;
  private final int backendPid;
  private final UnaryOperator<String> settings;

  /**
   * @param catalog  the connection's catalog (built on first use)
   * @param settings a setting's current value by name, or null
   */
  public PgContext(Supplier<CatalogSnapshot> catalog, String user, int backendPid, UnaryOperator<String> settings) {
    this.catalog = catalog;
    this.user = user;
    this.backendPid = backendPid;
    this.settings = settings;
  }

  /** The context of the running statement. */
  public static PgContext current() {
    PgContext c = CURRENT.get();
    if (c == null) {
      throw new IllegalStateException("no PostgreSQL session on this thread");
    }
    return c;
  }

  /** Runs {@code work} with this context current. */
  public <T> T run(Callable<T> work) throws Exception {
    PgContext prev = CURRENT.get();
    CURRENT.set(this);
    try {
      return work.call();
    } finally {
      if (prev == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(prev);
      }
    }
  }

  public CatalogSnapshot catalog() {
    return catalog.get();
  }

  public String user() {
    return user;
  }

  public int backendPid() {
    return backendPid;
  }

  /** A setting's value ({@code SHOW name}), or null. */
  public String setting(String name) {
    return settings.apply(name);
  }

  /** The default schema: the first on the search path. */
  public String defaultSchema() {
    return catalog().searchPath().isEmpty() ? "" : catalog().searchPath().get(0);
  }
}
