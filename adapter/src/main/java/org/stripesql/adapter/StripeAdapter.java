package org.stripesql.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.LikePattern;
import org.stripesql.adapter.client.Redactor;
import org.stripesql.adapter.client.SqlStateProvider;
import org.stripesql.adapter.client.StripeApiException;
import org.stripesql.adapter.client.StripeRequestListener;
import org.stripesql.adapter.config.InitiateOAuth;
import org.stripesql.adapter.config.Operand;
import org.stripesql.adapter.config.StripeConfigException;
import org.stripesql.adapter.config.StripeSchemaConfig;
import org.stripesql.adapter.mirror.MirrorSession;
import org.stripesql.adapter.mirror.MirrorStaleException;
import org.stripesql.adapter.mirror.MirrorState;
import org.stripesql.adapter.mirror.MirrorStatus;
import org.stripesql.adapter.mirror.MirrorStatusListeners;
import org.stripesql.adapter.mirror.Mirrors;
import org.stripesql.adapter.oauth.DesktopFlowPolicy;
import org.stripesql.adapter.oauth.OAuthService;
import org.stripesql.adapter.oauth.OAuthTokens;
import org.stripesql.adapter.scan.StatementWarnings;
import org.stripesql.catalog.ApiTable;

/**
 * The adapter as hosts (the gateway, the command line, benchmarks) see it: read a model's Stripe
 * schemas as the adapter reads them, build a one-schema model, find an open connection's Stripe tables,
 * the SQLSTATE of a failure, request counts for metrics, the served OAuth web flow and whether the
 * desktop one may open a browser. Hosts use nothing else of the adapter, so its inside can change freely.
 */
public final class StripeAdapter {
  /** The schema factory a model names for a Stripe schema. */
  public static final String SCHEMA_FACTORY = StripeSchemaFactory.class.getName();
  /**
   * The JDBC URL of Calcite connections with the adapter's plan cache (Calcite's driver otherwise); the
   * model and other settings go in the connection properties, as for {@code jdbc:calcite:}.
   */
  public static final String CALCITE_URL = StripeCalciteDriver.url();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StripeAdapter() {}

  /**
   * What a host may know of one Stripe schema of a model, without opening it: its name, the API base it
   * reads, whether it configures Stripe Connect client credentials (OAuthClientId or OAuthClientSecret),
   * and the file its OAuth tokens are kept in.
   */
  public record SchemaSettings(String name, String apiBase, boolean oauthClient, Path oauthSettingsLocation) {}

  /**
   * The Stripe schemas of a model (its JSON text), with their operands read and checked exactly as
   * the schema factory does ({@code ${env:NAME}} through {@code env}).
   *
   * @throws IllegalArgumentException naming the problem, when the model or an operand is wrong
   */
  public static List<SchemaSettings> schemas(String modelJson, Function<String, String> env) {
    List<SchemaSettings> out = new ArrayList<>();
    for (Map.Entry<String, StripeSchemaConfig> e : configs(modelJson, env).entrySet()) {
      StripeSchemaConfig c = e.getValue();
      out.add(new SchemaSettings(e.getKey(), c.apiBase(), c.oauthClientId() != null || c.oauthClientSecret() != null,
          c.oauthSettingsLocation()));
    }
    return out;
  }

  /**
   * A model whose one schema, {@code stripe} (also the default schema), is a Stripe schema reading
   * {@code apiBase} with {@code apiKey}, and further operands (names as in the README's operand table).
   */
  public static String oneSchemaModel(String apiBase, String apiKey, Map<String, String> moreOperands) {
    Map<String, String> operands = new LinkedHashMap<>();
    operands.put(Operand.OAUTH_ACCESS_TOKEN.displayName(), apiKey);
    operands.put(Operand.API_BASE.displayName(), apiBase);
    for (Map.Entry<String, String> e : moreOperands.entrySet()) {
      Operand o = Operand.byName(e.getKey());
      if (o == null) {
        throw new IllegalArgumentException("unknown operand '" + e.getKey() + "'; valid operands are: "
            + Operand.allNames());
      }
      operands.put(o.displayName(), e.getValue());
    }
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", "1.0");
    root.put("defaultSchema", "stripe");
    ObjectNode schema = root.putArray("schemas").addObject();
    schema.put("name", "stripe");
    schema.put("type", "custom");
    schema.put("factory", SCHEMA_FACTORY);
    ObjectNode operand = schema.putObject("operand");
    operands.forEach(operand::put);
    return root.toString();
  }

