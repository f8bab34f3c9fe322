package org.stripesql.mirror;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.mirror.MirrorHandle;
import org.stripesql.adapter.mirror.MirrorProvider;
import org.stripesql.adapter.mirror.MirrorRequest;
import org.stripesql.catalog.EventTypes;
import org.stripesql.mirror.sync.StripeReads;

/**
 * The mirror module's service: one {@link AccountMirror} per account and store in the process, made on
 * the first schema that asks, like the rate limiters; later schemas of the same account share it.
 */
public final class MirrorModule implements MirrorProvider {
  private static final Map<String, AccountMirror> MIRRORS = new ConcurrentHashMap<>();

  /** ServiceLoader makes it. */
  public MirrorModule() {}

  @Override
  public MirrorHandle open(MirrorRequest request) {
    List<String> tables = TableSelection.of(request.config().mirror(), request.catalog(), EventTypes.bundled());
    StripeClient client = request.client();
    MirrorSettings settings = MirrorSettings.of(request.config(), client.accountKey());
    AccountMirror mirror = MIRRORS.computeIfAbsent(settings.key(), k -> {
      AccountMirror m = new AccountMirror(settings, request.catalog(), new StripeReads(request.catalog(), client),
          tables);
      m.start();
      return m;
    });
    mirror.addTables(tables);
    return new Handle(mirror, tables);
  }

  @Override
  public void closeAll() {
    for (String k : List.copyOf(MIRRORS.keySet())) {
      AccountMirror m = MIRRORS.remove(k);
      if (m != null) {
        m.close();
      }
    }
  }

  /** Stops one mirror, as if its process died (tests of a shared mirror's failover). */
  static void close(String label) {
    MIRRORS.values().removeIf(m -> {
      if (m.label().equals(label)) {
        m.close();
        return true;
      }
      return false;
    });
  }

  /** The mirror with this label, for the generated code of MirrorVerify. */
  static AccountMirror byLabel(String label) {
    for (AccountMirror m : MIRRORS.values()) {
      if (m.label().equals(label)) {
        return m;
      }
    }
    throw new IllegalStateException("the mirror " + label + " is closed");
  }

  /** One schema's view: the tables it asked for. */
  private record Handle(AccountMirror mirror, List<String> tables) implements MirrorHandle {
    @Override
    public Optional<Table> storeTable(String name) {
      return tables.contains(name) ? mirror.storeTable(name) : Optional.empty();
    }

    @Override
    public Map<String, Table> extraTables() {
      return Map.of(StatusTable.NAME, new StatusTable(mirror));
    }

    @Override
    public Map<String, Function> functions() {
      return Map.of(VerifyFunction.NAME, new VerifyFunction(mirror.label()));
    }
  }
}
