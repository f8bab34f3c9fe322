package org.stripesql.adapter;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Run in a JVM of its own by {@link ScanMemoryTest}: scans {@code charges} of the emulator at argument 1
 * ({@code scan}: count the rows; {@code hold}: keep them all) and prints the row count.
 */
public final class ScanMemoryProbe {
  private ScanMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.setProperty("model", CalciteFixture.model(args[0], CalciteFixture.KEY, ",\"MaxConcurrency\":\"8\""));
    p.setProperty("lex", "MYSQL_ANSI");
    boolean hold = args[1].equals("hold");
    List<Object[]> held = new ArrayList<>();
    long n = 0;
    try (Connection c = DriverManager.getConnection("jdbc:calcite:", p); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select * from charges")) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        n++;
        if (hold) {
          Object[] row = new Object[md.getColumnCount()];
          for (int i = 0; i < row.length; i++) {
            row[i] = rs.getObject(i + 1);
          }
          held.add(row);
        }
      }
    }
    System.out.println("rows " + n + " held " + held.size());
  }
}
