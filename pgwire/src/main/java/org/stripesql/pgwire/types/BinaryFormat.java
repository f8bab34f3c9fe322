package org.stripesql.pgwire.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * PostgreSQL's binary format of values, both ways, for the types clients ask binary for (pgJDBC from a
 * statement's sixth execution on): integers, floats, numeric, bool, text, timestamps as microseconds
 * since 2000-01-01 (integer_datetimes on), dates, times, bytea, uuid and one-dimensional arrays.
 */
public final class BinaryFormat {
  private static final LocalDateTime EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);
  private static final LocalDate EPOCH_DATE = EPOCH.toLocalDate();
  private static final short NUMERIC_POS = 0x0000;
  private static final short NUMERIC_NEG = 0x4000;
  private static final short NUMERIC_NAN = (short) 0xC000;

  private BinaryFormat() {
  }

  /** Whether values of {@code type} can be sent and read in binary. */
  public static boolean supports(PgType type) {
    if (type.element() != null) {
      return supports(type.element());
    }
    switch (type) {
      case BOOL: case INT2: case INT4: case INT8: case OID: case FLOAT4: case FLOAT8: case NUMERIC: case TEXT:
      case VARCHAR: case BPCHAR: case NAME: case CHAR: case JSON: case JSONB: case TIMESTAMP: case TIMESTAMPTZ:
      case DATE: case TIME: case BYTEA: case UUID: case REGCLASS: case REGTYPE: case REGNAMESPACE: case INTERVAL:
        return true;
      default:
        return false;
    }
  }

  /** The binary form of {@code value} as a column of {@code type}; null for SQL NULL. */
  public static byte[] encode(PgType type, Object value) {
    if (value == null) {
      return null;
    }
    if (type.element() != null) {
      return array(type.element(), (List<?>) value);
    }
    switch (type) {
      case BOOL:
        return new byte[] {(byte) (Boolean.TRUE.equals(value) ? 1 : 0)};
      case INT2:
        return ByteBuffer.allocate(2).putShort(((Number) value).shortValue()).array();
      case INT4: case OID: case REGCLASS: case REGTYPE: case REGNAMESPACE:
        return ByteBuffer.allocate(4).putInt(((Number) value).intValue()).array();
      case INT8:
        return ByteBuffer.allocate(8).putLong(((Number) value).longValue()).array();
      case FLOAT4:
        return ByteBuffer.allocate(4).putFloat(((Number) value).floatValue()).array();
      case FLOAT8:
        return ByteBuffer.allocate(8).putDouble(((Number) value).doubleValue()).array();
      case NUMERIC:
        return numeric(value instanceof BigDecimal d ? d : new BigDecimal(value.toString()));
      case TIMESTAMP: case TIMESTAMPTZ:
        return ByteBuffer.allocate(8).putLong(ChronoUnit.MICROS.between(EPOCH, (LocalDateTime) value)).array();
      case DATE:
        return ByteBuffer.allocate(4).putInt((int) ChronoUnit.DAYS.between(EPOCH_DATE, (LocalDate) value)).array();
      case TIME:
        return ByteBuffer.allocate(8).putLong(((LocalTime) value).toNanoOfDay() / 1000).array();
      case BYTEA:
        return (byte[]) value;
      case UUID:
        UUID u = UUID.fromString(value.toString());
        return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
      case JSONB:
        byte[] j = value.toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(j.length + 1).put((byte) 1).put(j).array();
      case INTERVAL:
        PgInterval iv = (PgInterval) value;
        return ByteBuffer.allocate(16).putLong(iv.micros()).putInt((int) iv.days()).putInt((int) iv.months()).array();
      default:
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** numeric: ndigits, weight, sign, dscale, then base-10000 digits, all int16. */
  static byte[] numeric(BigDecimal d) {
    int dscale = Math.max(d.scale(), 0);
    BigDecimal abs = d.abs();
    String plain = abs.setScale(dscale, RoundingMode.UNNECESSARY).toPlainString();
    int dot = plain.indexOf('.');
    String intPart = dot < 0 ? plain : plain.substring(0, dot);
    String fracPart = dot < 0 ? "" : plain.substring(dot + 1);
    if (intPart.equals("0")) {
      intPart = "";
    }
    int intGroups = (intPart.length() + 3) / 4;
    intPart = "0".repeat(intGroups * 4 - intPart.length()) + intPart;
    int fracGroups = (fracPart.length() + 3) / 4;
    fracPart = fracPart + "0".repeat(fracGroups * 4 - fracPart.length());
    List<Short> digits = new ArrayList<>();
    for (int i = 0; i < intGroups; i++) {
      digits.add(Short.parseShort(intPart.substring(i * 4, i * 4 + 4)));
    }
    for (int i = 0; i < fracGroups; i++) {
      digits.add(Short.parseShort(fracPart.substring(i * 4, i * 4 + 4)));
    }
    int weight = intGroups - 1;
    while (!digits.isEmpty() && digits.get(0) == 0) {
      digits.remove(0);
      weight--;
    }
    while (!digits.isEmpty() && digits.get(digits.size() - 1) == 0) {
      digits.remove(digits.size() - 1);
    }
    if (digits.isEmpty()) {
      weight = 0;
    }
    ByteBuffer b = ByteBuffer.allocate(8 + 2 * digits.size());
    b.putShort((short) digits.size()).putShort((short) weight)
        .putShort(d.signum() < 0 ? NUMERIC_NEG : NUMERIC_POS).putShort((short) dscale);
    digits.forEach(b::putShort);
    return b.array();
  }

  private static byte[] array(PgType element, List<?> values) {
    List<byte[]> parts = new ArrayList<>();
    int size = 20;
    boolean nulls = false;
    for (Object v : values) {
      byte[] p = encode(element, v);
      nulls |= p == null;
      parts.add(p);
      size += 4 + (p == null ? 0 : p.length);
    }
    ByteBuffer b = ByteBuffer.allocate(values.isEmpty() ? 12 : size);
    b.putInt(values.isEmpty() ? 0 : 1).putInt(nulls ? 1 : 0).putInt(element.oid());
    if (!values.isEmpty()) {
      b.putInt(values.size()).putInt(1);
      for (byte[] p : parts) {
        if (p == null) {
          b.putInt(-1);
        } else {
          b.putInt(p.length).put(p);
        }
      }
    }
    return b.array();
  }

  /** The value of a binary parameter of {@code type}. */
  public static Object decode(PgType type, byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (type.element() != null) {
      return decodeArray(b);
    }
    switch (type) {
      case BOOL:
        return bytes[0] != 0;
      case INT2:
        return b.getShort();
      case INT4: case OID:
        return b.getInt();
      case INT8:
        return b.getLong();
      case FLOAT4:
        return b.getFloat();
      case FLOAT8:
        return b.getDouble();
      case NUMERIC:
        return decodeNumeric(b);
      case TIMESTAMP: case TIMESTAMPTZ:
        return EPOCH.plus(b.getLong(), ChronoUnit.MICROS);
      case DATE:
        return EPOCH_DATE.plusDays(b.getInt());
      case TIME:
        return LocalTime.ofNanoOfDay(b.getLong() * 1000);
      case BYTEA:
        return bytes;
      case UUID:
        return new UUID(b.getLong(), b.getLong()).toString();
      case JSONB:
        return new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
      case INTERVAL:
        long micros = b.getLong();
        int days = b.getInt();
        return new PgInterval(b.getInt(), days, micros);
      default:
        return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  static BigDecimal decodeNumeric(ByteBuffer b) {
    int ndigits = b.getShort();
    int weight = b.getShort();
    int sign = b.getShort() & 0xFFFF;
    int dscale = b.getShort();
    if (sign == (NUMERIC_NAN & 0xFFFF)) {
      throw new IllegalArgumentException("NaN is not a supported numeric value");
    }
    BigInteger unscaled = BigInteger.ZERO;
    for (int i = 0; i < ndigits; i++) {
      unscaled = unscaled.multiply(BigInteger.valueOf(10_000)).add(BigInteger.valueOf(b.getShort()));
    }
    BigDecimal v = new BigDecimal(unscaled).scaleByPowerOfTen(4 * (weight - ndigits + 1));
    v = v.setScale(dscale, RoundingMode.HALF_UP);
    return sign == (NUMERIC_NEG & 0xFFFF) ? v.negate() : v;
  }

  private static List<Object> decodeArray(ByteBuffer b) {
    int ndim = b.getInt();
    b.getInt();
    PgType element = PgType.byOid(b.getInt());
    List<Object> out = new ArrayList<>();
    if (ndim == 0) {
      return out;
    }
    if (ndim != 1 || element == null) {
      throw new IllegalArgumentException("only one-dimensional arrays of known types are supported");
    }
    int n = b.getInt();
    b.getInt();
    for (int i = 0; i < n; i++) {
      int len = b.getInt();
      if (len < 0) {
        out.add(null);
      } else {
        byte[] e = new byte[len];
        b.get(e);
        out.add(decode(element, e));
      }
    }
    return out;
  }
}
