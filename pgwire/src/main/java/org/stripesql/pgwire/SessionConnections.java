package org.stripesql.pgwire;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.stripesql.pgwire.sql.PgSqlParserImpl;
import org.stripesql.pgwire.types.PgTypeSystem;
import org.stripesql.server.ModelSource;

/**
 * Opens a session's Calcite connection as the Avatica gateway opens its own (the model, or the user's
 * own, UTC sessions, Calcite's standard and PostgreSQL functions: {@link ModelSource#calciteProperties()}),
 * with PostgreSQL's SQL dialect in place of the gateway's: Babel's parser, PostgreSQL's identifier rules
 * (unquoted names fold to lower case, quoted ones are exact) and string literals that are never padded.
 */
final class SessionConnections {
  private final ModelSource model;
  private final Map<String, ModelSource> userModels;

  SessionConnections(ModelSource model, Map<String, ModelSource> userModels) {
    this.model = model;
    this.userModels = Map.copyOf(userModels);
  }

  /** The Calcite connection properties of {@code user}'s sessions. */
  Properties properties(String user) {
    ModelSource m = user == null ? model : userModels.getOrDefault(user, model);
    Properties p = m.calciteProperties();
    p.remove("lex");
    p.setProperty("quoting", "DOUBLE_QUOTE");
    p.setProperty("unquotedCasing", "TO_LOWER");
    p.setProperty("quotedCasing", "UNCHANGED");
    p.setProperty("caseSensitive", "true");
    p.setProperty("parserFactory", PgSqlParserImpl.class.getName() + "#FACTORY");
    p.setProperty("typeSystem", PgTypeSystem.class.getName() + "#INSTANCE");
    return p;
  }

  /** A new read-only Calcite connection for {@code user} (null without authentication). */
  Connection open(String user) throws SQLException {
    Connection c = DriverManager.getConnection(ModelSource.CALCITE_URL, properties(user));
    c.setReadOnly(true);
    return c;
  }
}
