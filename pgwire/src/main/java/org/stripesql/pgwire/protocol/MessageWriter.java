package org.stripesql.pgwire.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes backend messages into a buffer that goes to the socket when it fills up and on
 * {@link #flush()} (at ReadyForQuery, PortalSuspended and the like), so a large result streams with the
 * socket's own back pressure and small answers leave in one packet.
 */
public final class MessageWriter {
  private static final int FLUSH_AT = 64 * 1024;

  private OutputStream out;
  private byte[] buf = new byte[FLUSH_AT + 1024];
  private int len;
  private int start;

  public MessageWriter(OutputStream out) {
    this.out = out;
  }

  /** Continues on another stream (the TLS one after SSLRequest). */
  public void switchTo(OutputStream next) {
    this.out = next;
  }

  /** One byte outside any message: the answer to SSLRequest. */
  public void rawByte(char b) throws IOException {
    out.write(b);
    out.flush();
  }

  private void begin(char type) {
    ensure(5);
    start = len;
    buf[len++] = (byte) type;
    len += 4;
  }

  private void end() throws IOException {
    int n = len - start - 1;
    buf[start + 1] = (byte) (n >>> 24);
    buf[start + 2] = (byte) (n >>> 16);
    buf[start + 3] = (byte) (n >>> 8);
    buf[start + 4] = (byte) n;
    if (len >= FLUSH_AT) {
      out.write(buf, 0, len);
      len = 0;
    }
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  private void int8(int v) {
    ensure(1);
    buf[len++] = (byte) v;
  }

  private void int16(int v) {
    ensure(2);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
  }

  private void int32(int v) {
    ensure(4);
    buf[len++] = (byte) (v >>> 24);
    buf[len++] = (byte) (v >>> 16);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
  }

  private void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  private void cstring(String s) {
    bytes(s.getBytes(StandardCharsets.UTF_8));
    int8(0);
  }

  /** Sends what is buffered. */
  public void flush() throws IOException {
    if (len > 0) {
      out.write(buf, 0, len);
      len = 0;
    }
    out.flush();
    if (buf.length > 4 * FLUSH_AT) {
      buf = new byte[FLUSH_AT + 1024];
    }
  }

  public void authenticationOk() throws IOException {
    authentication(0, null);
  }

  public void authenticationCleartextPassword() throws IOException {
    authentication(3, null);
  }

  public void authenticationSasl(List<String> mechanisms) throws IOException {
    begin('R');
    int32(10);
    mechanisms.forEach(this::cstring);
    int8(0);
    end();
  }

  public void authenticationSaslContinue(byte[] data) throws IOException {
    authentication(11, data);
  }

  public void authenticationSaslFinal(byte[] data) throws IOException {
    authentication(12, data);
  }

  private void authentication(int code, byte[] data) throws IOException {
    begin('R');
    int32(code);
    if (data != null) {
      bytes(data);
    }
    end();
  }

  public void parameterStatus(String name, String value) throws IOException {
    begin('S');
    cstring(name);
    cstring(value);
    end();
  }

  public void backendKeyData(int pid, int key) throws IOException {
    begin('K');
    int32(pid);
    int32(key);
    end();
  }

  /** ReadyForQuery with the transaction status ({@code I} idle, {@code T} in a block, {@code E} failed block). */
  public void readyForQuery(char status) throws IOException {
    begin('Z');
    int8(status);
    end();
  }

  /** One column of a RowDescription. */
  public record Field(String name, int tableOid, int attnum, int typeOid, int typlen, int typmod, int format) {}

  public void rowDescription(List<Field> fields) throws IOException {
    begin('T');
    int16(fields.size());
    for (Field f : fields) {
      cstring(f.name());
      int32(f.tableOid());
      int16(f.attnum());
      int32(f.typeOid());
      int16(f.typlen());
      int32(f.typmod());
      int16(f.format());
    }
    end();
  }

  /** A DataRow of already encoded values (null: SQL NULL). */
  public void dataRow(byte[][] values) throws IOException {
    begin('D');
    int16(values.length);
    for (byte[] v : values) {
      if (v == null) {
        int32(-1);
      } else {
        int32(v.length);
        bytes(v);
      }
    }
    end();
  }

  public void commandComplete(String tag) throws IOException {
    begin('C');
    cstring(tag);
    end();
  }

  public void emptyQueryResponse() throws IOException {
    simple('I');
  }

  public void parseComplete() throws IOException {
    simple('1');
  }

  public void bindComplete() throws IOException {
    simple('2');
  }

  public void closeComplete() throws IOException {
    simple('3');
  }

  public void noData() throws IOException {
    simple('n');
  }

  public void portalSuspended() throws IOException {
    simple('s');
  }

  private void simple(char type) throws IOException {
    begin(type);
    end();
  }

  /** CopyOutResponse: text format, {@code columns} columns, each in text. */
  public void copyOutResponse(int columns) throws IOException {
    begin('H');
    int8(0);
    int16(columns);
    for (int i = 0; i < columns; i++) {
      int16(0);
    }
    end();
  }

  /** CopyData: one row of COPY's output, its line ending included. */
  public void copyData(byte[] line) throws IOException {
    begin('d');
    bytes(line);
    end();
  }

  public void copyDone() throws IOException {
    simple('c');
  }

  public void parameterDescription(int[] oids) throws IOException {
    begin('t');
    int16(oids.length);
    for (int oid : oids) {
      int32(oid);
    }
    end();
  }

  /** ErrorResponse ({@code notice} false) or NoticeResponse with these fields. */
  public void error(PgError e, boolean notice) throws IOException {
    begin(notice ? 'N' : 'E');
    field('S', e.severity());
    field('V', e.severity());
    field('C', e.sqlState());
    field('M', e.message());
    field('D', e.detail());
    field('H', e.hint());
    if (e.position() > 0) {
      field('P', Integer.toString(e.position()));
    }
    int8(0);
    end();
  }

  private void field(char code, String value) {
    if (value != null) {
      int8(code);
      cstring(value);
    }
  }
}
