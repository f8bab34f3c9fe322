package org.stripesql.adapter.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stripesql.adapter.client.ClientSettings;
import org.stripesql.adapter.client.Credentials;
import org.stripesql.adapter.client.StripeApiException;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.config.StripeSchemaConfig;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.emulator.StripeEmulator;

/** A Stripe 400 naming a parameter names the SQL column behind it; Stripe's words stay in the message. */
class StripeErrorColumnTest {
  @Test
  void rejectedParamIsMappedToItsColumn() throws Exception {
    try (StripeEmulator emu = StripeEmulator.builder().build().start()) {
      StripeSchemaConfig config = StripeSchemaConfig.parse("stripe",
          Map.of("OAuthAccessToken", "sk_test_column_0000", "apiBase", emu.baseUrl()), name -> null);
      StripeClient client = new StripeClient(ClientSettings.of(config), Credentials.ofKey(config.accessToken()));
      ApiTable charges = Catalog.bundled().table("charges").orElseThrow();
      PagingIterator pages = new PagingIterator(client, "/v1/charges", Map.of("created[gte]", List.of("yesterday")), 10,
          ScanBudget.unlimited(), charges);
      StripeApiException e = assertThrows(StripeApiException.class, pages::hasNext);
      assertEquals(400, e.httpStatus());
      assertEquals("created[gte]", e.param());
      assertTrue(e.getMessage().contains("param=created[gte]"), e.getMessage());
      assertTrue(e.getMessage().contains("is column created of table charges"), e.getMessage());
      assertTrue(e.getMessage().contains("Request-Id req_"), e.getMessage());
      assertEquals(1, emu.requestLog().size(), "a 400 is not retried");
    }
  }
}
