package org.stripesql.adapter.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The process's rate limiters, one per Stripe account and kind of request: every connection and thread
 * of the gateway that reads the same account shares one bucket, so a busy gateway queues instead of
 * collecting 429s. The key is the API base, a SHA-256 of the credential (never the credential) and the
 * connected account. When a schema is configured again with another rate, the latest rate applies.
 */
public final class RateLimiters {
  private static final ConcurrentMap<String, RateLimiter> LIMITERS = new ConcurrentHashMap<>();

  private RateLimiters() {}

  /** The limiter of {@code kind} ("api" or "search") for one account, created or re-rated to {@code rate}. */
  public static RateLimiter forAccount(String apiBase, String credential, String accountId, String kind, double rate) {
    String key = key(apiBase, credential, accountId, kind);
    RateLimiter limiter = LIMITERS.computeIfAbsent(key, k -> new RateLimiter(rate));
    if (limiter.rate() != rate) {
      limiter.setRate(rate);
    }
    return limiter;
  }

  /** {@code apiBase|sha256(credential)|accountId|kind}: no credential in it. */
  static String key(String apiBase, String credential, String accountId, String kind) {
    return apiBase + "|" + sha256(credential) + "|" + (accountId == null ? "" : accountId) + "|" + kind;
  }

  private static String sha256(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
