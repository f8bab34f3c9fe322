package org.stripesql.pgwire;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.stripesql.pgwire.session.PgSession;

/**
 * The sessions a CancelRequest can reach: each gets a process id and a random secret key
 * (BackendKeyData); a cancel naming both stops that session's running statement.
 */
final class CancelRegistry {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final AtomicInteger nextPid = new AtomicInteger(10_000);
  private final Map<Integer, Entry> sessions = new ConcurrentHashMap<>();

  /** A session's key data. */
  record Key(int pid, int secret) {}

  private record Entry(int secret, PgSession session) {}

  Key newKey() {
    return new Key(nextPid.incrementAndGet(), RANDOM.nextInt());
  }

  void register(Key key, PgSession session) {
    sessions.put(key.pid(), new Entry(key.secret(), session));
  }

  void remove(Key key) {
    if (key != null) {
      sessions.remove(key.pid());
    }
  }

  /** Cancels the running statement of the session {@code pid} when {@code secret} is its key; else nothing. */
  boolean cancel(int pid, int secret) {
    Entry e = sessions.get(pid);
    if (e == null || !MessageDigest.isEqual(bytes(e.secret()), bytes(secret))) {
      return false;
    }
    e.session().cancel();
    return true;
  }

  private static byte[] bytes(int v) {
    return ByteBuffer.allocate(4).putInt(v).array();
  }
}
