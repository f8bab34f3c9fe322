package org.stripesql.pgwire.protocol;

/**
 * A message whose frame was sound but which cannot be used: a body that is not what its type says (a Bind
 * with fewer values than it counts; SQLSTATE 08P01), or one longer than the session's cap, whose bytes
 * were read and dropped (54000). An ERROR, after which the session goes on at the next Sync.
 */
public final class MalformedMessage extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final char type;
  private final String sqlState;

  public MalformedMessage(char type, String message) {
    this(type, "08P01", message);
  }

  public MalformedMessage(char type, String sqlState, String message) {
    super(message);
    this.type = type;
    this.sqlState = sqlState;
  }

  /** The message's type byte. */
  public char type() {
    return type;
  }

  /** PostgreSQL's protocol_violation, or program_limit_exceeded for a message over the cap. */
  public String sqlState() {
    return sqlState;
  }
}
