package org.stripesql.server.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The network of a client address at a level of coarseness, as the {@link LoginThrottle} counts failures
 * when too many addresses are locked out at once: level 0 the address itself, 1 to 3 its IPv4 /24, /16,
 * /8 or IPv6 /64, /48, /32, and {@link #LEVELS} every address of its family.
 */
final class AddressPrefix {
  /** The coarsest level: all addresses. */
  static final int LEVELS = 4;
  private static final int[] IPV4_BITS = {32, 24, 16, 8, 0};
  private static final int[] IPV6_BITS = {128, 64, 48, 32, 0};
  private static final Pattern LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9A-Fa-f:.%a-zA-Z]*:[0-9A-Fa-f:.%a-zA-Z]*\\]?");

  private AddressPrefix() {
  }

  /** {@code address} at {@code level}; an address that is no IP literal has only itself, then "all". */
  static String of(String address, int level) {
    if (level == 0 || address == null) {
      return address;
    }
    byte[] bytes = bytes(address);
    if (bytes == null) {
      return level == LEVELS ? "all" : address;
    }
    int bits = (bytes.length == 4 ? IPV4_BITS : IPV6_BITS)[level];
    StringBuilder out = new StringBuilder(bytes.length == 4 ? "v4:" : "v6:");
    for (int i = 0; i < bytes.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - 8 * i));
      int b = bytes[i] & 0xff & (0xff << (8 - keep));
      out.append(Integer.toHexString(b)).append(i + 1 < bytes.length ? "." : "");
    }
    return out.append('/').append(bits).toString();
  }

  /** The address's bytes, without a DNS lookup; null for anything but an IP literal. */
  private static byte[] bytes(String address) {
    if (!LITERAL.matcher(address).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }
}
