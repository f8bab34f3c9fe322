package org.stripesql.mirror;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.stripesql.emulator.StripeEmulator;

/**
 * Writes to the emulator over HTTP, as a Stripe client would (the gateway itself never writes), with a key
 * of their own, which no test revokes.
 */
final class Writes {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final String WRITER = "sk_test_writes_from_an_app_4242";

  private Writes() {}

  static JsonNode post(StripeEmulator e, String path, String form) {
    return send(e, "POST", path, form);
  }

  static JsonNode delete(StripeEmulator e, String path) {
    return send(e, "DELETE", path, "");
  }

  static JsonNode get(StripeEmulator e, String pathAndQuery) {
    return send(e, "GET", pathAndQuery, null);
  }

  private static JsonNode send(StripeEmulator e, String method, String path, String form) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(e.baseUrl() + path))
          .header("Authorization", "Bearer " + WRITER)
          .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
      if (form != null) {
        b.header("Content-Type", "application/x-www-form-urlencoded");
      }
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new AssertionError(method + " " + path + ": " + r.statusCode() + " " + r.body());
      }
      return MAPPER.readTree(r.body());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(ex);
    }
  }
}