  /** The definition of a Stripe table of an open Calcite connection; empty for anything else. */
  public static Optional<ApiTable> table(Connection connection, String schemaName, String tableName)
      throws SQLException {
    if (schemaName == null || tableName == null || !connection.isWrapperFor(CalciteConnection.class)) {
      return Optional.empty();
    }
    SchemaPlus schema = connection.unwrap(CalciteConnection.class).getRootSchema().subSchemas().get(schemaName);
    return Optional.ofNullable(definitionOf(schema == null ? null : schema.tables().get(tableName)));
  }

  /** The definition of a Stripe table, mirrored or not, or of a report table; null for any other table. */
  private static ApiTable definitionOf(Table t) {
    if (t instanceof MirroredTable mt) {
      return mt.live().definition();
    }
    if (t instanceof ReportTable rt) {
      return rt.definition();
    }
    return t instanceof StripeTable st ? st.definition() : null;
  }

  /** A Stripe table of an open connection, with the name of the schema it is in. */
  public record SchemaTable(String schema, ApiTable table) {}

  /**
   * Every Stripe table of an open Calcite connection, ordered by schema and table name; empty for any
   * other connection. Reads the schema objects only: never calls Stripe.
   */
  public static List<SchemaTable> tables(Connection connection) throws SQLException {
    if (!connection.isWrapperFor(CalciteConnection.class)) {
      return List.of();
    }
    SchemaPlus root = connection.unwrap(CalciteConnection.class).getRootSchema();
    List<SchemaTable> out = new ArrayList<>();
    for (String schemaName : new TreeSet<>(root.subSchemas().getNames(LikePattern.any()))) {
      SchemaPlus schema = root.subSchemas().get(schemaName);
      if (schema == null) {
        continue;
      }
      for (String tableName : new TreeSet<>(schema.tables().getNames(LikePattern.any()))) {
        ApiTable definition = definitionOf(schema.tables().get(tableName));
        if (definition != null) {
          out.add(new SchemaTable(schemaName, definition));
        }
      }
    }
    return out;
  }

  /**
   * The memory every statement of the process may hold in rows its sorts, groups, join tables, windows and
   * set operations keep (an estimate; default: a quarter of the heap); past it a statement fails with
   * SQLSTATE 53200 naming {@code settingName}.
   */
  public static void limitStatementMemory(long bytes, String settingName) {
    StatementMemory.limit(bytes, settingName);
  }

  /** The memory budget of one statement now in force. */
  public static long statementMemoryLimit() {
    return StatementMemory.limit();
  }

  /** The SQLSTATE the adapter gave this failure (not its causes), or null when it is none of the adapter's. */
  public static String sqlState(Throwable t) {
    return t instanceof SqlStateProvider p ? p.sqlState() : null;
  }

  /** The HTTP status of the Stripe error a failure is (not its causes), or 0. */
  public static int stripeHttpStatus(Throwable t) {
    return t instanceof StripeApiException s ? s.httpStatus() : 0;
  }

  /** {@code text} with every Stripe key and token, and {@code secret} (may be null), replaced by a marker. */
  public static String redact(String text, String secret) {
    return Redactor.redact(text, secret);
  }

  /** Observes every Stripe request of the process, for metrics; receives no URL, key or token. */
  public interface RequestListener {
    /** One HTTP attempt finished: status 0 when no answer came; {@code search} for the Search API. */
    void onAttempt(int status, long nanos, boolean search);

    /** An attempt failed retryably and will be repeated. */
    void onRetry();

    /** A rate limiter made a request wait {@code nanos}. */
    void onRateLimitWait(long nanos);
  }

  /** Registers a listener for every Stripe request of the process until the returned handle is closed. */
  public static AutoCloseable listen(RequestListener listener) {
    StripeRequestListener registered = StripeRequestListener.register(new StripeRequestListener() {
      @Override
      public void onAttempt(int status, long nanos, boolean search) {
        listener.onAttempt(status, nanos, search);
      }

      @Override
      public void onRetry() {
        listener.onRetry();
      }

      @Override
      public void onRateLimitWait(long nanos) {
        listener.onRateLimitWait(nanos);
      }
    });
    return () -> StripeRequestListener.unregister(registered);
  }

