package org.stripesql.pgwire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A bare PostgreSQL v3 protocol client for tests that need exact messages (pipelined extended protocol,
 * row limits, PortalSuspended): sends what it is told and reads the server's messages as they come.
 */
final class RawPgClient implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private int pid;
  private int key;

  /** One backend message: type and body. */
  record Msg(char type, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The SQLSTATE of an ErrorResponse. */
    String sqlState() {
      return field('C');
    }

    String field(char code) {
      ByteBuffer b = ByteBuffer.wrap(body);
      while (b.hasRemaining()) {
        byte f = b.get();
        if (f == 0) {
          break;
        }
        String v = cstring(b);
        if (f == code) {
          return v;
        }
      }
      return null;
    }

    /** The values of a DataRow, as text (null for NULL). */
    List<String> values() {
      ByteBuffer b = ByteBuffer.wrap(body);
      int n = b.getShort();
      List<String> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int len = b.getInt();
        if (len < 0) {
          out.add(null);
        } else {
          byte[] v = new byte[len];
          b.get(v);
          out.add(new String(v, StandardCharsets.UTF_8));
        }
      }
      return out;
    }

    /** The column names of a RowDescription. */
    List<String> columns() {
      ByteBuffer b = ByteBuffer.wrap(body);
      int n = b.getShort();
      List<String> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(cstring(b));
        b.position(b.position() + 18);
      }
      return out;
    }

    /** The type OIDs of a RowDescription. */
    List<Integer> typeOids() {
      ByteBuffer b = ByteBuffer.wrap(body);
      int n = b.getShort();
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        cstring(b);
        b.getInt();
        b.getShort();
        out.add(b.getInt());
        b.position(b.position() + 8);
      }
      return out;
    }
  }

  RawPgClient(String host, int port, Map<String, String> startup) throws IOException {
    this(host, port, startup, null);
  }

  /** A client that answers a clear-text password request ({@code --pg-auth password}) with {@code password}. */
  RawPgClient(String host, int port, Map<String, String> startup, String password) throws IOException {
    socket = new Socket(host, port);
    socket.setSoTimeout(60_000);
    in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(body);
    d.writeInt(196_608);
    for (Map.Entry<String, String> e : startup.entrySet()) {
      cstring(d, e.getKey());
      cstring(d, e.getValue());
    }
    d.writeByte(0);
    out.writeInt(body.size() + 4);
    out.write(body.toByteArray());
    out.flush();
    if (password != null) {
      Msg request = read();
      if (request.type() != 'R' || ByteBuffer.wrap(request.body()).getInt() != 3) {
        throw new IOException("expected a clear-text password request, got " + request.type());
      }
      ByteArrayOutputStream p = new ByteArrayOutputStream();
      cstring(new DataOutputStream(p), password);
      send('p', p.toByteArray());
      out.flush();
    }
    for (Msg m : untilReady()) {
      if (m.type() == 'E') {
        throw new IOException("startup refused: " + m.field('M'));
      }
      if (m.type() == 'K') {
        ByteBuffer b = ByteBuffer.wrap(m.body());
        pid = b.getInt();
        key = b.getInt();
      }
    }
  }

  int pid() {
    return pid;
  }

  int key() {
    return key;
  }

  private static void cstring(DataOutputStream d, String s) throws IOException {
    d.write(s.getBytes(StandardCharsets.UTF_8));
    d.writeByte(0);
  }

  private static String cstring(ByteBuffer b) {
    int start = b.position();
    while (b.get() != 0) {
      // to the terminator
    }
    return new String(b.array(), start, b.position() - start - 1, StandardCharsets.UTF_8);
  }

  /** Sends a message as given, unflushed. */
  void send(char type, byte[] body) throws IOException {
    out.writeByte(type);
    out.writeInt(body.length + 4);
    out.write(body);
  }

  void query(String sql) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    cstring(new DataOutputStream(b), sql);
    send('Q', b.toByteArray());
    out.flush();
  }

  void parse(String name, String sql, List<Integer> types) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    cstring(d, name);
    cstring(d, sql);
    d.writeShort(types.size());
    for (int t : types) {
      d.writeInt(t);
    }
    send('P', b.toByteArray());
  }

  /** Bind with parameters as given (text, or raw bytes when {@code formats} says binary). */
  void bind(String portal, String name, List<Integer> formats, List<byte[]> params, List<Integer> resultFormats)
      throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    cstring(d, portal);
    cstring(d, name);
    d.writeShort(formats.size());
    for (int f : formats) {
      d.writeShort(f);
    }
    d.writeShort(params.size());
    for (byte[] p : params) {
      if (p == null) {
        d.writeInt(-1);
      } else {
        d.writeInt(p.length);
        d.write(p);
      }
    }
    d.writeShort(resultFormats.size());
    for (int f : resultFormats) {
      d.writeShort(f);
    }
    send('B', b.toByteArray());
  }

  void describe(char kind, String name) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeByte(kind);
    cstring(d, name);
    send('D', b.toByteArray());
  }

  void execute(String portal, int maxRows) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    cstring(d, portal);
    d.writeInt(maxRows);
    send('E', b.toByteArray());
  }

  void close(char kind, String name) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeByte(kind);
    cstring(d, name);
    send('C', b.toByteArray());
  }

  void flush() throws IOException {
    out.flush();
  }

  void sync() throws IOException {
    send('S', new byte[0]);
    out.flush();
  }

  Msg read() throws IOException {
    char type = (char) in.readUnsignedByte();
    byte[] body = new byte[in.readInt() - 4];
    in.readFully(body);
    return new Msg(type, body);
  }

  /** The messages up to and including the next ReadyForQuery. */
  List<Msg> untilReady() throws IOException {
    List<Msg> msgs = new ArrayList<>();
    Msg m;
    do {
      m = read();
      msgs.add(m);
    } while (m.type() != 'Z');
    return msgs;
  }

  /** Terminate, then waits until the server closes the connection (it has let go of the session then). */
  void terminateAndWait() throws IOException {
    try {
      send('X', new byte[0]);
      out.flush();
      while (in.read() >= 0) {
        // nothing more is expected; read to the end
      }
    } finally {
      socket.close();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      send('X', new byte[0]);
      out.flush();
    } finally {
      socket.close();
    }
  }
}
