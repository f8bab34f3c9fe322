package org.stripesql.pgwire;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exploration only: runs the statements in /tmp/scratch/queries.sql (one a line) and prints the answers. */
class ScratchTest {
  @Test
  void run() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("/tmp/scratch/queries.sql"));
    StringBuilder out = new StringBuilder();
    try (PgFixture pg = PgFixture.start(); Connection c = pg.connect()) {
      if (Files.exists(Path.of("/tmp/scratch/port"))) {
        Files.writeString(Path.of("/tmp/scratch/port.out"), Integer.toString(pg.port()));
      }
      for (String q : lines) {
        if (q.isBlank() || q.startsWith("#")) {
          continue;
        }
        out.append("\n>>> ").append(q).append('\n');
        try (Statement s = c.createStatement()) {
          boolean rs = s.execute(q);
          if (rs) {
            try (ResultSet r = s.getResultSet()) {
              ResultSetMetaData md = r.getMetaData();
              for (int i = 1; i <= md.getColumnCount(); i++) {
                out.append(md.getColumnLabel(i)).append(':').append(md.getColumnTypeName(i)).append(" | ");
              }
              out.append('\n');
              int n = 0;
              while (r.next() && n++ < 20) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                  out.append(r.getString(i)).append(" | ");
                }
                out.append('\n');
              }
            }
          }
        } catch (Exception e) {
          out.append("ERROR ").append(e instanceof java.sql.SQLException se ? se.getSQLState() : "").append(' ')
              .append(e.getMessage()).append('\n');
        }
      }
    }
    Files.writeString(Path.of("/tmp/scratch/out.txt"), out.toString());
  }
}
