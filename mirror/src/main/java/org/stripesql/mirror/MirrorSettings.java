package org.stripesql.mirror;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.stripesql.adapter.config.StripeSchemaConfig;
import org.stripesql.mirror.jobs.Pace;

/**
 * A mirror's settings from the schema's operands, and what identifies a credential's view of it and the
 * account's mirror itself. A mirror is the account's (API base, account and mode, store), shared by every
 * key of the account in the process; a key is known by a digest. Labels (short digests) name mirrors and
 * keys in logs, metrics and threads without naming the account or the key.
 */
record MirrorSettings(String apiBase, String accountId, boolean testMode, String store, Pace pace,
    Duration accessCheck) {
  static final String STRIPE_API = "https://api.stripe.com";

  static MirrorSettings of(StripeSchemaConfig config) {
    return new MirrorSettings(config.apiBase(), config.accountId(), config.testMode(), config.mirrorStore(),
        new Pace(config.mirrorRefresh(), config.mirrorRescan(), config.mirrorVerify()), config.mirrorAccessCheck());
  }

  boolean postgres() {
    return store.startsWith("jdbc:");
  }

  /** What identifies one credential's view: API base, a digest of the credential, AccountId, store. */
  String credentialKey(String credential) {
    return apiBase + "|" + digest(String.valueOf(credential)) + "|" + (accountId == null ? "" : accountId) + "|" + store;
  }

  /** What identifies an account's mirror in this process: API base, its directory (account and mode), store. */
  String accountKey(String accountDirectory) {
    return apiBase + "|" + accountDirectory + "|" + store;
  }

  /**
   * The account's own directory under a DuckDB store (and the base of its PostgreSQL schema): the account
   * id ({@code own} instead for a key that cannot name its account), the mode, and for an API base other
   * than Stripe's (the emulator) a digest of it.
   */
  String accountDirectory(String account) {
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

  /** A short digest: a label for logs, threads and metrics. */
  static String label(String key) {
    return digest(key).substring(0, 10);
  }

  static String digest(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
