package org.stripesql.mirror.sync;

import org.stripesql.adapter.client.StripeApiException;

/**
 * A failed Stripe read of the mirror, classified: the key refused (401), the key lacking a permission
 * (403), or Stripe unreachable or failing (anything else), with a reason for {@code mirror_status}.
 */
public record StripeFailure(int httpStatus, String message) {
  /** The Stripe error in {@code t}'s causes, or null when it is none. */
  public static StripeFailure of(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StripeApiException e) {
        return new StripeFailure(e.httpStatus(), e.getMessage());
      }
    }
    return null;
  }

  /** Stripe refused the key itself (revoked, rolled, never valid). */
  public boolean keyRefused() {
    return httpStatus == 401;
  }

  /** The key may not read this (a restricted key without the permission). */
  public boolean notPermitted() {
    return httpStatus == 403;
  }

  /** What it means, for a table's reason. */
  public String reason() {
    if (keyRefused()) {
      return "Stripe refused the key (HTTP 401): " + message;
    }
    if (notPermitted()) {
      return "the key may not read it (HTTP 403): " + message;
    }
    return httpStatus == 0 ? "Stripe is unreachable: " + message : "Stripe failed (HTTP " + httpStatus + "): " + message;
  }
}
