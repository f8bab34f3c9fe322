package org.stripesql.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.emulator.api.ApiException;
import org.stripesql.emulator.api.FileBody;
import org.stripesql.emulator.api.StripeApi;

/**
 * The emulator's one HTTP handler. {@code /oauth/...} goes to {@link EmulatorOAuth}; an API request
 * passes the {@link FaultResponder}, is decoded, authenticated ({@link ApiKeys}), answered by the
 * {@link StripeApi} or with Stripe's error object, and recorded in the {@link RequestLog}.
 */
final class EmulatorHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EmulatorHandler.class);

  private final ConnectedApis accounts;
  private final ApiKeys keys;
  private final EmulatorOAuth oauth;
  private final FaultResponder faults;
  private final RequestLog log;
  /** The largest form body read; Stripe's own limit is far above any write the emulator serves. */
  private static final int MAX_BODY = 1 << 20;

  EmulatorHandler(ConnectedApis accounts, ApiKeys keys, EmulatorOAuth oauth, FaultResponder faults,
      RequestLog log) {
    this.accounts = accounts;
    this.keys = keys;
    this.oauth = oauth;
    this.faults = faults;
    this.log = log;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    if (path.startsWith("/oauth/")) {
      oauth.handle(ex, path);   // Stripe Connect, on connect.stripe.com in real life
      return;
    }
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_BODY);
      in.transferTo(OutputStream.nullOutputStream());
    }
    long arrived = System.nanoTime();
    String account = account(ex);
    faults.handle(ex, arrived, account, () -> serve(ex, arrived, account, body));
  }

  /**
   * The connected account a request is for, whose limits it counts against: its {@code Stripe-Account}
   * header, else the account its OAuth token stands for; null for the platform.
   */
  private String account(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Stripe-Account");
    if (header != null && !header.isBlank()) {
      return header.trim();
    }
    return keys.tokenAccount(ex.getRequestHeaders().getFirst("Authorization"));
  }

  private void serve(HttpExchange ex, long arrived, String account, byte[] requestBody) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    Map<String, List<String>> query = Map.of();
    Map<String, List<String>> form = Map.of();
    int status;
    byte[] body;
    try {
      path = FormEncoding.decodePath(path);
      query = FormEncoding.parse(ex.getRequestURI().getRawQuery());
      form = "GET".equals(method) || "HEAD".equals(method) ? Map.of()
          : FormEncoding.parse(new String(requestBody, StandardCharsets.UTF_8));
      ApiKeys.Caller caller = keys.authenticate(ex.getRequestHeaders().getFirst("Authorization"), method);
      StripeApi api = accounts.resolve(ex.getRequestHeaders().getFirst("Stripe-Account"), caller.tokenAccount(),
          caller.shownKey());
      JsonNode answer = api.answer(method, path, query, form, caller.access());
      status = 200;
      if (answer instanceof POJONode pojo && pojo.getPojo() instanceof FileBody file) {
        file(ex, method, path, query, arrived, account, file);
        return;
      }
      body = JsonAnswer.bytes(answer);
    } catch (ApiException e) {
      status = e.status();
      body = JsonAnswer.bytes(e.toJson());
    } catch (IllegalArgumentException e) {
      status = 400;
      body = JsonAnswer.bytes(ApiException.invalid(null, "The request could not be parsed: " + e.getMessage())
          .toJson());
    } catch (RuntimeException e) {
      LOG.warn("emulator failure on {} {}", method, path, e);
      status = 500;
      body = JsonAnswer.bytes(new ApiException(500, "api_error", null, null,
          "An unknown error occurred in the emulator.").toJson());
    }
    JsonAnswer.stripeHeaders(ex);
    if (status == 405) {
      ex.getResponseHeaders().set("Allow", "GET");
    }
    log.add(new RecordedRequest(method, path, query, status, null, arrived,
        ApiKeys.shown(ex.getRequestHeaders().getFirst("Authorization")), form, account));
    if ("HEAD".equals(method)) {
      JsonAnswer.sendHeaders(ex, status);
    } else {
      JsonAnswer.send(ex, status, body);
    }
  }

  /** A file's contents ({@code /v1/files/{file}/contents} on Stripe's files host), not JSON. */
  private void file(HttpExchange ex, String method, String path, Map<String, List<String>> query, long arrived,
      String account, FileBody file) throws IOException {
    JsonAnswer.stripeHeaders(ex);
    ex.getResponseHeaders().set("Content-Type", file.contentType());
    log.add(new RecordedRequest(method, path, query, 200, null, arrived,
        ApiKeys.shown(ex.getRequestHeaders().getFirst("Authorization")), Map.of(), account));
    if ("HEAD".equals(method)) {
      ex.sendResponseHeaders(200, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(200, file.bytes().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(file.bytes());
    }
  }
}
