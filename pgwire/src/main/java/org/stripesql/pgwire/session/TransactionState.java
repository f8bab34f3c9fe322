package org.stripesql.pgwire.session;

/** Where a session is with respect to a transaction block, as ReadyForQuery reports it. */
public enum TransactionState {
  /** Not in a transaction block: each statement is its own (implicit) transaction. */
  IDLE('I'),
  /** Inside BEGIN ... COMMIT. */
  IN_BLOCK('T'),
  /** Inside a block where a statement failed: everything but ROLLBACK (or COMMIT) is refused with 25P02. */
  FAILED('E');

  private final char status;

  TransactionState(char status) {
    this.status = status;
  }

  /** The status byte of ReadyForQuery. */
  public char status() {
    return status;
  }
}
