package org.stripesql.pgwire;

import java.util.HashMap;
import java.util.Map;

/**
 * Connections not yet logged in, in all and per client address: each holds a thread and a socket until
 * its login ends or its time runs out, so they are capped before they can exhaust either. Logged-in
 * sessions are counted by the gateway's caps instead.
 */
final class PendingLogins {
  private final int max;
  private final int maxPerAddress;
  private final Map<String, Integer> byAddress = new HashMap<>();
  private int total;

  PendingLogins(int max, int maxPerAddress) {
    if (max < 1 || maxPerAddress < 1) {
      throw new IllegalArgumentException("the caps on connections waiting to log in must be at least 1");
    }
    this.max = max;
    this.maxPerAddress = maxPerAddress;
  }

  /** Counts a new connection from {@code address}; null when it may wait to log in, else why not. */
  synchronized String enter(String address) {
    if (total >= max) {
      return "the server has " + total + " connections waiting to log in, the most --pg-max-unauthenticated allows";
    }
    int here = byAddress.getOrDefault(address, 0);
    if (here >= maxPerAddress) {
      return "this address has " + here + " connections waiting to log in, the most"
          + " --pg-max-unauthenticated-per-address allows";
    }
    byAddress.put(address, here + 1);
    total++;
    return null;
  }

  /** The connection from {@code address} logged in, or ended. */
  synchronized void leave(String address) {
    Integer here = byAddress.get(address);
    if (here == null) {
      return;
    }
    if (here <= 1) {
      byAddress.remove(address);
    } else {
      byAddress.put(address, here - 1);
    }
    total--;
  }

  synchronized int waiting() {
    return total;
  }
}
