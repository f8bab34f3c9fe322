package org.stripesql.mirror;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.stripesql.adapter.config.StripeSchemaConfig;
import org.stripesql.mirror.sync.StripeReads;

/**
 * A mirror's settings from the schema's operands, and what identifies it: the API base, a digest of the
 * credential and the connected account, and the store. The label (a short digest of all that) names the
 * mirror in logs, metrics and threads without naming the account.
 */
record MirrorSettings(String key, String label, String apiBase, String accountId, boolean testMode, String store,
    Duration refresh, Duration rescan, Duration verify) {
  static final String STRIPE_API = "https://api.stripe.com";

  static MirrorSettings of(StripeSchemaConfig config, String credentialKey) {
    String key = config.apiBase() + "|" + digest(String.valueOf(credentialKey)) + "|"
        + (config.accountId() == null ? "" : config.accountId()) + "|" + config.mirrorStore();
    return new MirrorSettings(key, digest(key).substring(0, 10), config.apiBase(), config.accountId(),
        config.testMode(), config.mirrorStore(), config.mirrorRefresh(), config.mirrorRescan(), config.mirrorVerify());
  }

  boolean postgres() {
    return store.startsWith("jdbc:");
  }

  /**
   * The account's own directory under a DuckDB store (and the base of its PostgreSQL schema): the account
   * id, the mode, and for an API base other than Stripe's (the emulator) a digest of it.
   */
  String accountDirectory(StripeReads reads) {
    String account = accountId != null ? accountId : AccountMirror.accountId(reads);
    String dir = account + (testMode ? "-test" : "-live");
    if (!apiBase.equals(STRIPE_API)) {
      dir += "-" + digest(apiBase).substring(0, 8);
    }
    return dir.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /** The PostgreSQL schema of an account: lower case, at most 63 characters. */
  String postgresSchema(String accountDirectory) {
    String s = ("stripe_mirror_" + accountDirectory).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return s.length() > 63 ? s.substring(0, 63) : s;
  }

  private static String digest(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
