package org.stripesql.adapter.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The rate budgets of one Stripe account, shared by every connection, statement and thread of the
 * process: the account-wide limit, one per endpoint, and Search's. A request takes a token from its
 * endpoint's (or Search's) budget and the account's; a 429 slows its endpoint, and the account too when
 * the account is busy. How many requests to keep in flight follows from the rates and the latency.
 */
public final class AccountBudget {
  private static final ConcurrentMap<String, AccountBudget> ACCOUNTS = new ConcurrentHashMap<>();
  /** The latency assumed before a first answer. */
  private static final double DEFAULT_LATENCY_SECONDS = 0.3;
  /** Requests in flight beyond rate x latency, for jitter in latency. */
  private static final double HEADROOM = 1.25;

  private final AdaptiveRate account;
  private final AdaptiveRate search;
  private final ConcurrentMap<String, AdaptiveRate> endpoints = new ConcurrentHashMap<>();
  private volatile double endpointRate;

  private AccountBudget(double accountRate, double endpointRate, double searchRate) {
    this.account = new AdaptiveRate(accountRate);
    this.search = new AdaptiveRate(searchRate);
    this.endpointRate = endpointRate;
  }

  /**
   * The budgets of one account (API base, a hash of the credential, the connected account), created or
   * given the latest configured limits.
   */
  public static AccountBudget of(String apiBase, String credential, String accountId, double accountRate,
      double endpointRate, double searchRate) {
    AccountBudget b = ACCOUNTS.computeIfAbsent(key(apiBase, credential, accountId),
        k -> new AccountBudget(accountRate, endpointRate, searchRate));
    b.configure(accountRate, endpointRate, searchRate);
    return b;
  }

  private void configure(double accountRate, double perEndpoint, double searchRate) {
    account.setCeiling(accountRate);
    search.setCeiling(searchRate);
    if (perEndpoint != endpointRate) {
      endpointRate = perEndpoint;
      endpoints.values().forEach(e -> e.setCeiling(perEndpoint));
    }
  }

  /** {@code apiBase|sha256(credential)|accountId}: no credential in it. */
  static String key(String apiBase, String credential, String accountId) {
    return apiBase + "|" + sha256(credential) + "|" + (accountId == null ? "" : accountId);
  }

  private static String sha256(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(String.valueOf(s).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The account-wide budget. */
  public AdaptiveRate account() {
    return account;
  }

  /** The budget of requests to {@code endpoint} (a path template such as {@code /v1/invoices/{invoice}/lines}). */
  public AdaptiveRate endpoint(String endpoint, boolean searchRequest) {
    return searchRequest ? search : endpoints.computeIfAbsent(endpoint, e -> new AdaptiveRate(endpointRate));
  }

  /**
   * How many requests to {@code endpoint} to keep in flight so that they arrive at the rate the budgets
   * allow: rate x observed latency, with headroom, between 1 and {@code max}.
   */
  public int concurrency(String endpoint, boolean searchRequest, int max) {
    AdaptiveRate e = endpoint(endpoint, searchRequest);
    double rate = Math.min(e.rate(), account.rate());
    double latency = e.latencySeconds() > 0 ? e.latencySeconds()
        : account.latencySeconds() > 0 ? account.latencySeconds() : DEFAULT_LATENCY_SECONDS;
    long n = (long) Math.ceil(rate * latency * HEADROOM) + 1;
    return (int) Math.max(1, Math.min(max, n));
  }

  /** Stripe answered a request to {@code endpoint}. */
  void answered(String endpoint, boolean searchRequest, long nanos) {
    endpoint(endpoint, searchRequest).answered(nanos);
    account.answered(nanos);
  }

  /** Stripe said slow down to a request to {@code endpoint}. */
  void throttled(String endpoint, boolean searchRequest) {
    endpoint(endpoint, searchRequest).throttled();
    if (account.recentRate() >= account.rate() / 2) {
      account.throttled();
    }
  }
}
