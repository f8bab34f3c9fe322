package org.stripesql.server.meta;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    owners.releaseConnection("c1");
    assertDoesNotThrow(() -> owners.checkStatement(new StatementHandle("c2", 7, null)),
        "closing a connection forgets its statements");
  }

  @Test
  void withoutAuthenticationEveryRequestIsTheSameUser() {
    owners.claimConnection("c1");
    assertEquals("", owners.user());
    assertDoesNotThrow(() -> owners.checkConnection("c1"));
  }
}
