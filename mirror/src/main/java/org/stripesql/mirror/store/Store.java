package org.stripesql.mirror.store;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.duckdb.DuckDBConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database a mirror lives in: an embedded DuckDB file (owner-only, one process) or a schema of a
 * PostgreSQL database several gateways share. Writes go through one {@link WriterSession} (reopened with
 * backoff after the store restarts; for PostgreSQL it also holds the leader's lock); Calcite's JDBC adapter
 * reads through {@link #readers()}. A DuckDB file that cannot be read when it is opened (truncated,
 * corrupted) is set aside and a new one made, which the mirror loads from Stripe.
 */
public final class Store implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Store.class);
  /**
   * How much DuckDB's write-ahead log holds before DuckDB writes it into the file (16 MB by default): a
   * load's batches of several MB each would otherwise checkpoint at nearly every commit, half the store's
   * time. docs/mirror.md, Loading.
   */
  static final String CHECKPOINT_THRESHOLD = "256MB";
  private final StoreKind kind;
  private final String schema;
  private final String description;
  private final WriterSession writer;
  private final DataSource readers;
  private final AutoCloseable closer;
  private final DuckDbFiles files;
  private final String setAside;
  private final Writers writers;
  private volatile String broken;

  /** Opens the writer session of one schema of the same database (its lock, for PostgreSQL). */
  @FunctionalInterface
  private interface Writers {
    WriterSession of(String schema, String description);
  }

  private Store(StoreKind kind, String schema, String description, WriterSession writer, DataSource readers,
      AutoCloseable closer, DuckDbFiles files, String setAside, Writers writers) {
    this.kind = kind;
    this.schema = schema;
    this.description = description;
    this.writer = writer;
    this.readers = readers;
    this.closer = closer;
    this.files = files;
    this.setAside = setAside;
    this.writers = writers;
  }

  /**
   * Another schema of the same database, created when missing: its own writer session (and, for
   * PostgreSQL, its own leader's lock), the readers shared. Closing it closes only its writer; the database
   * stays open until this store is closed. A Connect platform keeps each connected account's copy so, all
   * in one database, which reads them in one statement.
   */
  public Store inSchema(String other) {
    String d = description.replaceFirst(" schema .*$", "") + " schema " + other;
    WriterSession w = writers.of(other, d);
    return new Store(kind, other, d, w, readers, w::close, files, null, writers);
  }

  /** An opener that makes {@code schema} in the connection it opens. */
  private static WriterSession.Opener creatingSchema(WriterSession.Opener open, String schema) {
    return () -> {
      Connection c = open.open();
      try (var st = c.createStatement()) {
        st.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return c;
    };
  }

  /**
   * The DuckDB file {@code mirror.duckdb} in {@code dir} (created owner-only when missing). A file DuckDB
   * cannot open, or whose tables cannot all be read back, is moved aside ({@link #setAside()} says so) and a
   * new one is made.
   */
  public static Store duckDb(Path dir, Duration retryCap) {
    DuckDbFiles files = new DuckDbFiles(dir);
    Path file = files.file();
    String setAside = null;
    try {
      files.createDirectory();
      DuckDBConnection master;
      try {
        master = openChecked(file);
      } catch (SQLException e) {
        if (!DuckDbFiles.broken(e)) {
          throw e;
        }
        Path to = files.setAside();
        setAside = "the store file could not be read (" + e.getMessage() + "); it was moved to " + to.getFileName()
            + " and the mirror is loaded again from Stripe";
        LOG.warn("mirror store DuckDB {}: {}", file, setAside);
        master = openChecked(file);
      }
      files.opened();
      DuckDBConnection m = master;
      String description = "DuckDB " + file;
      WriterSession writer = new WriterSession(m::duplicate, description, null, retryCap);
      Writers writers = (schema, d) -> new WriterSession(creatingSchema(m::duplicate, schema), d, null, retryCap);
      return new Store(StoreKind.DUCKDB, "main", description, writer, new DuplicatingDataSource(m), () -> {
        writer.close();
        m.close();
      }, files, setAside, writers);
    } catch (SQLException e) {
      String hint = String.valueOf(e.getMessage()).contains("lock") ? "; another process uses it (a DuckDB file"
          + " serves one gateway: share a mirror through PostgreSQL, MirrorStore=jdbc:postgresql://...)" : "";
      throw new StoreException("cannot open the mirror store DuckDB " + file + ": " + e.getMessage() + hint, e);
    } catch (IOException e) {
      throw new StoreException("cannot use the mirror directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Opens the file and reads every table back in full (DuckDB checks each block's checksum as it reads). */
  private static DuckDBConnection openChecked(Path file) throws SQLException {
    DuckDBConnection master = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
    try (Statement st = master.createStatement()) {
      st.execute("SET checkpoint_threshold = '" + CHECKPOINT_THRESHOLD + "'");
      // a constant sort key orders nothing, as in Calcite; DuckDB refuses one written as a literal (a Connect
      // platform's account in each account's part of a union, when Calcite pushes a sort into the parts)
      st.execute("SET GLOBAL order_by_non_integer_literal = true");
      List<String> tables = new ArrayList<>();
      // every schema: a Connect platform's file holds one per connected account
      try (ResultSet rs = st.executeQuery("SELECT table_schema, table_name FROM information_schema.tables"
          + " WHERE table_catalog = current_database() AND table_type = 'BASE TABLE'")) {
        while (rs.next()) {
          tables.add(quote(rs.getString(1)) + "." + quote(rs.getString(2)));
        }
      }
      for (String t : tables) {
        try (Statement read = master.createStatement();
            ResultSet rs = read.executeQuery("SELECT count(*), bit_xor(hash(t)) FROM " + t + " AS t")) {
          rs.next();
        }
      }
      return master;
    } catch (SQLException e) {
      try {
        master.close();
      } catch (SQLException ignored) {
        // the file is broken: closing may fail too
      }
      throw e;
    }
  }

  /**
   * Schema {@code schema} of the PostgreSQL database at {@code url}, created when missing. Nothing connects
   * before the first use, so a database that is down is a {@link StoreUnavailableException} then, not now.
   */
  public static Store postgres(String url, String schema, Duration retryCap) {
    String description = "PostgreSQL " + describe(url) + " schema " + schema;
    Writers writers = (s, d) -> new WriterSession(creatingSchema(() -> DriverManager.getConnection(url), s), d, s,
        retryCap);
    WriterSession writer = writers.of(schema, description);
    BasicDataSource readers = new BasicDataSource();
    readers.setUrl(url);
    readers.setMaxTotal(8);
    readers.setDefaultReadOnly(true);
    readers.setTestOnBorrow(true);   // connections from before a restart are dropped, not handed out
    readers.setMaxWait(Duration.ofSeconds(10));
    return new Store(StoreKind.POSTGRESQL, schema, description, writer, readers, () -> {
      writer.close();
      readers.close();
    }, null, null, writers);
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

  /** Why the file found when the store was opened was set aside (it could not be read); null when it was not. */
  public String setAside() {
    return setAside;
  }

  /**
   * Null while the store can be used; else why it cannot and must be made again: its DuckDB file deleted,
   * replaced or found broken while running.
   */
  public String broken() {
    String b = broken;
    return b != null || files == null ? b : files.missing();
  }

  /**
   * Runs {@code work} in one transaction of the writer connection, all of it committed or none, when this
   * gateway leads the mirror (a PostgreSQL store: holds its lock; else {@link NotLeaderException}).
   */
  public <T> T write(SqlWork<T> work) {
    return written(work, true);
  }

  /** {@link #write} for the writes any gateway makes (the bookkeeping tables, its candidacy). */
  public <T> T writeShared(SqlWork<T> work) {
    return written(work, false);
  }

  private <T> T written(SqlWork<T> work, boolean fenced) {
    try {
      T result = writer.transaction(work, fenced);
      if (files != null) {
        files.ownerOnly();   // DuckDB makes its write-ahead log with the process's umask
      }
      return result;
    } catch (StoreException e) {
      noteBroken(e.getCause());
      throw e;
    } catch (IOException e) {
      throw new StoreException("mirror store " + description + ": cannot make its files owner-only: "
          + e.getMessage(), e);
    }
  }

  /** Whether this gateway leads: DuckDB always; PostgreSQL: holds, or now takes, the mirror's lock. */
  public boolean tryLead() {
    return writer.tryLead();
  }

  /** Gives up the lead (to a gateway whose key reads more of the mirror). */
  public void releaseLead() {
    writer.releaseLead();
  }

  /** Whether the writer session holds the lead now. */
  public boolean leads() {
    return writer.leads();
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
      Path file = Files.createTempFile(files.dir(), "load", ".csv");
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
      noteBroken(e);
      if (kind == StoreKind.POSTGRESQL && lostOrUnreachable(e)) {
        throw new StoreUnavailableException("mirror store " + description + " is unreachable: " + e.getMessage(), e);
      }
      throw new StoreException("mirror store " + description + ": " + e.getMessage(), e);
    }
  }

  private static boolean lostOrUnreachable(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.startsWith("57P")
        || e.getCause() instanceof SQLException inner && lostOrUnreachable(inner);
  }

  private void noteBroken(Throwable cause) {
    if (files != null && cause instanceof SQLException e && DuckDbFiles.broken(e) && broken == null) {
      broken = "the store file cannot be read: " + e.getMessage();
      LOG.warn("mirror store {}: {}", description, broken);
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
}
