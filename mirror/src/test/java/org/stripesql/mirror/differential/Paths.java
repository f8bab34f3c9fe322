package org.stripesql.mirror.differential;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.ColumnType;
import org.stripesql.catalog.ConnectedCatalog;
import org.stripesql.catalog.EventCoverage;
import org.stripesql.catalog.EventTypes;
import org.stripesql.catalog.ForeignKey;
import org.stripesql.emulator.StripeEmulator;

/**
 * The paths a statement can take, over one emulator: the plain live path ({@code Pushdown=false}: every
 * operator in Calcite, the reference), live with pushdown, and the mirror in DuckDB and, when a
 * PostgreSQL URL is given, in PostgreSQL. Connections are the gateway's (the adapter's driver with its
 * plan cache, the gateway's lexical rules, conformance and functions).
 */
final class Paths implements AutoCloseable {
  static final String KEY = "sk_test_differential_0123456789";
  private static final Map<String, String> FAST = Map.of("RateLimit", "100000", "EndpointRateLimit", "100000",
      "RetryBaseMillis", "1");

  /** One path: a name for reports and its connection. */
  record Way(String name, Connection connection) {}

  final StripeEmulator emulator;
  final Way plain;
  final List<Way> others = new ArrayList<>();
  final Sample sample;
  final List<String> mirrored;
  private final Path duckDir;
  private final boolean connected;
  private final String pgUrl;
  private final Set<String> pgSchemasBefore;

  /**
   * Opens the paths. {@code allTables}: mirror every table ({@code Mirror=all}); else a seeded choice of a
   * dozen tables that together hold every column type, child tables with their parents and references.
   */
  Paths(long seed, boolean allTables, String pgUrl) throws Exception {
    this(seed, allTables, pgUrl, 0);
  }

  /**
   * {@code connectedAccounts} above 0: a Connect platform with that many connected accounts, every path's
   * schema with {@code ConnectedAccounts=all} (the tables with the {@code account} column; the mirror's
   * accounts' copies read as one union in the store).
   */
  Paths(long seed, boolean allTables, String pgUrl, int connectedAccounts) throws Exception {
    emulator = StripeEmulator.builder().connectedAccounts(connectedAccounts).build().start();
    this.connected = connectedAccounts > 0;
    this.pgUrl = pgUrl;
    this.pgSchemasBefore = pgUrl == null ? Set.of() : mirrorSchemas(pgUrl);
    Catalog catalog = emulator.data().catalog();
    var data = connected ? emulator.data(emulator.connectedAccounts().get(0)) : emulator.data();
    List<ApiTable> mirrorable = new ArrayList<>();
    for (ApiTable t : catalog.tables()) {
      if (EventCoverage.of(catalog, EventTypes.bundled(), t).refresh() != EventCoverage.Refresh.NOT_MIRRORED
          && !data.list(t.name()).isEmpty()) {
        mirrorable.add(t);
      }
    }
    List<ApiTable> chosen = allTables ? mirrorable : choose(mirrorable, catalog, new Random(seed));
    mirrored = chosen.stream().map(ApiTable::name).toList();
    String list = allTables ? "all" : String.join(",", mirrored);
    plain = new Way("live, Pushdown=false", connect(Map.of("Pushdown", "false")));
    others.add(new Way("live", connect(Map.of())));
    duckDir = Files.createTempDirectory("differential");
    others.add(new Way("mirror DuckDB", connect(Map.of("Mirror", list, "MirrorStore", duckDir.toString()))));
    if (pgUrl != null) {
      others.add(new Way("mirror PostgreSQL", connect(Map.of("Mirror", list, "MirrorStore", pgUrl))));
    }
    sample = Sample.read(plain.connection(), connected ? chosen.stream().map(ConnectedCatalog::table).toList() : chosen);
    for (Way w : others) {
      if (w.name().startsWith("mirror")) {
        awaitLive(w);
      }
    }
  }

