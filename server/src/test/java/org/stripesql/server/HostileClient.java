package org.stripesql.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

/**
 * Sends Avatica requests as a hostile client would: built by hand, encoded in the gateway's wire format
 * (JSON or protobuf) and POSTed with {@link HttpClient}, not through the thin driver, with whatever
 * credentials and headers the test chooses.
 */
final class HostileClient {
  private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static final ProtobufTranslationImpl PROTOBUF = new ProtobufTranslationImpl();

  private final String base;
  private final Driver.Serialization serialization;
  private final Map<String, String> headers = new LinkedHashMap<>();

  HostileClient(String base, Driver.Serialization serialization) {
    this.base = base;
    this.serialization = serialization;
    headers.put("Content-Type", "application/octet-stream");
  }

  /** The same client logging in as {@code user}. */
  HostileClient as(String user, String password) {
    return header("Authorization", "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** The same client with a header set (null removes it). */
  HostileClient header(String name, String value) {
    HostileClient c = new HostileClient(base, serialization);
    c.headers.putAll(headers);
    if (value == null) {
      c.headers.remove(name);
    } else {
      c.headers.put(name, value);
    }
    return c;
  }

  /** An answer: its HTTP status, its decoded Avatica response (null when it is none) and its raw text. */
  record Reply(int status, Service.Response response, String text, HttpResponse<byte[]> http) {
    Service.ErrorResponse error() {
      return response instanceof Service.ErrorResponse e ? e : null;
    }

    /** The SQLSTATE of an error answer, or null. */
    String sqlState() {
      Service.ErrorResponse e = error();
      return e == null ? null : e.sqlState;
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  Reply send(Service.Request request) throws IOException, InterruptedException {
    if (serialization == Driver.Serialization.JSON && request instanceof Service.SyncResultsRequest sync) {
      return post(syncResultsJson(sync));
    }
    byte[] body = serialization == Driver.Serialization.JSON
        ? JsonService.MAPPER.writeValueAsBytes(request) : PROTOBUF.serializeRequest(request);
    return post(body);
  }

  /** By hand: Jackson cannot write a QueryState with assertions on (its getters assert on the state's type). */
  private static byte[] syncResultsJson(Service.SyncResultsRequest sync) {
    ObjectNode state = JsonNodeFactory.instance.objectNode().put("type", "SQL").put("sql", sync.state.sql);
    ObjectNode r = JsonNodeFactory.instance.objectNode().put("request", "syncResults")
        .put("connectionId", sync.connectionId).put("statementId", sync.statementId).put("offset", sync.offset);
    r.set("state", state);
    return r.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The status of a request sent over a plain socket, with a {@code Host} header of the test's choosing
   * (null: none, over HTTP/1.0), which {@link HttpClient} does not allow.
   */
  int statusWithHost(String method, String path, String host, Service.Request request) throws IOException {
    return statusFrom(null, method, path, host, request).status();
  }

  /** A raw answer: status line and headers. */
  record RawReply(int status, String head) {}

  /** As {@link #statusWithHost}, from a local address of the test's choosing (127.0.0.2...: another client). */
  RawReply statusFrom(String localAddress, String method, String path, String host, Service.Request request)
      throws IOException {
    byte[] body = request == null ? new byte[0] : serialization == Driver.Serialization.JSON
        ? JsonService.MAPPER.writeValueAsBytes(request) : PROTOBUF.serializeRequest(request);
    URI uri = URI.create(base);
    try (Socket socket = localAddress == null ? new Socket(uri.getHost(), uri.getPort())
        : new Socket(uri.getHost(), uri.getPort(), InetAddress.getByName(localAddress), 0)) {
      socket.setSoTimeout(10_000);
      StringBuilder sent = new StringBuilder(method + " " + path + (host == null ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n"));
      if (host != null) {
        sent.append("Host: ").append(host).append("\r\n");
      }
      headers.forEach((k, v) -> sent.append(k).append(": ").append(v).append("\r\n"));
      sent.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(sent.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String status = in.readLine();
      StringBuilder head = new StringBuilder();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        head.append(line).append('\n');
      }
      return new RawReply(Integer.parseInt(status.split(" ")[1]), head.toString());
    }
  }

  /** POSTs raw bytes as they are. */
  Reply post(byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + "/"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(r::header);
    HttpResponse<byte[]> http = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
    Service.Response decoded = null;
    try {
      decoded = serialization == Driver.Serialization.JSON
          ? JsonService.MAPPER.readValue(http.body(), Service.Response.class) : PROTOBUF.parseResponse(http.body());
    } catch (IOException | RuntimeException e) {
      // not an Avatica answer (a 4xx of the gateway's, for one)
    }
    String text = decoded instanceof Service.ErrorResponse e ? e.errorMessage + " " + e.exceptions
        : new String(http.body(), StandardCharsets.UTF_8);
    return new Reply(http.statusCode(), decoded, text, http);
  }
}
