package org.stripesql.adapter.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    // a connected account the key may not act for: no permission a restricted key could be granted
    boolean accountRefused = status == 403 && "account_invalid".equals(code);
    StringBuilder msg = new StringBuilder();
    String sqlState;
    switch (status) {
      case 401:
        msg.append("Stripe rejected the API key (HTTP 401)");
        sqlState = "28000";
        break;
      case 403:
        if (accountRefused) {
          msg.append("Stripe refused access to the account (").append(where).append(", HTTP 403)");
          sqlState = "42501";
          break;
        }
        msg.append("Stripe refused access to the resource '").append(resource(where)).append("' (").append(where)
            .append(", HTTP 403): the key lacks a permission for it");
        String permission = permission(stripeMessage);
        if (permission != null) {
          msg.append(" (it needs ").append(permission).append(')');
        }
        sqlState = "42501";   // insufficient_privilege: the key is valid, this resource is not granted
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
    if (status == 403 && !accountRefused) {
      msg.append(". Grant the restricted key read access to ").append(resource(where))
          .append(" in the Stripe dashboard, or leave that table out of the query");
    }
    if (status == 429) {
      msg.append(". Lower the RateLimit operand, or raise MaxRetries");
    }
    if (status == 401) {
      msg.append(". Check the OAuthAccessToken operand: it must be a valid secret (sk_...) or restricted"
          + " (rk_...) key, or a current OAuth access token");
    }
    return new StripeApiException(msg.toString(), status, type, code, param, requestId, sqlState, null);
  }

  /** "charges" for "GET /v1/charges/ch_1", "customers/search" for a search. */
  static String resource(String where) {
    String path = where.substring(where.indexOf(' ') + 1);
    String[] segs = path.split("/");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < segs.length; i++) {
      String s = segs[i];
      if (s.isEmpty() || (i <= 1 && s.matches("v[0-9]+"))) {
        continue;
      }
      if (s.matches(".*[0-9A-Z].*")) {
        continue;   // an object id (cus_Nf0..., ch_3Mm...); resource names are lower case
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(s);
    }
    return out.length() == 0 ? path : out.toString();
  }

  /** The permission Stripe names in a restricted key's 403 ("... the 'rak_charge_read' permission ..."). */
  private static String permission(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = Pattern.compile("'(rak_[a-z_]+)'").matcher(message);
    return m.find() ? "the permission " + m.group(1) : null;
  }

  private static String text(JsonNode node, String field) {
    if (node == null || !node.hasNonNull(field)) {
      return null;
    }
    return node.get(field).asText();
  }
}
