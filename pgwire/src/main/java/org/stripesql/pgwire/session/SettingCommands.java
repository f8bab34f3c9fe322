package org.stripesql.pgwire.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.jdbc.CalciteConnection;
import org.stripesql.adapter.StripeAdapter;
import org.stripesql.pgwire.catalog.PgSqlException;
import org.stripesql.pgwire.catalog.Settings;
import org.stripesql.pgwire.protocol.MessageWriter;
import org.stripesql.pgwire.sql.Command;
import org.stripesql.pgwire.types.PgType;

/**
 * SET, RESET and SHOW on a session's {@link Settings}: a reported setting that changes is sent as
 * ParameterStatus, {@code search_path} picks the connection's default schema, SHOW answers with one text
 * column (three for SHOW ALL).
 */
final class SettingCommands {
  private final Settings settings;
  private final Connection connection;
  private final Runnable schemaChanged;

  /** {@code schemaChanged}: run when search_path changes the default schema (the catalog's search path). */
  SettingCommands(Settings settings, Connection connection, Runnable schemaChanged) {
    this.settings = settings;
    this.connection = connection;
    this.schemaChanged = schemaChanged;
  }

  /** The settings reported at startup, as ParameterStatus. */
  Map<String, String> reported() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : Settings.REPORTED) {
      out.put(name, settings.get(name));
    }
    return out;
  }

  /** A startup parameter: only an encoding or DateStyle the endpoint cannot honour is refused. */
  void startup(String name, String value) throws SQLException {
    if (StripeAdapter.isMirrorSetting(name)) {
      settings.set(name, MirrorSettingValues.apply(connection, name, value));
      return;
    }
    try {
      settings.set(name, value);
    } catch (PgSqlException e) {
      if (name.equalsIgnoreCase("client_encoding") || name.equalsIgnoreCase("DateStyle")) {
        throw e;
      }
    }
  }

  void set(Command.Set s, MessageWriter out) throws IOException, SQLException {
    set(s.name(), s.value(), out);
    out.commandComplete(s.tag());
  }

  void reset(Command.Reset r, MessageWriter out) throws IOException, SQLException {
    if (r.name() == null) {
      for (String name : Settings.NAMES) {
        try {
          set(name, null, out);
        } catch (PgSqlException e) {
          // settings that cannot change keep their value
        }
      }
    } else {
      set(r.name(), null, out);
    }
    out.commandComplete(r.tag());
  }

  private void set(String name, String value, MessageWriter out) throws IOException, SQLException {
    if (name.equalsIgnoreCase("search_path") && value != null) {
      searchPath(value);
    }
    String now = settings.set(name, MirrorSettingValues.apply(connection, name, value));
    if (settings.reported(name)) {
      out.parameterStatus(settings.spelling(name), now);
    }
  }

  /** search_path: the first of its schemas that the model has becomes the default schema. */
  private void searchPath(String value) throws SQLException {
    CalciteConnection c = connection.unwrap(CalciteConnection.class);
    for (String part : value.split(",")) {
      String name = part.trim().replace("\"", "");
      if (!name.isEmpty() && c.getRootSchema().subSchemas().get(name) != null
          && !name.equals("pg_catalog") && !name.equals("information_schema")) {
        c.setSchema(name);
        schemaChanged.run();
        return;
      }
    }
  }

  /** SHOW's RowDescription: the setting's name, or name, setting and description for SHOW ALL. */
  List<MessageWriter.Field> fields(Command.Show s) {
    if (s.name().equalsIgnoreCase("all")) {
      return List.of(text("name"), text("setting"), text("description"));
    }
    return List.of(text(settings.spelling(s.name()).toLowerCase(Locale.ROOT)));
  }

  private static MessageWriter.Field text(String name) {
    return new MessageWriter.Field(name, 0, 0, PgType.TEXT.oid(), -1, -1, 0);
  }

  /** SHOW: its rows, after the RowDescription when {@code describe} (the simple protocol). */
  void show(Command.Show s, MessageWriter out, boolean describe) throws IOException {
    if (s.name().equalsIgnoreCase("all")) {
      if (describe) {
        out.rowDescription(fields(s));
      }
      for (Map.Entry<String, String> e : settings.all().entrySet()) {
        out.dataRow(new byte[][] {bytes(e.getKey()), bytes(e.getValue()), bytes("")});
      }
      out.commandComplete("SHOW");
      return;
    }
    String value = settings.get(s.name());
    if (value == null) {
      throw new PgSqlException("42704", "unrecognized configuration parameter \"" + s.name() + "\"");
    }
    if (describe) {
      out.rowDescription(fields(s));
    }
    out.dataRow(new byte[][] {bytes(value)});
    out.commandComplete("SHOW");
  }

  private static byte[] bytes(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }
}
