package org.stripesql.adapter.client;

import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes GET requests to the Stripe API (and a report run's POST and file download) and turns answers into
 * JSON or a {@link StripeApiException}, repeating idempotent requests per its {@link RetryPolicy} after the
 * account's {@link AccountBudget} lets them go. One instance per schema; all share the process's okhttp connection pool. Retries and
 * cancellation: docs/design.md.
 */
public final class StripeClient {
  private static final Logger LOG = LoggerFactory.getLogger(StripeClient.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String USER_AGENT = "stripe-sql/0.1";
  private static final long POLL_MILLIS = 50;
  /** How often a request waiting for a token reserves again after cuts. */
  private static final int MAX_RESERVATIONS = 4;

  private final HttpUrl apiBase;
  private final Credentials credentials;
  private final String stripeVersion;
  private final String accountId;
  private final OkHttpClient http;
  private final ClientSettings settings;
  private final AccountBudget budget;
  /**
   * For a client of a connected account made by a platform's client: the platform's account-wide budget,
   * which every connected account's requests take a token from too; null otherwise.
   */
  private final AdaptiveRate platformRate;

  public StripeClient(ClientSettings settings, Credentials credentials) {
    this(settings, credentials, null);
  }

  private StripeClient(ClientSettings settings, Credentials credentials, AdaptiveRate platformRate) {
    this.platformRate = platformRate;
    this.settings = Objects.requireNonNull(settings, "settings");
    HttpUrl base = HttpUrl.parse(settings.apiBase());
    if (base == null) {
      throw new IllegalArgumentException("apiBase '" + settings.apiBase() + "' is not an http(s) URL");
    }
    this.apiBase = base;
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.stripeVersion = settings.stripeVersion();
    this.accountId = settings.accountId();
    String key = credentials.rateLimitKey();
    OkHttpClient shared = HttpClients.shared();
    long timeoutMs = this.settings.retry().timeout().toMillis();
    this.http = shared.readTimeoutMillis() >= timeoutMs ? shared
        : shared.newBuilder().readTimeout(this.settings.retry().timeout()).build();
    this.budget = AccountBudget.of(base.toString(), key, accountId, this.settings.rateLimit(),
        this.settings.endpointRateLimit(), this.settings.searchRateLimit());
  }

  /**
   * A client of the platform's connected account {@code accountId} (sent as {@code Stripe-Account}), with
   * this client's key, at most {@code maxConcurrency} requests of a statement in flight: its requests take
   * tokens from the account's own budgets and from this (the platform's) account-wide budget, so a fan-out
   * over many accounts stays within the platform's rate.
   */
  public StripeClient forConnectedAccount(String accountId, int maxConcurrency) {
    return new StripeClient(connectedSettings(accountId, maxConcurrency), credentials, budget.account());
  }

  /**
   * A client of a connected account read with its own OAuth token ({@code accountCredentials}, no
   * {@code Stripe-Account} header), within this (the platform's) account-wide budget as above.
   */
  public StripeClient forOAuthAccount(Credentials accountCredentials, int maxConcurrency) {
    return new StripeClient(connectedSettings(null, maxConcurrency), accountCredentials, budget.account());
  }

  private ClientSettings connectedSettings(String accountId, int maxConcurrency) {
    return new ClientSettings(settings.apiBase(), settings.stripeVersion(), accountId, settings.retry(),
        settings.rateLimit(), settings.endpointRateLimit(), settings.searchRateLimit(),
        Math.max(1, Math.min(maxConcurrency, settings.maxConcurrency())));
  }

  /** The connected account this client sends as {@code Stripe-Account}, or null. */
  public String accountId() {
    return accountId;
  }

  /** The rate budgets of this client's account, shared with every client of the same account. */
  public AccountBudget budget() {
    return budget;
  }

  /**
   * How many requests to {@code endpoint} (a path template) one statement should keep in flight: what the
   * account's budgets allow at the observed latency, at most MaxConcurrency.
   */
  public int concurrency(String endpoint) {
    return budget.concurrency(endpoint, isSearch(endpoint), settings.maxConcurrency());
  }

  private static boolean isSearch(String path) {
    return path.endsWith("/search");
  }

  /** Identifies the account this client reads (API base, a digest of the credential, connected account): no secret. */
  public String accountKey() {
    return AccountBudget.key(apiBase.toString(), credentials.rateLimitKey(), accountId) + "|account";
  }

  /** The API base URL, for messages. */
  public String apiBase() {
    return apiBase.toString();
  }

  public ClientSettings settings() {
    return settings;
  }

  /** {@link #get(String, Map, RequestGuard)} without a statement's limits. */
  public JsonNode get(String path, Map<String, List<String>> query) {
    return get(path, query, RequestGuard.NONE);
  }

  /** {@link #get(String, String, Map, RequestGuard)} of an endpoint without ids in its path. */
  public JsonNode get(String path, Map<String, List<String>> query, RequestGuard guard) {
    return get(path, path, query, guard);
  }

  /**
   * GETs {@code path} (already containing any path ids, each URL-safe) with query parameters, each
   * value URL-encoded here, retrying as the class describes within what {@code guard} allows;
   * {@code endpoint} is the path's template ({@code /v1/charges/{charge}}), whose rate budget it uses.
   */
  public JsonNode get(String endpoint, String path, Map<String, List<String>> query, RequestGuard guard) {
    return get(endpoint, path, query, guard, null);
  }

  /**
   * The same for a list call whose objects are read only in their top-level {@code fields} (null: all):
   * the answer's objects hold those (and their id, object, created, deleted), nothing else.
   */
  public JsonNode get(String endpoint, String path, Map<String, List<String>> query, RequestGuard guard,
      Set<String> fields) {
    TokenFilter filter = fields == null ? null : new ListedFields(fields);
    return send(endpoint, url(apiBase, path, query), null, null, guard, filter, false).json;
  }

  /**
   * POSTs a form to {@code path} (a create, the only write the gateway makes: a report run) with
   * {@code idempotencyKey}, retried as a GET is: Stripe answers a repeated key with the first answer, so a
   * retry never creates a second object.
   */
  public JsonNode post(String endpoint, String path, Map<String, List<String>> form, String idempotencyKey,
      RequestGuard guard) {
    FormBody.Builder body = new FormBody.Builder();
    form.forEach((k, vs) -> vs.forEach(v -> body.add(k, v)));
    return send(endpoint, url(apiBase, path, Map.of()), body.build(), Objects.requireNonNull(idempotencyKey), guard,
        null, false).json;
  }

  /**
   * Opens {@code path} on Stripe's files host ({@code filesBase}, {@code https://files.stripe.com}) with this
   * client's key, for the caller to read as it arrives and close; retried until an answer starts. A statement
   * stopped meanwhile breaks the stream off (reads then fail).
   */
  public InputStream download(String filesBase, String endpoint, String path, RequestGuard guard) {
    HttpUrl base = HttpUrl.parse(filesBase);
    if (base == null) {
      throw new IllegalArgumentException("filesBase '" + filesBase + "' is not an http(s) URL");
    }
    return send(endpoint, url(base, path, Map.of()), null, null, guard, null, true).stream;
  }

  private static HttpUrl url(HttpUrl base, String path, Map<String, List<String>> query) {
    HttpUrl.Builder url = base.newBuilder();
    for (String seg : path.split("/")) {
      if (!seg.isEmpty()) {
        url.addPathSegment(seg);
      }
    }
    query.forEach((k, vs) -> vs.forEach(v -> url.addQueryParameter(k, v)));
    return url.build();
  }

  /**
   * One request with its retries: a GET ({@code body} null) or a POST with an idempotency key; the JSON
   * answer, or with {@code stream} the open body of a successful answer.
   */
  private Attempt send(String endpoint, HttpUrl target, RequestBody body, String idempotencyKey, RequestGuard guard,
      TokenFilter filter, boolean stream) {
    boolean search = isSearch(target.encodedPath());
    String where = (body == null ? "GET " : "POST ") + target.encodedPath();
    RetryPolicy policy = settings.retry();
    boolean refreshed = false;
    int retries = 0;
    while (true) {
      guard.check();
      acquire(budget.endpoint(endpoint, search), guard);
      acquire(budget.account(), guard);
      if (platformRate != null) {
        acquire(platformRate, guard);
      }
      String token = credentials.bearerToken();
      long started = System.nanoTime();
      Request.Builder req = new Request.Builder().url(target);
      if (body == null) {
        req.get();
      } else {
        req.post(body).header("Idempotency-Key", idempotencyKey);
      }
      Attempt a = attempt(req, token, where, guard, filter, stream, target);
      long took = System.nanoTime() - started;
      StripeRequestListener.Registry.attempt(a.error == null ? 200 : a.error.httpStatus(), took, search);
      if (a.error == null) {
        budget.answered(endpoint, search, took);
        return a;
      }
      guard.check();   // a call cancelled because the statement stopped is not retried
      StripeApiException e = a.error;
      if (a.slowDown) {
        budget.throttled(endpoint, search, started, a.limitedReason);
      } else if (e.httpStatus() > 0) {
        budget.answered(endpoint, search, took);
      }
      if (e.httpStatus() == 401 && !refreshed && credentials.refreshAfterRejection(token)) {
        refreshed = true;
        continue;   // a new token: one more try, not counted as a retry
      }
      if (!a.retryable) {
        throw retries == 0 ? e : e.withSuffix(" (after " + retries + (retries == 1 ? " retry" : " retries") + ")");
      }
      if (retries >= policy.maxRetries()) {
        throw e.withSuffix(" (gave up after " + retries + (retries == 1 ? " retry" : " retries")
            + "; the MaxRetries operand allows " + policy.maxRetries() + ")");
      }
      retries++;
      StripeRequestListener.Registry.retry();
      long waitMs = policy.delayMillis(retries, a.retryAfter);
      LOG.warn("Stripe {} on {} (Request-Id {}): retry {} of {} in {} ms", a.outcome, where,
          e.requestId() == null ? "none" : e.requestId(), retries, policy.maxRetries(), waitMs);
      pause(TimeUnit.MILLISECONDS.toNanos(waitMs), guard);
    }
  }

  /** Waits for a token; again when the rate was cut meanwhile, so a cut slows requests already waiting. */
  private static void acquire(AdaptiveRate limiter, RequestGuard guard) {
    for (int tries = 0; tries < MAX_RESERVATIONS; tries++) {
      long cuts = limiter.throttles();
      long wait = limiter.reserve();
      if (wait > 0) {
        StripeRequestListener.Registry.waited(wait);
        pause(wait, guard);
      }
      if (wait == 0 || limiter.throttles() == cuts) {
        return;
      }
    }
  }

  /** Sleeps {@code nanos}, checking the guard every few milliseconds and at the end. */
  private static void pause(long nanos, RequestGuard guard) {
    RequestGuard.pause(nanos, guard);
  }

  /**
   * One attempt's result: JSON (or an open body, for a download), or an error, whether repeating may help,
   * whether Stripe said to slow down (a 429, or {@code Stripe-Should-Retry: true}), and which rate limiter did
   * ({@code Stripe-Rate-Limited-Reason}, or null).
   */
  private record Attempt(JsonNode json, InputStream stream, StripeApiException error, boolean retryable,
      String retryAfter, String outcome, boolean slowDown, String limitedReason) {
    Attempt(JsonNode json, StripeApiException error, boolean retryable, String retryAfter, String outcome) {
      this(json, null, error, retryable, retryAfter, outcome, false, null);
    }

    static Attempt ok(JsonNode json) {
      return new Attempt(json, null, false, null, "200");
    }

    static Attempt streaming(InputStream body) {
      return new Attempt(null, body, null, false, null, "200", false, null);
    }
  }

  private Attempt attempt(Request.Builder req, String token, String where, RequestGuard guard, TokenFilter filter,
      boolean stream, HttpUrl target) {
    req.header("Authorization", "Bearer " + token)
        .header("User-Agent", USER_AGENT)
        .header("Accept", stream ? "*/*" : "application/json");
    if (stripeVersion != null) {
      req.header("Stripe-Version", stripeVersion);
    }
    if (accountId != null) {
      req.header("Stripe-Account", accountId);
    }
    Call call = http.newCall(req.build());
    long timeoutNanos = settings.retry().timeout().toNanos();
    call.timeout().timeout(Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(timeoutNanos, guard.remainingNanos())),
        TimeUnit.NANOSECONDS);
    if (stream) {
      call.timeout().clearTimeout();   // a file streams as long as it reads; each read has the read timeout
    }
    CompletableFuture<Response> pending = new CompletableFuture<>();
    Runnable unregister = guard.onStop(() -> abandon(call, pending));
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        pending.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call c, Response r) {
        if (!pending.complete(r)) {
          r.close();
        }
      }
    });
    Response resp;
    try {
      resp = await(pending, call, guard);
    } catch (IOException e) {
      unregister.run();
      return failure(e, where, timeoutNanos, target);
    } catch (RuntimeException e) {
      unregister.run();
      throw e;
    }
    if (stream && resp.isSuccessful()) {
      return Attempt.streaming(new ResponseStream(resp, unregister));   // unregistered when the caller closes it
    }
    unregister.run();
    try (Response r = resp) {
      String requestId = r.header("Request-Id");
      ResponseBody body = r.body();
      JsonNode json;
      try (InputStream in = body.byteStream()) {
        json = filter == null || !r.isSuccessful() ? MAPPER.readTree(in)
            : MAPPER.readTree(new FilteringParserDelegate(MAPPER.createParser(in), filter,
                TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true));
      } catch (IOException e) {
        if (r.isSuccessful()) {
          return failure(e, where, timeoutNanos, target);   // the answer broke off: retryable as a dropped connection
        }
        json = null;
      }
      if (r.isSuccessful()) {
        if (json == null || !json.isObject()) {
          return new Attempt(null, new StripeApiException("Stripe returned a response that is not a JSON object for "
              + where, r.code(), null, null, null, requestId, "HY000", null), true, null, "HTTP " + r.code()
              + " without JSON");
        }
        return Attempt.ok(json);
      }
      String shouldRetry = r.header("Stripe-Should-Retry");
      StripeApiException e = StripeErrors.fromResponse(r.code(), json, requestId, where, token);
      String limitedReason = r.code() == 429 ? r.header("Stripe-Rate-Limited-Reason") : null;
      String outcome = "HTTP " + r.code() + (e.errorCode() != null ? " " + e.errorCode() : "")
          + (limitedReason != null ? " (" + limitedReason + ")" : "")
          + (shouldRetry != null ? " (Stripe-Should-Retry: " + shouldRetry + ")" : "");
      boolean slowDown = r.code() == 429 || (shouldRetry != null && shouldRetry.trim().equalsIgnoreCase("true"));
      return new Attempt(null, null, e, RetryPolicy.retryableStatus(r.code(), shouldRetry), r.header("Retry-After"),
          outcome, slowDown, limitedReason);
    }
  }

  /** A streamed answer's body: closing it closes the response and stops watching the statement for it. */
  private static final class ResponseStream extends FilterInputStream {
    private final Response response;
    private final Runnable unregister;

    ResponseStream(Response response, Runnable unregister) {
      super(response.body().byteStream());
      this.response = response;
      this.unregister = unregister;
    }

    @Override
    public void close() throws IOException {
      try {
        response.close();
      } finally {
        unregister.run();
      }
    }
  }

  private static Response await(CompletableFuture<Response> pending, Call call, RequestGuard guard) throws IOException {
    while (true) {
      try {
        return pending.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        try {
          guard.check();
        } catch (RuntimeException stop) {
          abandon(call, pending);
          throw stop;
        }
      } catch (InterruptedException e) {
        abandon(call, pending);
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof IOException io ? io : new IOException(cause);
      }
    }
  }

  private static void abandon(Call call, CompletableFuture<Response> pending) {
    call.cancel();
    pending.thenAccept(Response::close);
  }

  private Attempt failure(IOException e, String where, long timeoutNanos, HttpUrl target) {
    String seconds = String.format(Locale.ROOT, "%.3g", timeoutNanos / 1e9);
    boolean timeout = e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()));
    if (timeout) {
      return new Attempt(null, new StripeApiException("Stripe did not answer " + where + " in time (limit "
          + seconds + " s per request); check the network, or raise the Timeout operand", 0, null, null, null,
          null, "08006", e), true, null, "timeout");
    }
    if (e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException) {
      boolean api = target.host().equals(apiBase.host()) && target.port() == apiBase.port();
      String base = api ? apiBase.toString() : target.newBuilder().encodedPath("/").build().toString();
      return new Attempt(null, new StripeApiException("cannot reach Stripe at " + base + " for " + where + ": "
          + e + "; check " + (api ? "apiBase" : "filesBase") + " and the network", 0, null, null, null, null, "08001",
          e), true, null,
          "connection failure (" + e.getClass().getSimpleName() + ")");
    }
    LOG.debug("I/O error on {}", where, e);
    return new Attempt(null, new StripeApiException("the connection to Stripe broke during " + where + ": " + e
        + "; check the network", 0, null, null, null, null, "08006", e), true, null,
        "broken connection (" + e.getClass().getSimpleName() + ")");
  }
}