  /** The states a mirrored table can be in, as {@code mirror_status} and the metrics name them. */
  public static final List<String> MIRROR_STATES = Arrays.stream(MirrorState.values())
      .map(MirrorState::label).toList();

  /**
   * The connection settings of the mirror's freshness ({@code MirrorMaxLagSeconds}, {@code MirrorWhenStale}),
   * which a client may set on its own connection (a JDBC connection property; PostgreSQL's {@code SET}).
   */
  public static final List<String> MIRROR_SETTINGS = List.of(MirrorSession.MAX_LAG, MirrorSession.WHEN_STALE);

  /**
   * One mirrored table's state, as {@code mirror_status} shows it; {@code mirror} is a label, no account id;
   * {@code reason} says why it is stale, reloading or failed (null otherwise).
   */
  public record MirrorTableStatus(String mirror, String table, String state, String reason, long rows,
      double lagSeconds) {}

  /** Registers a listener for every change of a mirrored table's state in the process until the handle is closed. */
  public static AutoCloseable listenMirrors(Consumer<MirrorTableStatus> listener) {
    Consumer<MirrorStatus> registered = s -> listener.accept(
        new MirrorTableStatus(s.mirror(), s.table(), s.state().label(), s.reason(), s.rows(), s.lagSeconds()));
    MirrorStatusListeners.register(registered);
    return () -> MirrorStatusListeners.unregister(registered);
  }

  /** Whether {@code name} is a mirror freshness setting (any spelling: {@code stripesql.mirror_max_lag_seconds}). */
  public static boolean isMirrorSetting(String name) {
    return MirrorSession.isSetting(name);
  }

  /**
   * Sets a mirror freshness setting on every Stripe schema of an open connection (null or {@code default}:
   * back to the schema's operand); false when {@code name} is none.
   *
   * @throws IllegalArgumentException for a value the setting does not take
   */
  public static boolean setMirrorSetting(Connection connection, String name, String value) throws SQLException {
    if (!MirrorSession.isSetting(name)) {
      return false;
    }
    for (StripeSchema s : stripeSchemas(connection)) {
      s.mirrorSession().set(name, value);
    }
    return true;
  }

  /** The value of a mirror freshness setting on a connection (its default schema's), or null for another name. */
  public static String mirrorSetting(Connection connection, String name) throws SQLException {
    List<StripeSchema> schemas = stripeSchemas(connection);
    return schemas.isEmpty() || !MirrorSession.isSetting(name) ? null : schemas.get(0).mirrorSession().show(name);
  }

  /**
   * The warnings of the latest execution of {@code statement} (of a Calcite connection in this process,
   * {@code jdbc:calcite:} or {@link #CALCITE_URL}) that this method has not returned yet, oldest first, as a
   * chain (null when none): each connected account SkipUnreadableAccounts left out, SQLSTATE 01000, at most
   * {@value StatementWarnings#MAX} and then one saying how many more. Calcite's own {@code getWarnings()}
   * answers null. Call it while the statement is open; a new execution starts without warnings.
   */
  public static SQLWarning takeWarnings(Statement statement) throws SQLException {
    StatementWarnings w = JdbcStatementWarnings.of(statement);
    return w == null ? null : JdbcStatementWarnings.chain(w.take());
  }

  /** The same, all of them, and leaving them to {@link #takeWarnings}. */
  public static SQLWarning warnings(Statement statement) throws SQLException {
    StatementWarnings w = JdbcStatementWarnings.of(statement);
    return w == null ? null : JdbcStatementWarnings.chain(w.list());
  }

  /** Forgets the warnings of {@code statement} (a host does before it runs the statement again). */
  public static void clearWarnings(Statement statement) throws SQLException {
    StatementWarnings w = JdbcStatementWarnings.of(statement);
    if (w != null) {
      w.clear();
    }
  }

