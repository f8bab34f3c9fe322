package org.stripesql.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

/**
 * Bytes on sockets as the soak's hostile clients send them: HTTP requests written by hand from a chosen
 * local address, Avatica RPCs in protobuf, PostgreSQL packets; and the first answer that comes back.
 */
final class RawWire {
  private static final ProtobufTranslationImpl PROTOBUF = new ProtobufTranslationImpl();

  private RawWire() {
  }

  /** A socket to the gateway on loopback from {@code from} (127.0.0.x: another client address). */
  static Socket connect(int port, String from) throws IOException {
    Socket s = new Socket("127.0.0.1", port, InetAddress.getByName(from), 0);
    s.setSoTimeout(120_000);
    return s;
  }

  /** The status of an HTTP answer to {@code head} (CRLF added) and {@code body}; the connection is closed. */
  static int http(int port, String from, String head, byte[] body) throws IOException {
    try (Socket s = connect(port, from)) {
      s.getOutputStream().write((head.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      try {
        s.getOutputStream().write(body);
        s.getOutputStream().flush();
      } catch (IOException e) {
        // answered and closed before the body was all sent
      }
      String line = line(s.getInputStream());
      return line.startsWith("HTTP/") ? Integer.parseInt(line.split(" ")[1]) : -1;
    }
  }

  /** An Avatica RPC answer: status and the decoded response (null when the body is no Avatica answer). */
  record Rpc(int status, Service.Response response) {
    String sqlState() {
      return response instanceof Service.ErrorResponse e ? e.sqlState : null;
    }
  }

  /** POSTs {@code request} in protobuf with {@code authorization} from {@code from}. */
  static Rpc rpc(int port, String from, String authorization, Service.Request request) throws IOException {
    return rpc(port, from, authorization, PROTOBUF.serializeRequest(request));
  }

  static Rpc rpc(int port, String from, String authorization, byte[] body) throws IOException {
    try (Socket s = connect(port, from)) {
      String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/octet-stream\r\n"
          + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "Content-Length: "
          + body.length + "\r\nConnection: close\r\n\r\n";
      s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().write(body);
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      int status = Integer.parseInt(line(in).split(" ")[1]);
      int length = -1;
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(h.substring(15).trim());
        }
      }
      byte[] answer = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
      Service.Response r;
      try {
        r = PROTOBUF.parseResponse(answer);
      } catch (IOException | RuntimeException e) {
        r = null;
      }
      return new Rpc(status, r);
    }
  }

  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  /** A PostgreSQL startup packet for {@code user}. */
  static byte[] startup(Map<String, String> parameters) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(body);
    d.writeInt(196_608);
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      d.write(e.getKey().getBytes(StandardCharsets.UTF_8));
      d.writeByte(0);
      d.write(e.getValue().getBytes(StandardCharsets.UTF_8));
      d.writeByte(0);
    }
    d.writeByte(0);
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    DataOutputStream pd = new DataOutputStream(p);
    pd.writeInt(body.size() + 4);
    pd.write(body.toByteArray());
    return p.toByteArray();
  }

  /** A typed PostgreSQL message. */
  static byte[] message(char type, byte[] body) throws IOException {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(p);
    d.writeByte(type);
    d.writeInt(body.length + 4);
    d.write(body);
    return p.toByteArray();
  }

  /** A backend message: type and body; null at the end of the stream. */
  record PgMessage(char type, byte[] body) {
    String sqlState() {
      ByteBuffer b = ByteBuffer.wrap(body);
      while (b.hasRemaining()) {
        byte f = b.get();
        if (f == 0) {
          return null;
        }
        int start = b.position();
        while (b.get() != 0) {
          // to the terminator
        }
        if (f == 'C') {
          return new String(body, start, b.position() - start - 1, StandardCharsets.UTF_8);
        }
      }
      return null;
    }
  }

  static PgMessage read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int type = d.read();
    if (type < 0) {
      return null;
    }
    byte[] body = new byte[d.readInt() - 4];
    d.readFully(body);
    return new PgMessage((char) type, body);
  }

  /** The last message before the server closed the connection (its FATAL error, usually). */
  static PgMessage lastBeforeClose(Socket s) {
    PgMessage last = null;
    try {
      for (PgMessage m = read(s.getInputStream()); m != null; m = read(s.getInputStream())) {
        last = m;
      }
    } catch (IOException e) {
      // reset: closed
    }
    return last;
  }
}
