package org.stripesql.pgwire.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The untyped first packet of a connection, decoded ({@link #decode}): a request for TLS or GSSAPI
 * encryption, a CancelRequest, or the startup message with its parameters (protocol 3.0 only).
 */
public sealed interface StartupPacket {
  int SSL_REQUEST = 80_877_103;
  int GSSENC_REQUEST = 80_877_104;
  int CANCEL_REQUEST = 80_877_102;
  int PROTOCOL_3 = 196_608;

  /** SSLRequest. */
  record SslRequest() implements StartupPacket {}

  /** GSSENCRequest (refused: the gateway has no GSSAPI). */
  record GssEncRequest() implements StartupPacket {}

  /** CancelRequest for the session {@code pid} with its secret key. */
  record CancelRequest(int pid, int secret) implements StartupPacket {}

  /** The startup message: user, database, options and settings, in the order sent. */
  record Startup(Map<String, String> parameters) implements StartupPacket {}

  /**
   * The packet in {@code b} (its body after the length); one whose length does not fit its kind (a
   * CancelRequest is 16 bytes, an SSLRequest 8) is a protocol violation, as in PostgreSQL.
   */
  static StartupPacket decode(ByteBuffer b) {
    int code = b.getInt();
    switch (code) {
      case SSL_REQUEST:
        exactly(b, 0, "SSLRequest");
        return new SslRequest();
      case GSSENC_REQUEST:
        exactly(b, 0, "GSSENCRequest");
        return new GssEncRequest();
      case CANCEL_REQUEST:
        exactly(b, 8, "CancelRequest");
        return new CancelRequest(b.getInt(), b.getInt());
      case PROTOCOL_3:
        Map<String, String> params = new LinkedHashMap<>();
        while (b.hasRemaining()) {
          String name = cstring(b);
          if (name.isEmpty()) {
            break;
          }
          params.put(name, cstring(b));
        }
        return new Startup(params);
      default:
        throw new ProtocolException("unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xFFFF)
            + ": stripe-sql speaks protocol 3.0");
    }
  }

  private static void exactly(ByteBuffer b, int bytes, String what) {
    if (b.remaining() != bytes) {
      throw new ProtocolException("invalid length of " + what + ": " + (b.remaining() + 8) + " bytes, not "
          + (bytes + 8));
    }
  }

  private static String cstring(ByteBuffer b) {
    int start = b.position();
    while (b.hasRemaining() && b.get() != 0) {
      // scan to the terminator
    }
    int end = b.position() - 1;
    return new String(b.array(), start, Math.max(0, end - start), StandardCharsets.UTF_8);
  }
}