  /**
   * Whether a failure is a prepared plan that would read a mirrored table's copy after it went stale: the
   * same statement prepared again reads Stripe (a host may do so and run it again).
   */
  public static boolean preparedAgainWouldAnswer(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof MirrorStaleException m) {
        return m.replan();
      }
    }
    return false;
  }

  private static List<StripeSchema> stripeSchemas(Connection connection) throws SQLException {
    List<StripeSchema> out = new ArrayList<>();
    if (!connection.isWrapperFor(CalciteConnection.class)) {
      return out;
    }
    CalciteConnection c = connection.unwrap(CalciteConnection.class);
    SchemaPlus root = c.getRootSchema();
    String preferred = c.getSchema();
    for (String name : new TreeSet<>(root.subSchemas().getNames(LikePattern.any()))) {
      SchemaPlus schema = root.subSchemas().get(name);
      StripeSchema s = schema == null ? null : unwrapStripe(schema);
      if (s != null) {
        out.add(name.equals(preferred) ? 0 : out.size(), s);
      }
    }
    return out;
  }

  private static StripeSchema unwrapStripe(SchemaPlus schema) {
    try {
      return schema.unwrap(StripeSchema.class);
    } catch (ClassCastException e) {
      return null;
    }
  }

  /** Stops every mirror of the process (threads, stores); a host calls it when it shuts down. */
  public static void closeMirrors() {
    Mirrors.closeAll();
  }

  /**
   * The served OAuth web flow of a model: that of its default schema when it is a Stripe schema,
   * else of its first Stripe schema; empty when the model has none.
   *
   * @throws IllegalArgumentException naming the problem, when the model or an operand is wrong
   */
  public static Optional<OAuthWebFlow> oauthWebFlow(String modelJson, Function<String, String> env) {
    Map<String, StripeSchemaConfig> configs = configs(modelJson, env);
    if (configs.isEmpty()) {
      return Optional.empty();
    }
    String preferred = readModel(modelJson).path("defaultSchema").asText(null);
    StripeSchemaConfig config = configs.getOrDefault(preferred, configs.values().iterator().next());
    return Optional.of(new OAuthWebFlow(config, OAuthService.create(config)));
  }

  /**
   * The host serves an address reachable from the network until the handle is closed: meanwhile no
   * schema opens a browser for InitiateOAuth=GETANDREFRESH; without a stored token it fails at once,
   * naming the served flow ({@code /oauth/authorize}).
   */
  public static AutoCloseable servingNetwork() {
    return DesktopFlowPolicy.networkGateway();
  }

  /** The account a served sign-in connected: no token in it. */
  public record ConnectedAccount(String stripeUserId, String scope, boolean livemode) {}

  /** Stripe Connect's web flow for one schema: the authorization URL and the code exchange. */
  public static final class OAuthWebFlow {
    private final StripeSchemaConfig config;
    private final OAuthService service;

    private OAuthWebFlow(StripeSchemaConfig config, OAuthService service) {
      this.config = config;
      this.service = service;
    }

    /** Whether OAuthClientId and OAuthClientSecret are configured (the flow needs them). */
    public boolean configured() {
      return service.configured();
    }

    /**
     * Where Stripe sends the browser back: the CallbackURL operand when given (except for
     * InitiateOAuth=GETANDREFRESH, whose CallbackURL is the desktop listener), else {@code ownCallback}.
     */
    public String redirectUri(String ownCallback) {
      return config.hasCallbackUrl() && config.initiateOAuth() != InitiateOAuth.GETANDREFRESH
          ? config.callbackUrl() : ownCallback;
    }

    /** Stripe Connect's authorization page; {@code scope} null for the schema's Scope. */
    public String authorizationUrl(String redirectUri, String scope, String state) {
      return service.authorizationUrl(redirectUri, scope, state);
    }

    /** Exchanges the code and stores the tokens in the schema's OAuthSettingsLocation. */
    public ConnectedAccount connect(String code) {
      OAuthTokens t = service.connectAccount(code);
      return new ConnectedAccount(t.stripeUserId(), t.scope(), t.livemode());
    }
  }

  /** The Stripe schemas of a model by name, in the model's order. */
  private static Map<String, StripeSchemaConfig> configs(String modelJson, Function<String, String> env) {
    Map<String, StripeSchemaConfig> out = new LinkedHashMap<>();
    for (JsonNode s : readModel(modelJson).path("schemas")) {
      if (!SCHEMA_FACTORY.equals(s.path("factory").asText())) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> operand = s.has("operand") ? MAPPER.convertValue(s.get("operand"), Map.class) : Map.of();
      String name = s.path("name").asText();
      try {
        out.put(name, StripeSchemaConfig.parse(name, operand, env));
      } catch (StripeConfigException e) {
        throw new IllegalArgumentException("schema " + name + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static JsonNode readModel(String modelJson) {
    try {
      return MAPPER.readTree(modelJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the model is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }
}
