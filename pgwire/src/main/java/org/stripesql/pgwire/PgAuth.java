package org.stripesql.pgwire;

import java.util.Locale;

/** How clients prove who they are, named as in PostgreSQL's pg_hba.conf. */
public enum PgAuth {
  /** SCRAM-SHA-256: the password never crosses the wire. The default. */
  SCRAM_SHA_256("scram-sha-256"),
  /** The password in clear text, for clients without SCRAM; only over TLS or on loopback. */
  PASSWORD("password");

  private final String configName;

  PgAuth(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** The method named {@code name} ({@code scram-sha-256} or {@code password}). */
  public static PgAuth parse(String name) {
    for (PgAuth a : values()) {
      if (a.configName.equals(name.trim().toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException("--pg-auth must be scram-sha-256 or password, not '" + name + "'");
  }
}
