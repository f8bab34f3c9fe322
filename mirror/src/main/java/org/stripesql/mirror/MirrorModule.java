package org.stripesql.mirror;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.mirror.MirrorHandle;
import org.stripesql.adapter.mirror.MirrorProvider;
import org.stripesql.adapter.mirror.MirrorRequest;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.EventTypes;
import org.stripesql.mirror.sync.StripeReads;
import org.stripesql.mirror.sync.Verifier;

/**
 * The mirror module's service. Per process: one {@link MirrorCredential} per key (and AccountId and store),
 * made on the first schema that asks, and one {@link AccountMirror} per account and store, which every key
 * of that account joins once its account is known; so several keys of one account share one store and one
 * loader, and each reads from it only what Stripe has shown it may read.
 */
public final class MirrorModule implements MirrorProvider {
  private static final Map<String, MirrorCredential> KEYS = new ConcurrentHashMap<>();
  private static final Map<String, AccountMirror> ACCOUNTS = new ConcurrentHashMap<>();
  private static final Map<String, PlatformMirror> PLATFORMS = new ConcurrentHashMap<>();

  /** ServiceLoader makes it. */
  public MirrorModule() {}

  @Override
  public MirrorHandle open(MirrorRequest request) {
    List<String> tables = TableSelection.of(request.config().mirror(), request.catalog(), EventTypes.bundled());
    StripeClient client = request.client();
    MirrorSettings settings = MirrorSettings.of(request.config());
    Catalog catalog = request.catalog();
    if (request.connected() != null) {
      return openPlatform(request, tables, settings);
    }
    MirrorCredential key = KEYS.computeIfAbsent(settings.credentialKey(client.accountKey()), k -> {
      MirrorCredential c = new MirrorCredential(k, settings, catalog, new StripeReads(catalog, client),
          directory -> ACCOUNTS.computeIfAbsent(settings.accountKey(directory), a -> {
            AccountMirror m = new AccountMirror(settings, directory, catalog);
            m.start();
            return m;
          }));
      c.start();
      return c;
    });
    key.want(tables);
    return new SchemaView(key, tables, request.session());
  }

  /**
   * A Connect platform's mirror: one per platform credential, account set and store, its connected accounts'
   * copies in one store.
   */
  private static MirrorHandle openPlatform(MirrorRequest request, List<String> tables, MirrorSettings settings) {
    StripeClient client = request.client();
    String key = settings.credentialKey(client.accountKey()) + "|connected=" + request.config().connectedAccounts();
    PlatformMirror p = PLATFORMS.computeIfAbsent(key, k -> {
      PlatformMirror m = new PlatformMirror(settings, k, request.catalog(), request.connected(),
          client.settings().rateLimit());
      m.start();
      return m;
    });
    p.want(tables);
    return new PlatformView(p, tables, request.session());
  }

  @Override
  public void closeAll() {
    for (String k : List.copyOf(PLATFORMS.keySet())) {
      PlatformMirror p = PLATFORMS.remove(k);
      if (p != null) {
        p.close();
      }
    }
    for (String k : List.copyOf(KEYS.keySet())) {
      MirrorCredential c = KEYS.remove(k);
      if (c != null) {
        c.close();
      }
    }
    for (String k : List.copyOf(ACCOUNTS.keySet())) {
      AccountMirror m = ACCOUNTS.remove(k);
      if (m != null) {
        m.close();
      }
    }
  }

  /** Stops one mirror and the keys that joined it, as if its process died (tests of a shared mirror's failover). */
  static void close(String label) {
    ACCOUNTS.values().removeIf(m -> {
      if (m.label().equals(label)) {
        m.close();
        return true;
      }
      return false;
    });
    KEYS.values().removeIf(c -> {
      if (c.mirror() != null && c.mirror().label().equals(label)) {
        c.close();
        return true;
      }
      return false;
    });
  }

  /** MirrorVerify of a key: a table it has been shown to read. */
  static Verifier.Outcome verify(String key, String table) {
    MirrorCredential c = KEYS.get(key);
    if (c == null || c.mirror() == null) {
      throw new IllegalStateException("the mirror of this schema is closed or not started yet");
    }
    String denied = c.access().whyNot(table);
    if (denied != null) {
      throw new IllegalStateException("table " + table + " cannot be verified with this key: " + denied);
    }
    return c.mirror().verifyNow(table);
  }
}
