package org.stripesql.adapter.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * The rate budgets of one Stripe account at one set of configured limits, shared by every connection,
 * statement and thread of the process configured so: the account-wide limit, one per endpoint, and
 * Search's. A request takes a token from its endpoint's (or Search's) budget and the account's; a 429
 * slows the limit it names. Requests in flight follow from the rates and the latency.
 */
public final class AccountBudget {
  private static final ConcurrentMap<String, AccountBudget> ACCOUNTS = new ConcurrentHashMap<>();
  /** The latency assumed before a first answer. */
  private static final double DEFAULT_LATENCY_SECONDS = 0.3;
  /** Requests in flight beyond rate x latency, for jitter in latency. */
  private static final double HEADROOM = 1.25;
  /** {@code Stripe-Rate-Limited-Reason} of a 429 from the per-endpoint rate limiter. */
  static final String ENDPOINT_RATE = "endpoint-rate";
  /** {@code Stripe-Rate-Limited-Reason} of a 429 from the account-wide rate limiter. */
  static final String GLOBAL_RATE = "global-rate";

  private final LongSupplier clock;
  private final AdaptiveRate account;
  private final AdaptiveRate search;
  private final ConcurrentMap<String, AdaptiveRate> endpoints = new ConcurrentHashMap<>();
  private final double endpointRate;

  AccountBudget(double accountRate, double endpointRate, double searchRate, LongSupplier clock) {
    this.clock = clock;
    this.account = new AdaptiveRate(accountRate, clock);
    this.search = new AdaptiveRate(searchRate, clock);
    if (!(endpointRate > 0)) {
      throw new IllegalArgumentException("rate must be positive");
    }
    this.endpointRate = endpointRate;
  }

  /**
   * The budgets of one account (API base, a hash of the credential, the connected account) at these
   * limits: schemas of one account configured alike share them; one configured otherwise has its own,
   * so its limits bound its own requests and no one else's.
   */
  public static AccountBudget of(String apiBase, String credential, String accountId, double accountRate,
      double endpointRate, double searchRate) {
    String k = key(apiBase, credential, accountId) + String.format(Locale.ROOT, "|%s/%s/%s", accountRate,
        endpointRate, searchRate);
    return ACCOUNTS.computeIfAbsent(k, x -> new AccountBudget(accountRate, endpointRate, searchRate, System::nanoTime));
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
    return searchRequest ? search : endpoints.computeIfAbsent(endpoint, e -> new AdaptiveRate(endpointRate, clock));
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

  /** Stripe answered a request to {@code endpoint} (anything but a signal to slow down). */
  void answered(String endpoint, boolean searchRequest, long nanos) {
    endpoint(endpoint, searchRequest).answered(nanos);
    account.answered(nanos);
  }

  /**
   * Stripe said slow down to a request to {@code endpoint} sent at {@code sentAt} (its
   * {@link System#nanoTime()}): a 429 whose {@code Stripe-Rate-Limited-Reason} ({@code reason}, null when
   * absent) names the endpoint's or the account's rate limiter cuts that budget to the rate Stripe
   * accepted; any other 429 or {@code Stripe-Should-Retry: true} slows the endpoint, and the account
   * too when the account is busy.
   */
  void throttled(String endpoint, boolean searchRequest, long sentAt, String reason) {
    AdaptiveRate e = endpoint(endpoint, searchRequest);
    String why = reason == null ? "" : reason.trim().toLowerCase(Locale.ROOT);
    if (why.equals(ENDPOINT_RATE)) {
      e.rateLimited(sentAt);
      account.refused(sentAt);
    } else if (why.equals(GLOBAL_RATE)) {
      e.refused(sentAt);
      account.rateLimited(sentAt);
    } else {
      e.slowDown(sentAt);
      if (account.recentRate() >= account.rate() / 2) {
        account.slowDown(sentAt);
      } else {
        account.refused(sentAt);
      }
    }
  }
}
