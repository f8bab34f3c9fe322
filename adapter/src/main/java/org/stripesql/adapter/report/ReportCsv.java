package org.stripesql.adapter.report;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a report file's CSV one record at a time as it arrives (RFC 4180: fields quoted with {@code "},
 * {@code ""} inside quotes, CRLF, LF or CR line ends, a byte order mark before the first field).
 */
final class ReportCsv implements Closeable {
  private final Reader in;
  private final char[] buf = new char[8192];
  private int pos;
  private int len;
  private boolean started;
  private long line = 1;
  /** A character read ahead at a CR that was no CRLF, or -2 for none. */
  private int peeked = -2;

  ReportCsv(Reader in) {
    this.in = in;
  }

  /** The line the next record starts on (1 for the header). */
  long line() {
    return line;
  }

  /** The next record's fields, or null at the end of the file; a blank line is no record. */
  String[] next() throws IOException {
    int c = read();
    if (!started) {
      started = true;
      if (c == '\uFEFF') {
        c = read();
      }
    }
    while (c == '\r' || c == '\n') {
      endOfLine(c);
      c = read();
    }
    if (c < 0) {
      return null;
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    while (true) {
      if (c == '"' && field.length() == 0) {
        c = quoted(field);
      }
      if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        c = read();
        continue;
      }
      if (c < 0 || c == '\r' || c == '\n') {
        fields.add(field.toString());
        if (c >= 0) {
          endOfLine(c);
        }
        return fields.toArray(new String[0]);
      }
      field.append((char) c);
      c = read();
    }
  }

  /** Reads a quoted field's text up to its closing quote; returns the character after it. */
  private int quoted(StringBuilder field) throws IOException {
    while (true) {
      int c = read();
      if (c < 0) {
        throw new IOException("the file ends inside a quoted field (line " + line + ")");
      }
      if (c == '"') {
        int d = read();
        if (d != '"') {
          return d;
        }
      } else if (c == '\n') {
        line++;
      }
      field.append((char) c);
    }
  }

  /** Consumes the rest of a line end that started with {@code c}. */
  private void endOfLine(int c) throws IOException {
    line++;
    if (c == '\r') {
      int d = read();
      if (d != '\n') {
        peeked = d;
      }
    }
  }

  private int read() throws IOException {
    if (peeked != -2) {
      int p = peeked;
      peeked = -2;
      return p;
    }
    if (pos == len) {
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos++];
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
