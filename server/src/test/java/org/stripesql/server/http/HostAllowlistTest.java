package org.stripesql.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Host headers pass: the gateway's own names and addresses, never another name. */
class HostAllowlistTest {
  @Test
  void loopbackNamesAndAddressesAlwaysPass() {
    HostAllowlist h = new HostAllowlist("127.0.0.1", List.of());
    for (String ok : List.of("localhost", "LOCALHOST:8765", "localhost.", "127.0.0.1:8765", "127.1.2.3", "[::1]:8765",
        "[::1]")) {
      assertTrue(h.allows(ok), ok);
    }
    for (String bad : List.of("attacker.example", "attacker.example:8765", "localhost.attacker.example",
        "127.0.0.1.attacker.example", "", "10.0.0.5:8765")) {
      assertFalse(h.allows(bad), bad);
    }
    assertFalse(h.allows(null));
  }

  @Test
  void theBoundNameAndTheAllowlistPass() {
    HostAllowlist h = new HostAllowlist("gateway.internal", List.of("SQL.example.com", "10.1.2.3"));
    assertTrue(h.allows("gateway.internal:8765"));
    assertTrue(h.allows("sql.example.com"));
    assertTrue(h.allows("10.1.2.3:443"));
    assertFalse(h.allows("other.example.com"));
    assertTrue(new HostAllowlist("127.0.0.1", List.of("*")).allows("anything.example"), "* turns the check off");
  }

  @Test
  void aWildcardBindAcceptsTheMachinesOwnAddresses() throws Exception {
    HostAllowlist h = new HostAllowlist("0.0.0.0", List.of());
    String own = InetAddress.getLocalHost().getHostAddress();
    assertTrue(h.allows(own + ":8765") || InetAddress.getLocalHost().isLoopbackAddress(), own);
    assertFalse(h.allows("attacker.example"));
    assertFalse(h.allows("0.0.0.0.attacker.example"));
  }
}
