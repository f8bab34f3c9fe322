package org.stripesql.server.http;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names a request's {@code Host} header may carry: {@code localhost} and loopback addresses, the
 * bound address (on a wildcard bind, the machine's own addresses), and the operator's allowlist
 * ({@code *} turns the check off). A DNS-rebinding page sends its own name, which is none of these.
 */
final class HostAllowlist {
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

  private final Set<String> names = new HashSet<>();
  private final Set<InetAddress> addresses = new HashSet<>();
  private final boolean any;

  HostAllowlist(String bindHost, List<String> allowed) {
    names.add("localhost");
    for (String a : allowed) {
      String n = normalize(a);
      InetAddress address = literal(n);
      if (address != null) {
        addresses.add(address);
      } else {
        names.add(n);
      }
    }
    any = names.contains("*");
    String bind = normalize(bindHost);
    InetAddress bound = literal(bind);
    if (bound == null) {
      names.add(bind);
    } else if (bound.isAnyLocalAddress()) {
      addresses.addAll(localAddresses());
    } else {
      addresses.add(bound);
    }
  }

  /** Whether a request with this {@code Host} header may pass. */
  boolean allows(String hostHeader) {
    if (any) {
      return true;
    }
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    String host = normalize(withoutPort(hostHeader.trim()));
    InetAddress a = literal(host);
    if (a != null) {
      return a.isLoopbackAddress() || addresses.contains(a);
    }
    return names.contains(host);
  }

  private static String withoutPort(String h) {
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end > 0 ? h.substring(0, end + 1) : h;
    }
    int colon = h.indexOf(':');
    return colon >= 0 && colon == h.lastIndexOf(':') ? h.substring(0, colon) : h;
  }

  private static String normalize(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.startsWith("[") && n.endsWith("]")) {
      n = n.substring(1, n.length() - 1);
    }
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  /** The address an IP literal names, or null for a name (which is never looked up). */
  private static InetAddress literal(String host) {
    if (!IPV4.matcher(host).matches() && !host.contains(":")) {
      return null;
    }
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static Set<InetAddress> localAddresses() {
    Set<InetAddress> out = new HashSet<>();
    try {
      for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        out.addAll(Collections.list(n.getInetAddresses()));
      }
    } catch (SocketException e) {
      // no interfaces listed: loopback and the allowlist still pass
    }
    return out;
  }
}
