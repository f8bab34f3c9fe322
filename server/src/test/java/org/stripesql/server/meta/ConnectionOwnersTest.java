package org.stripesql.server.meta;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.calcite.avatica.Meta.StatementHandle;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.junit.jupiter.api.Test;

/** The ownership rules, without a server: the gateway tests check them over HTTP. */
class ConnectionOwnersTest {
  final AtomicReference<String> user = new AtomicReference<>();
  final ConnectionOwners owners = new ConnectionOwners(user::get);

  @Test
  void aConnectionIsItsOpenersOnly() {
    user.set("alice");
    owners.claimConnection("c1");
    assertDoesNotThrow(() -> owners.checkConnection("c1"));
    user.set("bob");
    assertEquals(ConnectionOwners.NOT_OWNER_STATE,
        assertThrows(AvaticaRuntimeException.class, () -> owners.checkConnection("c1")).getSqlState());
    assertEquals(ConnectionOwners.NOT_OWNER_STATE,
        assertThrows(AvaticaRuntimeException.class, () -> owners.claimConnection("c1")).getSqlState());
    user.set("alice");
    assertEquals("08002", assertThrows(AvaticaRuntimeException.class, () -> owners.claimConnection("c1")).getSqlState());
    owners.releaseConnection("c1");
    user.set("bob");
    assertDoesNotThrow(() -> owners.claimConnection("c1"), "a released id may be opened again");
  }

  @Test
  void aStatementBelongsToTheConnectionItWasCreatedOn() {
    user.set("alice");
    owners.claimConnection("c1");
    owners.claimConnection("c2");
    owners.addStatement(7, "c1");
    assertDoesNotThrow(() -> owners.checkStatement(new StatementHandle("c1", 7, null)));
    assertEquals(ConnectionOwners.NOT_OWNER_STATE, assertThrows(AvaticaRuntimeException.class,
        () -> owners.checkStatement(new StatementHandle("c2", 7, null))).getSqlState());
    assertEquals(List.of(7), owners.releaseConnection("c1"), "closing a connection returns its statements");
    assertEquals(ConnectionOwners.NOT_OWNER_STATE, assertThrows(AvaticaRuntimeException.class,
        () -> owners.checkStatement(new StatementHandle("c2", 7, null))).getSqlState(),
        "a forgotten statement is refused, not let through");
  }

  @Test
  void anUnknownStatementIsRefusedButOneThatExpiredOnTheUsersConnectionIsAvaticasToReport() {
    user.set("alice");
    owners.claimConnection("c1");
    owners.addStatement(8, "c1");
    assertEquals(ConnectionOwners.NOT_OWNER_STATE, assertThrows(AvaticaRuntimeException.class,
        () -> owners.checkStatement(new StatementHandle("c1", 9, null))).getSqlState());
    List<String> gone = new ArrayList<>();
    owners.prune(c -> true, s -> s != 8, (c, s) -> { }, (s, c) -> gone.add(s + "@" + c));
    assertEquals(List.of("8@c1"), gone);
    assertDoesNotThrow(() -> owners.checkStatement(new StatementHandle("c1", 8, null)),
        "Avatica answers that it is missing and the thin driver creates a new one");
    user.set("bob");
    owners.claimConnection("c2");
    assertThrows(AvaticaRuntimeException.class, () -> owners.checkStatement(new StatementHandle("c2", 8, null)));
  }

  @Test
  void pruningDropsExpiredConnectionsWithTheirStatements() {
    user.set("alice");
    owners.claimConnection("c1");
    owners.addStatement(1, "c1");
    owners.addStatement(2, "c1");
    List<String> gone = new ArrayList<>();
    owners.prune(c -> false, s -> true, (c, s) -> gone.add(c + s), (s, c) -> { });
    assertEquals(List.of("c1[1, 2]"), gone);
    assertEquals(0, owners.connectionCount());
    assertEquals(0, owners.statementCount());
  }

  @Test
  void withoutAuthenticationEveryRequestIsTheSameUser() {
    owners.claimConnection("c1");
    assertEquals("", owners.user());
    assertDoesNotThrow(() -> owners.checkConnection("c1"));
  }
}
