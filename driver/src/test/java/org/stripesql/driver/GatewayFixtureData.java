package org.stripesql.driver;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the emulator's objects the way the adapter's columns see them. */
final class GatewayFixtureData {
  private GatewayFixtureData() {}

  /** A reference column's value: the id, whether Stripe sent the id or the expanded object. */
  static String ref(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    return n.isObject() ? n.path("id").asText(null) : n.asText();
  }
}
