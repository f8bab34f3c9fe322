package org.stripesql.mirror.sync;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A row's digest, the same for a row read from Stripe and the same row read back from the store. */
public final class RowDigest {
  private RowDigest() {}

  /** The canonical text of a row: decimals without trailing zeros, nulls marked. */
  public static String canonical(Object[] row) {
    StringBuilder b = new StringBuilder();
    for (Object v : row) {
      if (v == null) {
        b.append("\u0000N");
      } else if (v instanceof BigDecimal d) {
        b.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
      } else {
        b.append(v);
      }
      b.append('\u0001');
    }
    return b.toString();
  }

  /** The first 8 bytes of the row's SHA-256. */
  public static long of(Object[] row) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical(row).getBytes(StandardCharsets.UTF_8));
      long h = 0;
      for (int i = 0; i < 8; i++) {
        h = (h << 8) | (d[i] & 0xff);
      }
      return h;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
