package org.stripesql.adapter.oauth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.adapter.client.Credentials;
import org.stripesql.adapter.connect.OAuthAccounts;

/**
 * The tokens of every account connected to one schema through OAuth (ConnectedAccounts=oauth): one
 * settings file per account ({@code acct_....json}) in a directory of the schema's own, next to its
 * OAuthSettingsLocation file, each written, locked and refreshed on its own, so one account's expired or
 * revoked token touches no other.
 */
final class ConnectedTokens implements OAuthAccounts {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectedTokens.class);

  private final Path dir;
  private final StripeConnect connect;
  private final Map<String, OAuthSettingsStore> stores = new ConcurrentHashMap<>();
  private final Map<String, OAuthTokens> current = new ConcurrentHashMap<>();

  /** {@code settingsFile}: the schema's OAuthSettingsLocation; the accounts' files go to its {@code -accounts} directory. */
  ConnectedTokens(Path settingsFile, StripeConnect connect) {
    String name = settingsFile.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    Path parent = settingsFile.toAbsolutePath().getParent();
    this.dir = parent.resolve(base + "-accounts");
    this.connect = connect;
  }

  /** The directory holding the accounts' files. */
  Path directory() {
    return dir;
  }

  /** Stores the tokens of an account the flow just connected (or connected again). */
  void store(OAuthTokens t) {
    String account = t.stripeUserId();
    if (account == null || !account.matches("acct_[A-Za-z0-9]{1,64}")) {
      throw new OAuthException("Stripe's token answer names no connected account (stripe_user_id); nothing was"
          + " stored", null, "HY000", null);
    }
    OAuthSettingsStore s = store(account);
    s.locked(() -> {
      s.write(t);
      current.put(account, t);
      return null;
    });
  }

  /** The accounts with a settings file, oldest first (the order they connected). */
  @Override
  public List<String> connectedAccounts() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().matches("acct_[A-Za-z0-9]{1,64}\\.json")).forEach(files::add);
    } catch (IOException e) {
      throw new OAuthException("cannot list the connected accounts' OAuth files in " + dir + " ("
          + e.getClass().getSimpleName() + ")", null, "HY000", e);
    }
    files.sort(Comparator.comparing(ConnectedTokens::modified).thenComparing(p -> p.getFileName().toString()));
    return files.stream().map(p -> p.getFileName().toString().replace(".json", "")).toList();
  }

  private static Instant modified(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class).creationTime().toInstant();
    } catch (IOException e) {
      return Instant.MAX;
    }
  }

  /** The tokens of one account: its file's, refreshed (and written back) when expired or refused. */
  @Override
  public Credentials credentials(String account) {
    return new Credentials() {
      @Override
      public String bearerToken() {
        OAuthTokens t = current.computeIfAbsent(account, a -> read(a));
        if (t.expiredAt(Instant.now(), OAuthService.EXPIRY_SKEW_SECONDS)) {
          t = replace(account, t.accessToken());
        }
        return t.accessToken();
      }

      @Override
      public boolean refreshAfterRejection(String rejectedToken) {
        OAuthTokens t = current.get(account);
        if (t == null || t.refreshToken() == null) {
          return false;
        }
        try {
          replace(account, rejectedToken);
          return true;
        } catch (OAuthException e) {
          LOG.warn("Refreshing the OAuth token of connected account {} failed: {}", account, e.getMessage());
          return false;   // the 401 stands: the account is unreadable
        }
      }

      @Override
      public String rateLimitKey() {
        return "oauth|" + connect.clientId() + "|" + account;
      }

      @Override
      public String toString() {
        return "ConnectedOAuthCredentials[" + account + ", tokens=[REDACTED]]";
      }
    };
  }

  private OAuthTokens read(String account) {
    OAuthTokens t = store(account).read();
    if (t == null) {
      throw new OAuthException("connected account " + account + " has no stored OAuth token (" + store(account).file()
          + "); connect it again through the gateway's /oauth/authorize", null, "28000", null);
    }
    return t;
  }

  /** Replaces an account's access token {@code stale}: adopts a newer one on file, else refreshes. */
  private OAuthTokens replace(String account, String stale) {
    OAuthSettingsStore s = store(account);
    return s.locked(() -> {
      OAuthTokens onFile = s.read();
      if (onFile != null && !onFile.accessToken().equals(stale)
          && !onFile.expiredAt(Instant.now(), OAuthService.EXPIRY_SKEW_SECONDS)) {
        current.put(account, onFile);
        return onFile;
      }
      OAuthTokens base = onFile != null ? onFile : current.get(account);
      LOG.info("Refreshing the Stripe OAuth access token of connected account {}", account);
      OAuthTokens fresh = connect.refresh(base == null ? null : base.refreshToken());
      if (fresh.stripeUserId() == null) {
        fresh = new OAuthTokens(fresh.accessToken(), fresh.refreshToken(), account, fresh.scope(), fresh.livemode(),
            fresh.tokenType(), fresh.expiresAt());
      }
      s.write(fresh);
      current.put(account, fresh);
      return fresh;
    });
  }

  private OAuthSettingsStore store(String account) {
    return stores.computeIfAbsent(account, a -> new OAuthSettingsStore(dir.resolve(a + ".json")));
  }
}
