package org.stripesql.emulator;

/** How a key, token or code appears in an error message: never whole. */
final class Secrets {
  private Secrets() {}

  /** Stripe shows a key's prefix and last four characters only; a short key shows nothing of itself. */
  static String redact(String key) {
    if (key.length() <= 8) {
      return "****";
    }
    String last4 = key.substring(key.length() - 4);
    int us = key.indexOf('_', key.indexOf('_') + 1);
    String head = us > 0 && us + 1 < key.length() - 4 ? key.substring(0, us + 1) : "";
    return head + "****" + last4;
  }
}
