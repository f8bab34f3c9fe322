package org.stripesql.pgwire.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A length field alone allocates nothing: the reader asks its stream for what fits a small buffer and
 * grows it only as bytes arrive, and each phase has its cap on a message's length.
 */
class MessageReaderLimitsTest {
  /** The bytes given, then end of stream; records the largest read the reader asked for. */
  static final class Recording extends InputStream {
    private final byte[] bytes;
    private int at;
    final List<Integer> asked = new ArrayList<>();

    Recording(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      return at < bytes.length ? bytes[at++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      asked.add(len);
      if (at >= bytes.length) {
        return -1;
      }
      int n = Math.min(len, bytes.length - at);
      System.arraycopy(bytes, at, b, off, n);
      at += n;
      return n;
    }
  }

  static byte[] header(char type, int length, int bodyBytesSent) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeByte(type);
    d.writeInt(length);
    d.write(new byte[bodyBytesSent]);
    return b.toByteArray();
  }

  @Test
  void aHeaderClaimingMegabytesWithFewBytesBehindItAllocatesOnlyAFirstChunk() throws Exception {
    Recording in = new Recording(header('Q', 4 << 20, 10));
    MessageReader r = new MessageReader(in);
    r.limit(8 << 20, "--max-request-bytes");
    assertThrows(EOFException.class, r::read);
    assertTrue(in.asked.stream().allMatch(n -> n <= 8192), "reads asked for " + in.asked);
  }

  @Test
  void aLongMessageGrowsItsBufferAsItsBytesCome() throws Exception {
    Recording in = new Recording(header('Q', 100_004, 100_000));
    MessageReader r = new MessageReader(in);
    r.limit(1 << 20, "--max-request-bytes");
    assertEquals(100_000, r.read().remaining());
  }

  @Test
  void eachPhaseHasItsCap() throws Exception {
    MessageReader auth = new MessageReader(new Recording(header('p', 70_000, 0)));
    MessageReader.MessageTooLong e = assertThrows(MessageReader.MessageTooLong.class, auth::read);
    assertEquals("54000", e.sqlState());
    MessageReader startup = new MessageReader(new Recording(new byte[] {0x7f, 0, 0, 0, 0, 3, 0, 0}));
    assertEquals("08P01", assertThrows(ProtocolException.class, startup::readStartup).sqlState());
    MessageReader after = new MessageReader(new Recording(header('Q', 2004, 2000)));
    after.limit(1024, "--max-request-bytes");
    MalformedMessage dropped = assertThrows(MalformedMessage.class, after::read);
    assertEquals("54000", dropped.sqlState());
    assertTrue(dropped.getMessage().contains("--max-request-bytes"), dropped.getMessage());
  }
}
