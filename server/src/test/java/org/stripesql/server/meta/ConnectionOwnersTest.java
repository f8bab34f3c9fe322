package org.stripesql.server.meta;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.junit.jupiter.api.Test;

/** The ownership rules, without a server: the gateway tests check them over HTTP. */
class ConnectionOwnersTest {
  final AtomicReference<String> user = new AtomicReference<>();
  final ConnectionOwners owners = new ConnectionOwners(user::get);

  @Test
  void eachUsersConnectionIdsAreTheirOwn() {
    user.set("alice");
    String alices = owners.scope("c1");
    owners.claimConnection(alices);
    assertDoesNotThrow(() -> owners.checkConnection(alices));
    user.set("bob");
    String bobs = owners.scope("c1");
    assertNotEquals(alices, bobs, "the same id names another connection for another user");
    assertDoesNotThrow(() -> owners.claimConnection(bobs));
    assertEquals(ConnectionOwners.NOT_OWNER_STATE,
        assertThrows(AvaticaRuntimeException.class, () -> owners.checkConnection(alices)).getSqlState());
    user.set("alice");
    assertEquals("08002", assertThrows(AvaticaRuntimeException.class, () -> owners.claimConnection(alices)).getSqlState());
    owners.releaseConnection(alices);
    assertDoesNotThrow(() -> owners.claimConnection(alices), "a released id may be opened again");
  }

  @Test
  void aStatementBelongsToTheConnectionItWasCreatedOn() {
    user.set("alice");
    owners.claimConnection("c1");
    owners.claimConnection("c2");
    owners.addStatement(7, "c1");
    assertTrue(owners.owns(7, "c1"));
    assertFalse(owners.owns(7, "c2"));
    assertEquals(List.of(7), owners.releaseConnection("c1"), "closing a connection returns its statements");
    assertFalse(owners.owns(7, "c2"), "a forgotten statement is unknown, not let through");
  }

  @Test
  void anUnknownStatementIsRefusedButOneThatExpiredOnTheUsersConnectionIsAvaticasToReport() {
    user.set("alice");
    owners.claimConnection("c1");
    owners.addStatement(8, "c1");
    assertFalse(owners.owns(9, "c1"));
    List<String> gone = new ArrayList<>();
    owners.prune(c -> true, s -> s != 8, (c, s) -> { }, (s, c) -> gone.add(s + "@" + c));
    assertEquals(List.of("8@c1"), gone);
    assertTrue(owners.owns(8, "c1"), "Avatica answers that it is missing and the thin driver creates a new one");
    user.set("bob");
    owners.claimConnection("c2");
    assertFalse(owners.owns(8, "c2"));
    assertFalse(owners.owns(8, "c1"), "not even on alice's connection");
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
