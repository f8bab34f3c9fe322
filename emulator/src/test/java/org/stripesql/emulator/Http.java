package org.stripesql.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A tiny client for the tests. */
final class Http {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String KEY = "sk_test_emulatorTests1234";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  record Response(int status, JsonNode body, HttpResponse<String> raw) {
    String error() {
      return body.path("error").path("message").asText();
    }

    String param() {
      return body.path("error").path("param").asText(null);
    }
  }

  private Http() {}

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static Response get(StripeEmulator e, String pathAndQuery) {
    return send(e, "GET", pathAndQuery, "Bearer " + KEY);
  }

  /** A GET with the API key for the connected account {@code account}. */
  static Response get(StripeEmulator e, String account, String pathAndQuery) {
    return send(e, "GET", pathAndQuery, "Bearer " + KEY, null, account);
  }

  static Response send(StripeEmulator e, String method, String pathAndQuery, String authorization) {
    return send(e, method, pathAndQuery, authorization, null);
  }

  /** A write with the API key and a form-encoded body ({@code email=a%40b.c&metadata[plan]=gold}). */
  static Response write(StripeEmulator e, String method, String path, String form) {
    return send(e, method, path, "Bearer " + KEY, form);
  }

  static Response send(StripeEmulator e, String method, String pathAndQuery, String authorization, String form) {
    return send(e, method, pathAndQuery, authorization, form, null);
  }

  /** A request as a platform makes it for a connected account: {@code Stripe-Account: account} (null: none). */
  static Response send(StripeEmulator e, String method, String pathAndQuery, String authorization, String form,
      String account) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(e.baseUrl() + pathAndQuery))
          .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
      if (form != null) {
        b.header("Content-Type", "application/x-www-form-urlencoded");
      }
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      if (account != null) {
        b.header("Stripe-Account", account);
      }
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), MAPPER.readTree(r.body()), r);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }
}
