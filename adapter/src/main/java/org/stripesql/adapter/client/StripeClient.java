package org.stripesql.adapter.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes GET requests to the Stripe API and turns answers into JSON or a {@link StripeApiException}.
 * One instance per schema (one set of credentials); all share the process's okhttp connection pool.
 */
public final class StripeClient {
  private static final Logger LOG = LoggerFactory.getLogger(StripeClient.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String USER_AGENT = "stripe-sql/0.1";

  private final HttpUrl apiBase;
  private final Credentials credentials;
  private final String stripeVersion;
  private final String accountId;
  private final OkHttpClient http;

  public StripeClient(String apiBase, Credentials credentials, String stripeVersion, String accountId) {
    HttpUrl base = HttpUrl.parse(Objects.requireNonNull(apiBase, "apiBase"));
    if (base == null) {
      throw new IllegalArgumentException("apiBase '" + apiBase + "' is not an http(s) URL");
    }
    this.apiBase = base;
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.stripeVersion = stripeVersion;
    this.accountId = accountId;
    this.http = HttpClients.shared();
  }

  /** The API base URL, for messages. */
  public String apiBase() {
    return apiBase.toString();
  }

  /**
   * GETs {@code path} (already containing any path ids, each URL-safe) with query parameters, each
   * value URL-encoded here.
   */
  public JsonNode get(String path, Map<String, List<String>> query) {
    HttpUrl.Builder url = apiBase.newBuilder();
    for (String seg : path.split("/")) {
      if (!seg.isEmpty()) {
        url.addPathSegment(seg);
      }
    }
    query.forEach((k, vs) -> vs.forEach(v -> url.addQueryParameter(k, v)));
    HttpUrl target = url.build();
    String token = credentials.bearerToken();
    try {
      return execute(target, token);
    } catch (StripeApiException e) {
      if (e.httpStatus() == 401 && credentials.refreshAfterRejection(token)) {
        return execute(target, credentials.bearerToken());
      }
      throw e;
    }
  }

  private JsonNode execute(HttpUrl url, String token) {
    Request.Builder req = new Request.Builder().url(url).get()
        .header("Authorization", "Bearer " + token)
        .header("User-Agent", USER_AGENT)
        .header("Accept", "application/json");
    if (stripeVersion != null) {
      req.header("Stripe-Version", stripeVersion);
    }
    if (accountId != null) {
      req.header("Stripe-Account", accountId);
    }
    String where = "GET " + url.encodedPath();
    try (Response resp = http.newCall(req.build()).execute()) {
      String requestId = resp.header("Request-Id");
      ResponseBody body = resp.body();
      JsonNode json;
      try (InputStream in = body.byteStream()) {
        json = MAPPER.readTree(in);
      } catch (IOException e) {
        if (resp.isSuccessful()) {
          throw e;
        }
        json = null;
      }
      if (resp.isSuccessful()) {
        if (json == null || !json.isObject()) {
          throw new StripeApiException("Stripe returned a response that is not a JSON object for " + where,
              resp.code(), null, null, null, requestId, "HY000", null);
        }
        return json;
      }
      throw StripeErrors.fromResponse(resp.code(), json, requestId, where, token);
    } catch (SocketTimeoutException e) {
      throw new StripeApiException("Stripe did not answer " + where + " in time (" + e.getMessage()
          + "); check the network, or raise the Timeout operand", 0, null, null, null, null, "08006", e);
    } catch (IOException e) {
      LOG.debug("I/O error on {}", where, e);
      throw new StripeApiException("cannot reach Stripe at " + apiBase + " for " + where + ": " + e
          + "; check apiBase and the network", 0, null, null, null, null, "08001", e);
    }
  }
}
