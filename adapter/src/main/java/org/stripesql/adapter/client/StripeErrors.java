package org.stripesql.adapter.client;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns a Stripe error response into an exception that says what Stripe said and what to do. */
final class StripeErrors {
  private StripeErrors() {}

  static StripeApiException fromResponse(int status, JsonNode body, String requestId, String where,
      String token) {
    JsonNode err = body == null ? null : body.path("error");
    String type = text(err, "type");
    String code = text(err, "code");
    String param = text(err, "param");
    String stripeMessage = Redactor.redact(text(err, "message"), token);
    StringBuilder msg = new StringBuilder();
    String sqlState;
    switch (status) {
      case 401:
        msg.append("Stripe rejected the API key (HTTP 401)");
        sqlState = "28000";
        break;
      case 403:
        msg.append("Stripe refused access to ").append(where)
            .append(" (HTTP 403): the key lacks a permission for this resource");
        sqlState = "28000";
        break;
      case 404:
        msg.append("Stripe has no such object (HTTP 404) for ").append(where);
        sqlState = "HY000";
        break;
      case 429:
        msg.append("Stripe rate limit reached (HTTP 429) for ").append(where);
        sqlState = "HY000";
        break;
      default:
        msg.append("Stripe returned HTTP ").append(status).append(" for ").append(where);
        sqlState = status >= 500 ? "08006" : "HY000";
    }
    if (stripeMessage != null) {
      msg.append(": ").append(stripeMessage);
    }
    if (type != null) {
      msg.append(" [type=").append(type);
      if (code != null) {
        msg.append(", code=").append(code);
      }
      if (param != null) {
        msg.append(", param=").append(param);
      }
      msg.append(']');
    }
    if (requestId != null) {
      msg.append(" (Request-Id ").append(requestId).append(')');
    }
    if (status == 401) {
      msg.append(". Check the OAuthAccessToken operand: it must be a valid secret (sk_...) or restricted"
          + " (rk_...) key, or a current OAuth access token");
    }
    return new StripeApiException(msg.toString(), status, type, code, param, requestId, sqlState, null);
  }

  private static String text(JsonNode node, String field) {
    if (node == null || !node.hasNonNull(field)) {
      return null;
    }
    return node.get(field).asText();
  }
}
