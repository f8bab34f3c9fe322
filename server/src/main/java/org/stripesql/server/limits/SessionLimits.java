package org.stripesql.server.limits;

import java.util.HashMap;
import java.util.Map;

/**
 * What one user may hold open: connections (in all and per user), statements per connection, rows in
 * one frame. Keyed by plain connection ids and user names (no protocol types), so every endpoint counts
 * through the same caps; a cap reached is a {@link LimitExceededException} naming its setting.
 */
public final class SessionLimits {
  /** The caps; each is a {@code serve} option and config key of the same name. */
  public record Settings(int maxConnections, int maxConnectionsPerUser, int maxStatementsPerConnection,
      int maxFrameRows) {
    public static final String MAX_CONNECTIONS = "max-connections";
    public static final String MAX_CONNECTIONS_PER_USER = "max-connections-per-user";
    public static final String MAX_STATEMENTS_PER_CONNECTION = "max-statements-per-connection";
    public static final String MAX_FRAME_ROWS = "max-frame-rows";
    /** The defaults: docs/deployment.md says why these. */
    public static final Settings DEFAULTS = new Settings(1000, 50, 200, 10_000);

    public Settings {
      positive(MAX_CONNECTIONS, maxConnections);
      positive(MAX_CONNECTIONS_PER_USER, maxConnectionsPerUser);
      positive(MAX_STATEMENTS_PER_CONNECTION, maxStatementsPerConnection);
      positive(MAX_FRAME_ROWS, maxFrameRows);
    }

    private static void positive(String name, int v) {
      if (v < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, not " + v);
      }
    }
  }

  private final Settings settings;
  private final Map<String, String> connectionUsers = new HashMap<>();
  private final Map<String, Integer> userConnections = new HashMap<>();
  private final Map<String, Integer> connectionStatements = new HashMap<>();

  public SessionLimits(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Counts a connection {@code user} opens; refuses it past max-connections or max-connections-per-user.
   * Without authentication ({@code user} null or empty) the connections count as one anonymous user's.
   */
  public synchronized void openConnection(String connectionId, String anyUser) {
    String user = anyUser == null ? "" : anyUser;
    if (connectionUsers.containsKey(connectionId)) {
      return;
    }
    if (connectionUsers.size() >= settings.maxConnections()) {
      throw new LimitExceededException("The gateway has " + connectionUsers.size() + " connections open, the most "
          + Settings.MAX_CONNECTIONS + " allows; try again later (operators: raise --" + Settings.MAX_CONNECTIONS
          + ")", LimitExceededException.TOO_MANY_CONNECTIONS, Settings.MAX_CONNECTIONS);
    }
    int mine = userConnections.getOrDefault(user, 0);
    if (mine >= settings.maxConnectionsPerUser()) {
      throw new LimitExceededException("You have " + mine + " connections open, the most "
          + Settings.MAX_CONNECTIONS_PER_USER + " allows one user; close connections you no longer use (operators:"
          + " raise --" + Settings.MAX_CONNECTIONS_PER_USER + ")", LimitExceededException.TOO_MANY_CONNECTIONS,
          Settings.MAX_CONNECTIONS_PER_USER);
    }
    connectionUsers.put(connectionId, user);
    userConnections.merge(user, 1, Integer::sum);
  }

  /** Forgets a closed or expired connection and its statements' count. */
  public synchronized void closeConnection(String connectionId) {
    String user = connectionUsers.remove(connectionId);
    connectionStatements.remove(connectionId);
    if (user != null) {
      userConnections.computeIfPresent(user, (u, n) -> n > 1 ? n - 1 : null);
    }
  }

  /** Counts a statement opened on a counted connection; refuses it past max-statements-per-connection. */
  public synchronized void openStatement(String connectionId) {
    if (!connectionUsers.containsKey(connectionId)) {
      return;
    }
    int open = connectionStatements.getOrDefault(connectionId, 0);
    if (open >= settings.maxStatementsPerConnection()) {
      throw new LimitExceededException("This connection has " + open + " statements open, the most "
          + Settings.MAX_STATEMENTS_PER_CONNECTION + " allows; close statements and result sets you no longer use"
          + " (operators: raise --" + Settings.MAX_STATEMENTS_PER_CONNECTION + ")",
          LimitExceededException.CONFIGURATION_LIMIT, Settings.MAX_STATEMENTS_PER_CONNECTION);
    }
    connectionStatements.put(connectionId, open + 1);
  }

  /** Forgets a closed or expired statement of {@code connectionId}. */
  public synchronized void closeStatement(String connectionId) {
    connectionStatements.computeIfPresent(connectionId, (c, n) -> n > 1 ? n - 1 : null);
  }

  /**
   * The rows one frame may carry when a client asks for {@code asked} (negative: as many as there are):
   * at most max-frame-rows; the client fetches the rest in further frames.
   */
  public int frameRows(int asked) {
    return asked < 0 || asked > settings.maxFrameRows() ? settings.maxFrameRows() : asked;
  }

  /** Connections counted now. */
  public synchronized int connections() {
    return connectionUsers.size();
  }

  /** Statements counted now. */
  public synchronized int statements() {
    return connectionStatements.values().stream().mapToInt(Integer::intValue).sum();
  }
}
