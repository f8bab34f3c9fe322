package org.stripesql.pgwire.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.stripesql.pgwire.protocol.MessageWriter;
import org.stripesql.pgwire.sql.Command;

/**
 * COPY ... TO STDOUT's lines: each row's text values in COPY's text format (delimited, backslash escapes,
 * {@code \N} for NULL) or CSV (quoted where a value needs it, an optional header), as CopyData messages.
 */
final class CopyOut implements Portal.RowSink {
  private final Command.Copy copy;
  private final MessageWriter out;

  CopyOut(Command.Copy copy, MessageWriter out) {
    this.copy = copy;
    this.out = out;
  }

  /** The header line of CSV with HEADER. */
  void header(List<String> names) throws IOException {
    if (copy.csv() && copy.header()) {
      byte[][] values = new byte[names.size()][];
      for (int i = 0; i < values.length; i++) {
        values[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
      }
      row(values);
    }
  }

  @Override
  public void row(byte[][] textValues) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < textValues.length; i++) {
      if (i > 0) {
        b.append(copy.delimiter());
      }
      byte[] v = textValues[i];
      if (v == null) {
        b.append(copy.nullString());
      } else {
        String s = new String(v, StandardCharsets.UTF_8);
        b.append(copy.csv() ? csv(s) : text(s));
      }
    }
    b.append('\n');
    out.copyData(b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private String text(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        b.append("\\\\");
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c == copy.delimiter()) {
        b.append('\\').append(c);
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private String csv(String s) {
    char q = copy.quote();
    boolean quote = s.isEmpty() || s.equals(copy.nullString()) || s.indexOf(copy.delimiter()) >= 0
        || s.indexOf(q) >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    if (!quote) {
      return s;
    }
    return q + s.replace(String.valueOf(q), String.valueOf(q) + q) + q;
  }
}
