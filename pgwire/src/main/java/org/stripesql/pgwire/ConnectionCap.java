package org.stripesql.pgwire;

import java.util.HashSet;
import java.util.Set;

/** The simplest gate: at most {@code max} sessions at once (the serve command's max-connections). */
final class ConnectionCap implements SessionGate {
  private final int max;
  private final Set<String> open = new HashSet<>();

  ConnectionCap(int max) {
    this.max = max;
  }

  @Override
  public synchronized void open(String connectionId, String user) {
    if (open.size() >= max) {
      throw new Refused("53300", "sorry, too many clients already: the gateway has " + open.size()
          + " PostgreSQL connections open, the most max-connections allows; try again later (operators: raise"
          + " --max-connections)");
    }
    open.add(connectionId);
  }

  @Override
  public synchronized void close(String connectionId) {
    open.remove(connectionId);
  }
}
