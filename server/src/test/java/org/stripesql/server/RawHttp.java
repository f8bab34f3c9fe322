package org.stripesql.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

/**
 * HTTP written byte by byte on a socket, as a hostile client sends it (two Host headers, an absolute
 * request line, a body larger than it says, chunks without end), and the answer as it comes back.
 */
final class RawHttp {
  private static final ProtobufTranslationImpl PROTOBUF = new ProtobufTranslationImpl();

  private RawHttp() {
  }

  /** An answer: status, header block and body (de-chunked). */
  record Answer(int status, String head, byte[] body) {
    String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    /** The body as an Avatica error, or null when it is none. */
    Service.ErrorResponse error(Driver.Serialization serialization) {
      try {
        Service.Response r = serialization == Driver.Serialization.JSON
            ? JsonService.MAPPER.readValue(body, Service.Response.class) : PROTOBUF.parseResponse(body);
        return r instanceof Service.ErrorResponse e ? e : null;
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    String text() {
      return new String(body, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
      return status + "\n" + head + "\n" + text();
    }
  }

  /** Sends {@code head} (CRLF line ends added) and {@code body}, then reads the answer. */
  static Answer exchange(int port, String head, byte[] body) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write((head.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(body);
        out.flush();
      } catch (SocketException e) {
        // the server may answer and close before the whole body is sent: the answer is what counts
      }
      return read(socket.getInputStream());
    }
  }

  /** Reads one answer (status line, headers, a Content-Length or chunked body, or up to the close). */
  static Answer read(InputStream in) throws IOException {
    String status = line(in);
    StringBuilder head = new StringBuilder();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      head.append(l).append("\r\n");
    }
    Answer shell = new Answer(Integer.parseInt(status.split(" ")[1]), head.toString(), new byte[0]);
    String length = shell.header("Content-Length");
    byte[] body;
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(String.valueOf(shell.header("Transfer-Encoding")))) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int n = Integer.parseInt(line(in).trim(), 16); n > 0; n = Integer.parseInt(line(in).trim(), 16)) {
        b.write(in.readNBytes(n));
        line(in);
      }
      body = b.toByteArray();
    } else {
      body = in.readAllBytes();
    }
    return new Answer(shell.status(), shell.head(), body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  /** A body of {@code n} bytes of {@code c}. */
  static byte[] filled(int n, char c) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) c);
    return b;
  }

  static String contentType(Driver.Serialization serialization) {
    return serialization == Driver.Serialization.JSON ? "application/json" : "application/octet-stream";
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
