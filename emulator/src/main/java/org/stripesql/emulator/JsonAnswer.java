package org.stripesql.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ThreadLocalRandom;
import org.stripesql.emulator.spec.SpecOperations;

/** Sending JSON answers, for the API, its injected faults and the OAuth endpoints. */
final class JsonAnswer {
  /**
   * The API version the emulator speaks, in every API answer's {@code Stripe-Version}: that of the Stripe
   * description its operations were derived from.
   */
  static final String API_VERSION = SpecOperations.bundled().apiVersion();
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private JsonAnswer() {}

  static byte[] bytes(JsonNode body) throws IOException {
    return MAPPER.writeValueAsBytes(body);
  }

  /** The headers of every API answer: a fresh {@code Request-Id} and the {@code Stripe-Version}. */
  static void stripeHeaders(HttpExchange ex) {
    ex.getResponseHeaders().set("Request-Id", "req_" + requestId());
    ex.getResponseHeaders().set("Stripe-Version", API_VERSION);
  }

  /** Sends the status and the JSON body, and closes the exchange. */
  static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** Sends the status and headers of a JSON answer without its body (HEAD), and closes the exchange. */
  static void sendHeaders(HttpExchange ex, int status) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, -1);
    ex.close();
  }

  private static String requestId() {
    StringBuilder sb = new StringBuilder(14);
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 0; i < 14; i++) {
      sb.append(BASE62.charAt(r.nextInt(BASE62.length())));
    }
    return sb.toString();
  }
}
