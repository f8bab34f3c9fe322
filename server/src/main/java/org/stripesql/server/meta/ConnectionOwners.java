package org.stripesql.server.meta;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.Meta.StatementHandle;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;

/**
 * Who owns which connection and statement: a connection belongs to the user who opened it (the
 * request's authenticated user), a statement to the connection it was created on. A request naming
 * another user's connection, or a statement with a connection it was not created on, is refused with
 * SQLSTATE 42501. An id not recorded here passes: Avatica reports unknown ids itself. Without
 * authentication every request has the same (empty) user.
 */
public final class ConnectionOwners {
  /** SQLSTATE of a request naming another user's connection or statement. */
  public static final String NOT_OWNER_STATE = "42501";
  private static final String NO_USER = "";

  private final Supplier<String> currentUser;
  private final Map<String, String> connectionUsers = new ConcurrentHashMap<>();
  private final Map<Integer, String> statementConnections = new ConcurrentHashMap<>();

  /** @param currentUser the user of the request being handled, null without authentication */
  ConnectionOwners(Supplier<String> currentUser) {
    this.currentUser = currentUser;
  }

  /** The user of the request being handled; the empty string without authentication. */
  String user() {
    String u = currentUser.get();
    return u == null ? NO_USER : u;
  }

  /**
   * Records that the current user opens {@code connectionId}. An id already open is refused: 42501 when
   * another user's, else 08002.
   */
  void claimConnection(String connectionId) {
    if (connectionUsers.putIfAbsent(connectionId, user()) != null) {
      checkConnection(connectionId);
      throw new AvaticaRuntimeException("Connection already exists: " + connectionId, 0, "08002",
          AvaticaSeverity.ERROR);
    }
  }

  /** Refuses {@code connectionId} unless the current user opened it (or it is unknown). */
  void checkConnection(String connectionId) {
    String owner = connectionId == null ? null : connectionUsers.get(connectionId);
    if (owner != null && !owner.equals(user())) {
      throw new AvaticaRuntimeException("Connection " + connectionId + " belongs to another user", 0,
          NOT_OWNER_STATE, AvaticaSeverity.ERROR);
    }
  }

  /** Forgets a connection (closed, or its opening failed) and its statements. */
  void releaseConnection(String connectionId) {
    connectionUsers.remove(connectionId);
    statementConnections.values().removeIf(connectionId::equals);
  }

  /** Records that statement {@code statementId} was created on {@code connectionId}. */
  void addStatement(int statementId, String connectionId) {
    statementConnections.put(statementId, connectionId);
  }

  /** Refuses a statement handle whose statement was created on another connection, or another user's. */
  void checkStatement(StatementHandle h) {
    String connectionId = statementConnections.get(h.id);
    if (connectionId != null && !Objects.equals(connectionId, h.connectionId)) {
      throw new AvaticaRuntimeException("Statement " + h.id + " does not belong to connection " + h.connectionId,
          0, NOT_OWNER_STATE, AvaticaSeverity.ERROR);
    }
    checkConnection(h.connectionId);
  }

  /** Forgets a closed statement. */
  void releaseStatement(int statementId) {
    statementConnections.remove(statementId);
  }
}
