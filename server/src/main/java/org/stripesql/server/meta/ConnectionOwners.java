package org.stripesql.server.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;

/**
 * Who owns which connection and statement, deny by default. Connection ids are the client's, so each
 * user's live in their own namespace ({@link #scope}): another user's id is simply unknown, answered as
 * Avatica answers any unknown id. A statement belongs to the user and connection it was created on;
 * one named on another connection is unknown too. Without authentication every request has the same
 * (empty) user. The rules: docs/design.md.
 */
public final class ConnectionOwners {
  /** SQLSTATE of a request naming another user's connection or statement. */
  public static final String NOT_OWNER_STATE = "42501";
  private static final String NO_USER = "";

  /** A connection's owner, its live statements, and those that expired while it stayed open. */
  private record Owned(String user, Set<Integer> statements, Set<Integer> expired) {}

  /** The connection a statement was created on, and by whom. */
  private record Created(String connectionId, String user) {}

  private final Supplier<String> currentUser;
  private final Map<String, Owned> connections = new ConcurrentHashMap<>();
  private final Map<Integer, Created> statements = new ConcurrentHashMap<>();

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
   * The gateway's id of the current user's connection {@code clientId}: the user's name and the id, so
   * two users' ids never meet (Avatica's thin driver picks a random UUID; a hostile client may pick any).
   */
  String scope(String clientId) {
    String u = user();
    return u.isEmpty() || clientId == null ? clientId : u + '\u0000' + clientId;
  }

  /** Records that the current user opens {@code connectionId} (scoped); an id already open is refused (08002). */
  void claimConnection(String connectionId) {
    Owned fresh = new Owned(user(), ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());
    if (connections.putIfAbsent(connectionId, fresh) != null) {
      checkConnection(connectionId);
      throw new AvaticaRuntimeException("Connection already exists: " + connectionId.substring(
          connectionId.indexOf('\u0000') + 1), 0, "08002", AvaticaSeverity.ERROR);
    }
  }

  /** Refuses {@code connectionId} unless the current user opened it (an unknown id is Avatica's to report). */
  void checkConnection(String connectionId) {
    Owned owned = connectionId == null ? null : connections.get(connectionId);
    if (owned != null && !owned.user().equals(user())) {
      throw notOwner("Connection belongs to another user");
    }
  }

  /** Forgets a connection (closed, expired, or its opening failed); returns its statements, to be closed. */
  List<Integer> releaseConnection(String connectionId) {
    Owned owned = connections.remove(connectionId);
    if (owned == null) {
      return List.of();
    }
    List<Integer> ids = new ArrayList<>(owned.statements());
    ids.forEach(statements::remove);
    return ids;
  }

  /** Records that the current user created statement {@code statementId} on {@code connectionId}. */
  void addStatement(int statementId, String connectionId) {
    statements.put(statementId, new Created(connectionId, user()));
    Owned owned = connections.get(connectionId);
    if (owned != null) {
      owned.statements().add(statementId);
    }
  }

  /**
   * Whether the current user created statement {@code statementId} on {@code connectionId} (scoped); one
   * the user's open connection had, which then expired, passes too: Avatica answers that it is missing,
   * and the thin driver creates a new one. Any other is to be answered as an unknown statement.
   */
  boolean owns(int statementId, String connectionId) {
    Created created = statements.get(statementId);
    if (created != null) {
      return created.connectionId().equals(connectionId) && created.user().equals(user());
    }
    Owned owned = connectionId == null ? null : connections.get(connectionId);
    return owned != null && owned.user().equals(user()) && owned.expired().contains(statementId);
  }

  /** Forgets a closed statement; false when it was not recorded. */
  boolean releaseStatement(int statementId) {
    Created created = statements.remove(statementId);
    if (created == null) {
      return false;
    }
    Owned owned = connections.get(created.connectionId());
    if (owned != null) {
      owned.statements().remove(statementId);
    }
    return true;
  }

  /** The connection a recorded statement was created on, or null. */
  String connectionOf(int statementId) {
    Created created = statements.get(statementId);
    return created == null ? null : created.connectionId();
  }

  /**
   * Drops what Avatica no longer holds: connections that are not {@code connectionOpen} (expired or
   * evicted), and statements that are not {@code statementOpen} (expired; remembered as such while their
   * connection is open). Calls {@code connectionGone} and {@code statementGone} for each.
   */
  void prune(Predicate<String> connectionOpen, IntPredicate statementOpen, ConnectionGone connectionGone,
      StatementGone statementGone) {
    for (String id : new ArrayList<>(connections.keySet())) {
      if (!connectionOpen.test(id)) {
        connectionGone.gone(id, releaseConnection(id));
      }
    }
    for (Map.Entry<Integer, Created> e : new ArrayList<>(statements.entrySet())) {
      int id = e.getKey();
      if (!statementOpen.test(id) && statements.remove(id, e.getValue())) {
        Owned owned = connections.get(e.getValue().connectionId());
        if (owned != null) {
          owned.statements().remove(id);
          owned.expired().add(id);
        }
        statementGone.gone(id, e.getValue().connectionId());
      }
    }
  }

  /** Connections recorded. */
  int connectionCount() {
    return connections.size();
  }

  /** Statements recorded. */
  int statementCount() {
    return statements.size();
  }

  /** Receives a connection dropped by {@link #prune} and the statements it had. */
  interface ConnectionGone {
    void gone(String connectionId, List<Integer> statementIds);
  }

  /** Receives a statement dropped by {@link #prune}. */
  interface StatementGone {
    void gone(int statementId, String connectionId);
  }

  private static AvaticaRuntimeException notOwner(String message) {
    return new AvaticaRuntimeException(message, 0, NOT_OWNER_STATE, AvaticaSeverity.ERROR);
  }
}
