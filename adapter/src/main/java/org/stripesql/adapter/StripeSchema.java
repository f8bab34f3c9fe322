package org.stripesql.adapter;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.stripesql.adapter.client.StripeClient;
import org.stripesql.adapter.config.ConnectedAccountsSetting;
import org.stripesql.adapter.config.StripeSchemaConfig;
import org.stripesql.adapter.connect.ConnectedAccountSet;
import org.stripesql.adapter.mirror.MirrorHandle;
import org.stripesql.adapter.mirror.MirrorRequest;
import org.stripesql.adapter.mirror.MirrorSession;
import org.stripesql.adapter.mirror.Mirrors;
import org.stripesql.adapter.oauth.OAuthService;
import org.stripesql.adapter.report.ReportReader;
import org.stripesql.adapter.scan.ScanBudget;
import org.stripesql.adapter.scan.TableReader;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.ConnectedCatalog;
import org.stripesql.catalog.ForeignKey;
import org.stripesql.catalog.ReportType;
import org.stripesql.catalog.ReportTypes;

/**
 * A Stripe account as a schema: one table per catalog entry and one per report type, all read with one
 * client; with the Mirror operand, the mirrored ones read from the account's mirror while it is live, plus
 * {@code mirror_status}. With ConnectedAccounts, a platform's connected accounts: every table has the
 * {@code account} column first ({@link ConnectedCatalog}), plus {@code connected_accounts}; report types
 * are no tables there yet (a report's rows would need the account too).
 */
public final class StripeSchema extends AbstractSchema implements OAuthFunctions.Source {
  /** The table of report runs: a catalog without it (a spec without the Reporting API) has no report tables. */
  private static final String REPORT_RUNS = "reporting_report_runs";
  private final Catalog catalog;
  private final Map<String, Table> tables;
  private final OAuthService oauth;
  private final Multimap<String, Function> functions;
  private final long maxPagesPerQuery;
  private final Duration queryTimeout;
  private final PlanCache planCache = new PlanCache();
  private final MirrorSession mirrorSession;

  /**
   * @param self the expression of this schema's SchemaPlus (for the OAuth table functions' generated code);
   *     null for a schema without them
   */
  StripeSchema(StripeSchemaConfig config, Catalog catalog, StripeClient client, OAuthService oauth, Expression self) {
    this.catalog = config.connectedAccounts() == null ? catalog : ConnectedCatalog.of(catalog);
    this.oauth = oauth;
    this.maxPagesPerQuery = config.maxPagesPerQuery();
    this.queryTimeout = config.queryTimeout();
    ImmutableMultimap.Builder<String, Function> f = ImmutableMultimap.builder();
    if (self != null) {
      OAuthFunctions.all(self).forEach(f::put);
    }
    StripeTableScan.Pushdown pushdown = new StripeTableScan.Pushdown(config.pushdown(), config.maxFanOut(),
        config.useSearchApi(), config.searchLagWindowSeconds());
    ConnectedAccountsSetting setting = config.connectedAccounts();
    ConnectedAccountSet connected = setting == null ? null
        : new ConnectedAccountSet(setting, client, oauth.connectedAccounts(), config.skipUnreadableAccounts());
    TableReader reader = new TableReader(catalog, client, config.maxPagesPerQuery(), config.queryTimeout(),
        connected);
    this.mirrorSession = MirrorSession.of(config);
    MirrorHandle mirror = config.mirror().isEmpty() ? null
        : Mirrors.open(new MirrorRequest(config, catalog, client, mirrorSession, connected));
    Map<String, Table> m = new LinkedHashMap<>();
    for (ApiTable t : catalog.tables()) {
      StripeTable table = new StripeTable(connected == null ? t : ConnectedCatalog.table(t), pushdown, reader);
      m.put(t.name(), mirror != null && mirror.tables().contains(t.name())
          ? new MirroredTable(table, mirror, mirrorSession) : table);
    }
    ReportReader reports = new ReportReader(client, config.filesBase(), config.reportCacheTime(),
        config.maxPagesPerQuery(), config.queryTimeout());
    ReportTypes reportTypes = ReportTypes.bundled();
    boolean reportTables = catalog.table(REPORT_RUNS).isPresent() && connected == null;
    for (ReportType r : reportTables ? reportTypes.types() : List.<ReportType>of()) {
      m.putIfAbsent(r.tableName(), new ReportTable(r, reportTable(r, catalog), reports, config.pushdown(),
          reportTypes.parameterValues()));
    }
    if (mirror != null) {
      mirror.extraTables().forEach(m::putIfAbsent);
      mirror.functions().forEach(f::put);
    }
    if (connected != null) {
      m.putIfAbsent(ConnectedAccountsTable.NAME, new ConnectedAccountsTable(connected, this::statementBudget));
    }
    this.functions = f.build();
    this.tables = Map.copyOf(m);
  }

  /** A report type's table, with the foreign keys whose target this catalog has. */
  private static ApiTable reportTable(ReportType type, Catalog catalog) {
    ApiTable t = type.toTable();
    List<ForeignKey> keys = t.foreignKeys().stream().filter(k -> catalog.table(k.table()).isPresent()).toList();
    return t.withKeys(t.primaryKey(), keys, t.polymorphicReferences());
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }

  /** The OAuth table functions (GetOAuthAuthorizationURL, GetOAuthAccessToken, RefreshOAuthAccessToken). */
  @Override
  protected Multimap<String, Function> getFunctionMultimap() {
    return functions;
  }

  /** Stripe Connect OAuth of this schema: tokens, refresh, the web flow. */
  @Override
  public OAuthService oauth() {
    return oauth;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** The budget of statement execution {@code root} with this schema's MaxPagesPerQuery and QueryTimeout. */
  ScanBudget statementBudget(DataContext root) {
    return ScanBudget.forExecution(root, maxPagesPerQuery, queryTimeout);
  }

  /** The connection's freshness settings for mirrored tables (operands, overridden by the connection). */
  MirrorSession mirrorSession() {
    return mirrorSession;
  }

  /** QueryTimeout of this schema's statements; null for none. */
  Duration queryTimeout() {
    return queryTimeout;
  }

  /** The prepared statements of the connection this schema belongs to. */
  PlanCache planCache() {
    return planCache;
  }
}
