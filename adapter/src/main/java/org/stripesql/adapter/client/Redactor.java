package org.stripesql.adapter.client;

import java.util.regex.Pattern;

/**
 * Removes credentials from text that may reach a log, an exception message or EXPLAIN output: Stripe
 * keys ({@code sk_}, {@code rk_}, {@code pk_}), OAuth tokens and authorization codes, even when
 * Stripe masks them partly ({@code sk_test_****abcd}).
 */
public final class Redactor {
  private static final Pattern STRIPE_SECRET = Pattern.compile(
      "\\b(sk|rk|pk|rt|ac)_[A-Za-z0-9_*]{4,}");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"']+");

  private Redactor() {}

  /** The text with every credential-like token replaced by {@code [REDACTED]}; null stays null. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = STRIPE_SECRET.matcher(text).replaceAll("[REDACTED]");
    return BEARER.matcher(out).replaceAll("$1[REDACTED]");
  }

  /** The text with one known secret removed as well as every credential-like token. */
  public static String redact(String text, String secret) {
    String out = text;
    if (out != null && secret != null && secret.length() >= 4) {
      out = out.replace(secret, "[REDACTED]");
    }
    return redact(out);
  }
}
