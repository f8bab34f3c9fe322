package org.stripesql.pgwire.protocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads frontend messages: the untyped first packet (startup, SSLRequest, CancelRequest) and then typed
 * messages, each a type byte, an int32 length and a body. Each phase has its cap on a message's length
 * ({@link #limit}), and a body is read into a buffer that grows with the bytes that actually arrive, so a
 * length field alone never makes the server allocate what it claims.
 */
public final class MessageReader {
  /** Largest startup packet, as PostgreSQL's (MAX_STARTUP_PACKET_LENGTH). */
  public static final int MAX_STARTUP = 10_000;
  /** Largest message during authentication (a password, a SCRAM message): PostgreSQL allows 65535. */
  public static final int MAX_AUTHENTICATION = 65_535;
  /** The buffer a body starts in; it doubles as the bytes come. */
  private static final int FIRST_CHUNK = 8192;

  private DataInputStream in;
  private int limit = MAX_AUTHENTICATION;
  private String limitName = "the authentication message limit";
  /** After login a message over the cap is read and dropped (the session goes on); before, the connection ends. */
  private boolean dropOversized;

  public MessageReader(InputStream in) {
    this.in = new DataInputStream(in);
  }

  /** Continues on another stream (the TLS one after SSLRequest). */
  public void switchTo(InputStream next) {
    this.in = new DataInputStream(next);
  }

  /**
   * The longest typed message accepted from now on (authentication: {@link #MAX_AUTHENTICATION}; after
   * login the operator's cap), with the setting a refusal names.
   */
  public void limit(int maxBytes, String setting) {
    this.limit = maxBytes;
    this.limitName = setting;
    this.dropOversized = true;
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
      throw new ProtocolException("invalid length of startup packet: " + len);
    }
    return ByteBuffer.wrap(body(len - 4));
  }

  /** The next typed message, or null at end of stream. */
  public Message read() throws IOException {
    int type = in.read();
    if (type < 0) {
      return null;
    }
    int len = in.readInt();
    if (len < 4) {
      throw new ProtocolException("invalid length " + len + " of message '" + (char) type + "'");
    }
    if (len - 4 > limit) {
      String why = "message '" + (char) type + "' of " + (len - 4L) + " bytes is longer than " + limitName + " allows ("
          + limit + " bytes)";
      if (!dropOversized) {
        throw new MessageTooLong(why);
      }
      in.skipNBytes(len - 4L);   // read in small pieces and dropped: the client's next message follows it
      throw new MalformedMessage((char) type, "54000", why);
    }
    return new Message((char) type, ByteBuffer.wrap(body(len - 4)));
  }

  /** {@code n} bytes, read into a buffer no larger than what has arrived (doubling from 8 KB). */
  private byte[] body(int n) throws IOException {
    byte[] b = new byte[Math.min(n, FIRST_CHUNK)];
    int read = 0;
    while (read < n) {
      if (read == b.length) {
        b = Arrays.copyOf(b, (int) Math.min(n, 2L * b.length));
      }
      int got = in.read(b, read, b.length - read);
      if (got < 0) {
        throw new EOFException("the client closed the connection in the middle of a message");
      }
      read += got;
    }
    return b;
  }

  /** A message longer than the startup or authentication allows: the connection ends (its bytes are not read). */
  public static final class MessageTooLong extends ProtocolException {
    private static final long serialVersionUID = 1L;

    MessageTooLong(String message) {
      super(message);
    }

    /** PostgreSQL's program_limit_exceeded. */
    @Override
    public String sqlState() {
      return "54000";
    }
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
      if (n > body.remaining()) {
        throw new ProtocolException("insufficient data left in message '" + type + "'");
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
