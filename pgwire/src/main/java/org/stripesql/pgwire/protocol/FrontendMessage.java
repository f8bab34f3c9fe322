package org.stripesql.pgwire.protocol;

import java.nio.BufferUnderflowException;

/**
 * A frontend message after login, decoded from its bytes ({@link #decode}): the simple and extended query
 * protocols' messages, each with its fields typed. Everything past this point works on these, never on
 * a message's bytes.
 */
public sealed interface FrontendMessage {
  /** What Describe and Close name: a prepared statement or a portal. */
  enum Target { STATEMENT, PORTAL }

  /** Query: one or more statements as text. */
  record Query(String sql) implements FrontendMessage {}

  /** Parse: a statement, named or unnamed, with the OIDs of the parameter types the client declares (0: none). */
  record Parse(String name, String sql, int[] parameterTypes) implements FrontendMessage {}

  /** Bind: a portal over a statement, parameter values (null for NULL) in their formats, the result formats. */
  record Bind(String portal, String statement, short[] parameterFormats, byte[][] values, short[] resultFormats)
      implements FrontendMessage {}

  /** Describe a statement or a portal. */
  record Describe(Target target, String name) implements FrontendMessage {}

  /** Execute a portal, up to {@code maxRows} rows (0: all). */
  record Execute(String portal, int maxRows) implements FrontendMessage {}

  /** Close a statement or a portal. */
  record Close(Target target, String name) implements FrontendMessage {}

  /** Sync: the end of an extended-protocol batch. */
  record Sync() implements FrontendMessage {}

  /** Flush: send what is buffered. */
  record Flush() implements FrontendMessage {}

  /** Terminate: the client leaves. */
  record Terminate() implements FrontendMessage {}

  /** CopyData, CopyDone or CopyFail outside a COPY FROM (none is accepted): ignored, as PostgreSQL does. */
  record CopyMessage(char type) implements FrontendMessage {}

  /**
   * The message {@code m} carries. A type the protocol does not have after login is a protocol violation
   * ({@link ProtocolException}, the session ends); a body that does not hold what its type says, to the
   * byte, is a {@link MalformedMessage} (an error; the session goes on).
   */
  static FrontendMessage decode(MessageReader.Message m) {
    FrontendMessage decoded;
    try {
      decoded = fields(m);
    } catch (BufferUnderflowException | NegativeArraySizeException | ProtocolException e) {
      if (!known(m.type())) {
        throw e;
      }
      throw new MalformedMessage(m.type(), "invalid message format: message '" + m.type() + "' is shorter than its fields");
    }
    if (m.remaining() != 0) {
      throw new MalformedMessage(m.type(), "invalid message format: message '" + m.type() + "' has " + m.remaining()
          + " bytes after its fields");
    }
    return decoded;
  }

  private static boolean known(char type) {
    return "QPBDECSHXdcf".indexOf(type) >= 0;
  }

  private static FrontendMessage fields(MessageReader.Message m) {
    switch (m.type()) {
      case 'Q':
        return new Query(m.cstring());
      case 'P':
        return parse(m);
      case 'B':
        return bind(m);
      case 'D':
        return new Describe(target(m), m.cstring());
      case 'E':
        return new Execute(m.cstring(), m.int32());
      case 'C':
        return new Close(target(m), m.cstring());
      case 'S':
        return new Sync();
      case 'H':
        return new Flush();
      case 'X':
        return new Terminate();
      case 'd':
      case 'c':
      case 'f':
        return new CopyMessage(m.type());
      default:
        throw new ProtocolException("invalid frontend message type '" + m.type() + "'");
    }
  }

  private static Parse parse(MessageReader.Message m) {
    String name = m.cstring();
    String sql = m.cstring();
    int n = count(m);
    int[] types = new int[n];
    for (int i = 0; i < n; i++) {
      types[i] = m.int32();
    }
    return new Parse(name, sql, types);
  }

  private static Bind bind(MessageReader.Message m) {
    String portal = m.cstring();
    String statement = m.cstring();
    short[] formats = shorts(m);
    int n = count(m);
    byte[][] values = new byte[n][];
    for (int i = 0; i < n; i++) {
      values[i] = m.bytes(m.int32());
    }
    return new Bind(portal, statement, formats, values, shorts(m));
  }

  private static Target target(MessageReader.Message m) {
    byte t = m.int8();
    if (t != 'S' && t != 'P') {
      throw new MalformedMessage(m.type(), "invalid DESCRIBE/CLOSE message subtype " + t);
    }
    return t == 'S' ? Target.STATEMENT : Target.PORTAL;
  }

  /** A count of fields to follow: an unsigned int16, never more than the bytes left could hold. */
  private static int count(MessageReader.Message m) {
    int n = m.int16() & 0xFFFF;
    if (n > m.remaining()) {
      throw new BufferUnderflowException();
    }
    return n;
  }

  private static short[] shorts(MessageReader.Message m) {
    int n = count(m);
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      s[i] = m.int16();
    }
    return s;
  }
}
