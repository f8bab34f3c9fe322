package org.stripesql.server;

import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.jdbc.JdbcMeta;

/**
 * The server-side {@link org.apache.calcite.avatica.Meta}: one Calcite connection per remote
 * connection (as {@link JdbcMeta} does), opened with the gateway's own model and lexical policy;
 * what the client sends is passed through {@link ClientPropertyFilter} first.
 */
public final class GatewayMeta extends JdbcMeta {
  public GatewayMeta(String url, Properties serverInfo) throws SQLException {
    super(url, serverInfo);
  }

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    super.openConnection(ch, ClientPropertyFilter.filter(info));
  }
}
