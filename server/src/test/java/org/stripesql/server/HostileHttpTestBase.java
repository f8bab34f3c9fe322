package org.stripesql.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.stripesql.emulator.StripeEmulator;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;

/**
 * What a hostile client sends over HTTP, byte by byte: SQL that fails in the data, malformed
 * credentials and RPCs, bodies over the cap (logged in or not), two Host headers, a foreign host in
 * the request line, requests Jetty's parser refuses. Every answer is an Avatica ErrorResponse with a
 * SQLSTATE, a 4xx for the client's mistakes, never an HTML page naming Java classes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileHttpTestBase {
  static final int MAX_REQUEST_BYTES = 64 * 1024;
  private static final ProtobufTranslationImpl PROTOBUF = new ProtobufTranslationImpl();

  @TempDir
  static Path tmp;

  StripeEmulator emulator;
  StripeSqlGateway gateway;
  HostileClient alice;
  String auth;

  abstract Driver.Serialization serialization();

  @BeforeAll
  void start() throws Exception {
    emulator = StripeEmulator.builder().host("127.0.0.1").port(0).seed(42).scale(1)
        .anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start();
    Path users = tmp.resolve("users-" + serialization() + ".properties");
    UsersFile.put(users, "alice", PasswordHash.hash("alice-secret".toCharArray()));
    gateway = StripeSqlGateway.builder().model(ModelSource.stripe(emulator.baseUrl(), "sk_test_hostile_http"))
        .host("127.0.0.1").port(0).serialization(serialization()).maxRequestBytes(MAX_REQUEST_BYTES)
        .security(GatewaySecurity.builder().users(users).build()).build().start();
    alice = new HostileClient("http://127.0.0.1:" + gateway.port(), serialization()).as("alice", "alice-secret");
    auth = "Authorization: Basic " + Base64.getEncoder().encodeToString("alice:alice-secret".getBytes(
        StandardCharsets.UTF_8));
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  byte[] encode(Service.Request r) throws Exception {
    return serialization() == Driver.Serialization.JSON
        ? JsonService.MAPPER.writeValueAsBytes(r) : PROTOBUF.serializeRequest(r);
  }

  /**
   * The answer is an Avatica error with this status and SQLSTATE, and names no Java class (protobuf's
   * envelope names the message's class, as Avatica's format has it: only the message is read there).
   */
  Service.ErrorResponse assertAvaticaError(int status, String sqlState, RawHttp.Answer a) {
    assertEquals(status, a.status(), a.toString());
    Service.ErrorResponse e = a.error(serialization());
    assertNotNull(e, "an Avatica ErrorResponse: " + a);
    assertEquals(sqlState, e.sqlState, a.toString());
    assertNamesNoJava(serialization() == Driver.Serialization.JSON ? a.text() : e.errorMessage);
    assertTrue(e.exceptions == null || e.exceptions.isEmpty(), a.toString());
    return e;
  }

  static void assertNamesNoJava(String text) {
    for (String internal : List.of("<html", "java.", "Exception", "\tat ", "org.eclipse", "Jetty", "calcite.")) {
      assertFalse(text.contains(internal), internal + " in: " + text);
    }
  }

  RawHttp.Answer post(String headers, byte[] body) throws Exception {
    return RawHttp.exchange(gateway.port(), "POST / HTTP/1.1\nHost: 127.0.0.1:" + gateway.port() + "\n" + headers
        + "\nContent-Type: " + RawHttp.contentType(serialization()) + "\nContent-Length: " + body.length
        + "\nConnection: close\n", body);
  }

  @Test
  void sqlFailingInItsDataAnswersTheSqlStateNotAnHtmlPage() throws Exception {
    String c = HostileClientTestBase.open(alice);
    int s = HostileClientTestBase.statement(alice, c);
    Map<String, String> expected = Map.of("SELECT 1/0", "22012", "select date '2020-13-45'", "22007",
        "select cast('x' as date)", "22007", "select cast('twelve' as integer)", "22P02");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      byte[] body = encode(new Service.PrepareAndExecuteRequest(c, s, e.getKey(), -1, 10));
      Service.ErrorResponse error = assertAvaticaError(500, e.getValue(), post(auth, body));
      assertTrue(error.errorMessage != null && !error.errorMessage.isBlank(), e.getKey());
    }
    HostileClient.Reply after = HostileClientTestBase.query(alice, c, s, "select count(*) from customers", 10);
    assertEquals(200, after.status(), "the statement and its connection still work: " + after);
    HostileClientTestBase.close(alice, c);
  }

  @Test
  void malformedBasicCredentialsAndWrongPasswordsGet401() throws Exception {
    byte[] body = encode(new Service.CloseConnectionRequest("x"));
    for (String bad : List.of("Authorization: Basic !!!", "Authorization: Basic " + Base64.getEncoder()
        .encodeToString("nocolon".getBytes(StandardCharsets.UTF_8)), "Authorization: Basic")) {
      RawHttp.Answer a = post(bad, body);
      assertAvaticaError(401, "28000", a);
      assertTrue(RawHttp.lower(String.valueOf(a.header("WWW-Authenticate"))).startsWith("basic"), a.toString());
    }
    assertAvaticaError(401, "28000", post("Authorization: Basic " + Base64.getEncoder().encodeToString(
        "alice:wrong".getBytes(StandardCharsets.UTF_8)), body));
    assertAvaticaError(401, "28000", post("X-None: 1", body));
  }

  @Test
  void malformedRpcsGet400() throws Exception {
    assertAvaticaError(400, "08P01", post(auth, "{not a request".getBytes(StandardCharsets.UTF_8)));
    assertAvaticaError(400, "08P01", post(auth, RawHttp.filled(300, '\u0007')));
    assertAvaticaError(400, "08P01", post(auth, new byte[0]));
    if (serialization() == Driver.Serialization.JSON) {
      for (String json : List.of("{\"request\":\"noSuchRequest\"}", "{\"request\":\"createStatement\"}",
          "{\"request\":\"prepareAndExecute\",\"connectionId\":\"c\",\"statementId\":1}",
          "{\"request\":\"execute\",\"parameterValues\":[]}",
          "{\"request\":\"syncResults\",\"connectionId\":\"c\",\"statementId\":1}",
          "{\"request\":\"connectionSync\",\"connectionId\":\"c\"}", "[1,2,3]", "null")) {
        assertAvaticaError(400, "08P01", post(auth, json.getBytes(StandardCharsets.UTF_8)));
      }
    }
    assertEquals(200, post(auth, encode(new Service.CloseConnectionRequest(UUID.randomUUID().toString()))).status(),
        "a well-formed RPC passes");
  }

  @Test
  void bodiesOverTheCapAreRefusedBeforeTheLoginAndAfter() throws Exception {
    String head = "POST / HTTP/1.1\nHost: 127.0.0.1:" + gateway.port() + "\nContent-Type: "
        + RawHttp.contentType(serialization()) + "\nConnection: close\n";
    // a length that says it all: refused before the body is read, whoever sends it (Jetty hands a request on
    // once its first bytes of body came)
    byte[] start = RawHttp.filled(1000, 'x');
    RawHttp.Answer anonymous = RawHttp.exchange(gateway.port(), head + "Content-Length: 734003200\n", start);
    assertAvaticaError(413, "54000", anonymous);
    assertAvaticaError(413, "54000", RawHttp.exchange(gateway.port(), head + auth + "\nContent-Length: 734003200\n",
        start));
    // chunks without a length: refused once reading passes the cap
    byte[] chunk = RawHttp.filled(16 * 1024, 'x');
    StringBuilder chunked = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      chunked.append(Integer.toHexString(chunk.length)).append("\r\n").append(new String(chunk,
          StandardCharsets.ISO_8859_1)).append("\r\n");
    }
    chunked.append("0\r\n\r\n");
    RawHttp.Answer streamed = RawHttp.exchange(gateway.port(), head + auth + "\nTransfer-Encoding: chunked\n",
        chunked.toString().getBytes(StandardCharsets.ISO_8859_1));
    assertAvaticaError(413, "54000", streamed);
    assertTrue(streamed.error(serialization()).errorMessage.contains("--max-request-bytes"), streamed.toString());
    assertEquals(200, gatewayHealth(), "the gateway answers on");
  }

  @Test
  void twoHostHeadersOrAForeignHostInTheRequestLineAreRefused() throws Exception {
    int port = gateway.port();
    byte[] body = encode(new Service.CloseConnectionRequest(UUID.randomUUID().toString()));
    String rest = auth + "\nContent-Type: " + RawHttp.contentType(serialization()) + "\nContent-Length: "
        + body.length + "\nConnection: close\n";
    assertAvaticaError(400, "08P01", RawHttp.exchange(port, "POST / HTTP/1.1\nHost: 127.0.0.1:" + port
        + "\nHost: attacker.example\n" + rest, body));
    assertAvaticaError(400, "08P01", RawHttp.exchange(port, "POST / HTTP/1.1\nHost: attacker.example\nHost: 127.0.0.1:"
        + port + "\n" + rest, body));
    assertAvaticaError(400, "08P01", RawHttp.exchange(port, "POST http://attacker.example/ HTTP/1.1\nHost: 127.0.0.1:"
        + port + "\n" + rest, body));
    assertAvaticaError(400, "08P01", RawHttp.exchange(port, "POST http://attacker.example:" + port
        + "/ HTTP/1.1\nHost: 127.0.0.1:" + port + "\n" + rest, body));
    assertEquals(200, RawHttp.exchange(port, "POST http://127.0.0.1:" + port + "/ HTTP/1.1\nHost: 127.0.0.1:" + port
        + "\n" + rest, body).status(), "the gateway's own host in the request line passes");
  }

  @Test
  void requestsJettyRefusesAreAnsweredInAvaticasFormToo() throws Exception {
    int port = gateway.port();
    RawHttp.Answer longHeader = RawHttp.exchange(port, "POST / HTTP/1.1\nHost: 127.0.0.1:" + port + "\nX-Long: "
        + "y".repeat(64 * 1024) + "\nContent-Length: 0\nConnection: close\n", new byte[0]);
    assertAvaticaError(431, "54000", longHeader);
    assertAvaticaError(400, "08P01", RawHttp.exchange(port, "NONSENSE\n", new byte[0]));
  }

  int gatewayHealth() throws Exception {
    return RawHttp.exchange(gateway.port(), "GET /health HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n",
        new byte[0]).status();
  }
}
