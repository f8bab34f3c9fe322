package org.stripesql.mirror.store;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.duckdb.DuckDBConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * The database a mirror lives in: an embedded DuckDB file (owner-only, one process) or a schema of a
 * PostgreSQL database several gateways share. Writes go through one connection, one transaction at a
 * time ({@link #write}); Calcite's JDBC adapter reads through {@link #readers()}.
 */
public final class Store implements AutoCloseable {
  /**
   * How much DuckDB's write-ahead log holds before DuckDB writes it into the file (16 MB by default): a
   * load's batches of several MB each would otherwise checkpoint at nearly every commit, half the store's
   * time. docs/mirror.md, Loading.
   */
  static final String CHECKPOINT_THRESHOLD = "256MB";
  private final StoreKind kind;
  private final String schema;
  private final String description;
  private final Connection writer;
  private final DataSource readers;
  private final AutoCloseable closer;
  private final Path directory;

  private Store(StoreKind kind, String schema, String description, Connection writer, DataSource readers,
      AutoCloseable closer, Path directory) {
    this.directory = directory;
    this.kind = kind;
    this.schema = schema;
    this.description = description;
    this.writer = writer;
    this.readers = readers;
    this.closer = closer;
  }

  /** The DuckDB file {@code mirror.duckdb} in {@code dir}, which is created owner-only when missing. */
  public static Store duckDb(Path dir) {
    Path file = dir.resolve("mirror.duckdb");
    try {
      ownerOnlyDirectory(dir);
      DuckDBConnection master = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
      ownerOnlyFile(file);
      try (Statement st = master.createStatement()) {
        st.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
      } catch (SQLException e) {
        master.close();
        throw e;
      }
      Connection writer = master.duplicate();
      DataSource readers = new DuplicatingDataSource(master);
      return new Store(StoreKind.DUCKDB, "main", "DuckDB " + file, writer, readers, () -> {
        writer.close();
        master.close();
      }, dir);
    } catch (SQLException e) {
      String hint = String.valueOf(e.getMessage()).contains("lock") ? "; another process uses it (a DuckDB file"
          + " serves one gateway: share a mirror through PostgreSQL, MirrorStore=jdbc:postgresql://...)" : "";
      throw new StoreException("cannot open the mirror store DuckDB " + file + ": " + e.getMessage() + hint, e);
    } catch (IOException e) {
      throw new StoreException("cannot create the mirror directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Schema {@code schema} of the PostgreSQL database at {@code url}, created when missing. */
  public static Store postgres(String url, String schema) {
    String where = describe(url);
    try {
      Connection writer = DriverManager.getConnection(url);
      try (var st = writer.createStatement()) {
        st.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
      }
      BasicDataSource readers = new BasicDataSource();
      readers.setUrl(url);
      readers.setMaxTotal(8);
      readers.setDefaultReadOnly(true);
      return new Store(StoreKind.POSTGRESQL, schema, "PostgreSQL " + where + " schema " + schema, writer, readers,
          () -> {
            writer.close();
            readers.close();
          }, null);
    } catch (SQLException e) {
      throw new StoreException("cannot open the mirror store PostgreSQL " + where + ": " + e.getMessage(), e);
    }
  }

  /** A JDBC URL without its user information and parameters (where passwords go). */
  public static String describe(String url) {
    String u = url.replaceFirst("//[^/@]*@", "//");
    int q = u.indexOf('?');
    return q < 0 ? u : u.substring(0, q);
  }

  /** An identifier, double-quoted (both databases quote so). */
  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** A table of this store's schema, quoted and qualified. */
  public String table(String name) {
    return quote(schema) + "." + quote(name);
  }

  public StoreKind kind() {
    return kind;
  }

  public String schema() {
    return schema;
  }

  /** Where it is, for logs and errors: no password. */
  @Override
  public String toString() {
    return description;
  }

  public DataSource readers() {
    return readers;
  }

  /** Runs {@code work} in one transaction of the writer connection: all of it is committed, or none. */
  public synchronized <T> T write(SqlWork<T> work) {
    try {
      writer.setAutoCommit(false);
      try {
        T result = work.run(writer);
        writer.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        writer.rollback();
        throw e;
      } finally {
        writer.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("mirror store " + description + ": " + e.getMessage(), e);
    }
  }

  /** Writes rows in CSV. */
  @FunctionalInterface
  interface CsvWriter {
    void write(Writer w) throws IOException;
  }

  /**
   * Loads CSV rows ({@link CsvRows}) into a table with the database's COPY, inside the caller's
   * transaction: PostgreSQL's COPY FROM STDIN, DuckDB's COPY from an owner-only file beside the store.
   */
  void bulkInsert(Connection c, String physical, CsvWriter rows) throws SQLException {
    try {
      if (kind == StoreKind.POSTGRESQL) {
        StringWriter text = new StringWriter();
        rows.write(text);
        new CopyManager(c.unwrap(BaseConnection.class)).copyIn("COPY " + table(physical) + " FROM STDIN ("
            + CsvRows.OPTIONS + ")", new StringReader(text.toString()));
        return;
      }
      Path file = Files.createTempFile(directory, "load", ".csv");
      try {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          rows.write(w);
        }
        try (Statement st = c.createStatement()) {
          st.execute("COPY " + table(physical) + " FROM '" + file.toString().replace("'", "''") + "' ("
              + CsvRows.OPTIONS + ", AUTO_DETECT false)");
        }
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new SQLException("cannot bulk-load rows: " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} on a reader connection. */
  public <T> T read(SqlWork<T> work) {
    try (Connection c = readers.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("mirror store " + description + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      closer.close();
    } catch (Exception e) {
      // closing at shutdown: nothing left to do about it
    }
  }

  private static void ownerOnlyDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private static void ownerOnlyFile(Path file) throws IOException {
    if (Files.exists(file) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  /** Connections to one DuckDB database: each a duplicate of the master connection. */
  private static final class DuplicatingDataSource implements DataSource {
    private final DuckDBConnection master;

    DuplicatingDataSource(DuckDBConnection master) {
      this.master = master;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return master.duplicate();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
      // no log
    }

    @Override
    public void setLoginTimeout(int seconds) {
      // embedded: no login
    }

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
