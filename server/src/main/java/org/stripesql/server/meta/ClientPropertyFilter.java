package org.stripesql.server.meta;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.StripeAdapter;

/**
 * Filters the connection properties a remote client sends with {@code openConnection} before they
 * reach the server-side Calcite driver: a whitelist of {@code user}, {@code password} and the mirror's
 * freshness settings ({@code MirrorMaxLagSeconds}, {@code MirrorWhenStale}: how old a mirrored copy this
 * connection accepts, which the adapter checks); everything else is dropped, with a WARN naming (never
 * showing) what could shape the server's connection. The policy and why: docs/design.md.
 */
public final class ClientPropertyFilter {
  private static final Logger LOG = LoggerFactory.getLogger(ClientPropertyFilter.class);

  /** Properties a remote client may set on its server-side connection (lower case). */
  public static final Set<String> ALLOWED = allowed();

  /** Client-side Avatica settings forwarded by the thin driver; dropped without a warning. */
  static final Set<String> CLIENT_TRANSPORT = Set.of(
      "url", "serialization", "authentication", "avatica_user", "avatica_password",
      "principal", "keytab", "truststore", "truststore_password", "keystore_type", "keystore",
      "keystore_password", "key_password", "hostname_verification", "transparent_reconnection",
      "fetch_size", "use_client_side_lb", "lb_urls", "lb_strategy",
      "lb_connection_failover_retries", "lb_connection_failover_sleep_time",
      "http_connection_timeout", "http_response_timeout", "bearer_token", "token_file");

  private ClientPropertyFilter() {}

  private static Set<String> allowed() {
    Set<String> names = new TreeSet<>(Set.of("user", "password"));
    StripeAdapter.MIRROR_SETTINGS.forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
    return Set.copyOf(names);
  }

  /** The properties that may pass, in their original order; logs what is dropped. */
  public static Map<String, String> filter(Map<String, String> requested) {
    Map<String, String> passed = new LinkedHashMap<>();
    Set<String> warned = new TreeSet<>();
    if (requested == null) {
      return passed;
    }
    for (Map.Entry<String, String> e : requested.entrySet()) {
      String name = e.getKey();
      if (name == null) {
        continue;
      }
      String key = name.toLowerCase(Locale.ROOT);
      if (ALLOWED.contains(key)) {
        passed.put(key, e.getValue());
      } else if (CLIENT_TRANSPORT.contains(key)) {
        LOG.debug("Ignoring client transport property '{}'", name);
      } else {
        warned.add(name);
      }
    }
    for (String name : warned) {
      LOG.warn("Dropped connection property '{}' sent by a client: clients may only set {}",
          sanitize(name), ALLOWED);
    }
    return passed;
  }

  /** The names {@link #filter} drops with a warning, for tests and callers that want to report. */
  public static Set<String> rejectedNames(Map<String, String> requested) {
    Set<String> out = new TreeSet<>();
    for (String name : requested.keySet()) {
      String key = name.toLowerCase(Locale.ROOT);
      if (!ALLOWED.contains(key) && !CLIENT_TRANSPORT.contains(key)) {
        out.add(name);
      }
    }
    return out;
  }

  /** A property name is client input: keep the log line on one line and bounded. */
  private static String sanitize(String name) {
    String s = name.replaceAll("[\\p{Cntrl}]", "?");
    return s.length() > 100 ? s.substring(0, 100) + "..." : s;
  }
}
