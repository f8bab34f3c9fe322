package org.stripesql.adapter.mirror;

import org.stripesql.adapter.client.SqlStateProvider;

/**
 * A query over a mirrored table that the mirror cannot answer within the connection's bound, where the
 * connection (or the schema: MirrorWhenStale=error) says not to read Stripe instead; or a prepared plan
 * that reads the store after its copy went stale ({@link #replan()}). SQLSTATE 55000 (object not in
 * prerequisite state).
 */
public final class MirrorStaleException extends RuntimeException implements SqlStateProvider {
  private static final long serialVersionUID = 1L;
  private final boolean replan;

  public MirrorStaleException(String message, boolean replan) {
    super(message);
    this.replan = replan;
  }

  @Override
  public String sqlState() {
    return "55000";
  }

  /** Whether preparing the statement again would answer it (live): the plan was made when the copy was fresh. */
  public boolean replan() {
    return replan;
  }
}