  private Connection connect(Map<String, String> operands) throws SQLException {
    Map<String, String> all = new LinkedHashMap<>(FAST);
    all.putAll(operands);
    if (connected) {
      all.put("ConnectedAccounts", "all");
    }
    if (operands.containsKey("Mirror")) {
      all.put("MirrorRefreshSeconds", "1");
      // the data does not change while the statements run: the store answers even when a loaded machine's
      // polls lag, so every statement is the mirror's answer, never a fallback to Stripe or a 55000
      all.put("MirrorMaxLagSeconds", "3600");
    }
    Properties p = new Properties();
    p.setProperty("model", "inline:" + StripeAdapter.oneSchemaModel(emulator.baseUrl(), KEY, all));
    p.setProperty("lex", "MYSQL_ANSI");
    p.setProperty("timeZone", "UTC");
    p.setProperty("fun", "standard,postgresql");
    p.setProperty("conformance", "LENIENT");
    return DriverManager.getConnection(StripeAdapter.CALCITE_URL, p);
  }

  /** Waits until the mirror says every table is live (a load takes a second or so per table). */
  private static void awaitLive(Way w) throws Exception {
    long end = System.nanoTime() + 600_000_000_000L;
    Map<String, String> states = Map.of();
    while (System.nanoTime() < end) {
      states = new TreeMap<>();
      try (Statement st = w.connection().createStatement();
          ResultSet rs = st.executeQuery("SELECT table_name, state, reason FROM mirror_status")) {
        while (rs.next()) {
          states.put(rs.getString(1), rs.getString(2) + (rs.getString(3) == null ? "" : " " + rs.getString(3)));
        }
      }
      if (!states.isEmpty() && states.values().stream().allMatch("live"::equals)) {
        return;
      }
      if (states.values().stream().anyMatch(s -> s.startsWith("failed"))) {
        throw new AssertionError(w.name() + ": a table failed to load: " + states);
      }
      Thread.sleep(100);
    }
    throw new AssertionError(w.name() + " did not go live: " + states);
  }

  /**
   * About a dozen tables: child tables with their parents, tables whose references point into the choice,
   * and more until every column type is there.
   */
  private static List<ApiTable> choose(List<ApiTable> candidates, Catalog catalog, Random random) {
    List<ApiTable> shuffled = new ArrayList<>(candidates);
    shuffled.sort(Comparator.comparing(ApiTable::name));
    Collections.shuffle(shuffled, random);
    Set<String> names = new LinkedHashSet<>();
    Set<String> available = new LinkedHashSet<>(shuffled.stream().map(ApiTable::name).toList());
    int children = 0;
    for (ApiTable t : shuffled) {
      if (children < 2 && t.parent() != null && available.contains(t.parent().table())) {
        names.add(t.parent().table());
        names.add(t.name());
        children++;
      }
    }
    int references = 0;
    for (ApiTable t : shuffled) {
      for (ForeignKey fk : t.foreignKeys()) {
        if (references < 3 && available.contains(fk.table()) && !fk.table().equals(t.name())) {
          names.add(t.name());
          names.add(fk.table());
          references++;
          break;
        }
      }
    }
    Set<ColumnType> types = EnumSet.noneOf(ColumnType.class);
    names.forEach(n -> catalog.table(n).ifPresent(t -> t.columns().forEach(c -> types.add(c.type()))));
    for (ApiTable t : shuffled) {
      boolean adds = t.columns().stream().map(ApiColumn::type).anyMatch(c -> !types.contains(c));
      if (adds || names.size() < 10) {
        names.add(t.name());
        t.columns().forEach(c -> types.add(c.type()));
      }
    }
    return shuffled.stream().filter(t -> names.contains(t.name())).toList();
  }

  private static Set<String> mirrorSchemas(String url) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'stripe_mirror_%'")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    for (Way w : Stream.concat(Stream.of(plain), others.stream()).toList()) {
      w.connection().close();
    }
    StripeAdapter.closeMirrors();
    emulator.close();
    try (Stream<Path> files = Files.walk(duckDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    if (pgUrl != null) {
      Set<String> made = mirrorSchemas(pgUrl);
      made.removeAll(pgSchemasBefore);
      try (Connection c = DriverManager.getConnection(pgUrl); Statement st = c.createStatement()) {
        for (String s : made) {
          st.execute("DROP SCHEMA \"" + s + "\" CASCADE");
        }
      }
    }
  }
}
