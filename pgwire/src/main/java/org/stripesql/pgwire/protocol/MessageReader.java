package org.stripesql.pgwire.protocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads frontend messages: the untyped first packet (startup, SSLRequest, CancelRequest) and then typed
 * messages, each a type byte, an int32 length and a body. Refuses messages larger than the limit, so a
 * client cannot make the server allocate without bound.
 */
public final class MessageReader {
  /** Largest message accepted (PostgreSQL itself allows 1 GB for a Bind; SQL text here is far smaller). */
  public static final int MAX_MESSAGE = 64 * 1024 * 1024;
  private static final int MAX_STARTUP = 10_000;

  private DataInputStream in;

  public MessageReader(InputStream in) {
    this.in = new DataInputStream(in);
  }

  /** Continues on another stream (the TLS one after SSLRequest). */
  public void switchTo(InputStream next) {
    this.in = new DataInputStream(next);
  }

  /** The first packet's body (after its length), or null at end of stream. */
  public ByteBuffer readStartup() throws IOException {
    int len;
    try {
      len = in.readInt();
    } catch (EOFException e) {
      return null;
    }
    if (len < 8 || len > MAX_STARTUP) {
      throw new ProtocolException("invalid startup packet length " + len);
    }
    byte[] body = new byte[len - 4];
    in.readFully(body);
    return ByteBuffer.wrap(body);
  }

  /** The next typed message, or null at end of stream. */
  public Message read() throws IOException {
    int type = in.read();
    if (type < 0) {
      return null;
    }
    int len = in.readInt();
    if (len < 4 || len > MAX_MESSAGE) {
      throw new ProtocolException("invalid length " + len + " of message '" + (char) type + "'");
    }
    byte[] body = new byte[len - 4];
    in.readFully(body);
    return new Message((char) type, ByteBuffer.wrap(body));
  }

  /** A typed message: its type byte and its body. */
  public record Message(char type, ByteBuffer body) {
    /** A NUL-terminated UTF-8 string. */
    public String cstring() {
      int start = body.position();
      int end = start;
      while (end < body.limit() && body.get(end) != 0) {
        end++;
      }
      if (end >= body.limit()) {
        throw new ProtocolException("unterminated string in message '" + type + "'");
      }
      String s = new String(body.array(), start, end - start, StandardCharsets.UTF_8);
      body.position(end + 1);
      return s;
    }

    public int int32() {
      return body.getInt();
    }

    public short int16() {
      return body.getShort();
    }

    public byte int8() {
      return body.get();
    }

    /** {@code n} bytes, or null for n = -1 (a NULL parameter). */
    public byte[] bytes(int n) {
      if (n < 0) {
        return null;
      }
      byte[] b = new byte[n];
      body.get(b);
      return b;
    }

    public int remaining() {
      return body.remaining();
    }
  }
}
