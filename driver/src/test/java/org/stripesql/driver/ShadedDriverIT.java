package org.stripesql.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.calcite.avatica.remote.Driver.Serialization;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The packaged driver jar (driver/target/stripesql-driver-VERSION.jar) alone, in a class loader that sees
 * only the JDK: it registers through ServiceLoader, connects to a gateway, names itself, and holds no
 * unrelocated third-party class that could clash with a client's own.
 */
class ShadedDriverIT {
  @Test
  void theJarAloneConnectsAndNamesItself() throws Exception {
    Path jar = Path.of(System.getProperty("stripesql.driver.jar", "target/stripesql-driver.jar"));
    assertTrue(Files.isRegularFile(jar), jar + " was built");
    try (JarFile j = new JarFile(jar.toFile())) {
      List<String> foreign = j.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
          .filter(n -> !n.startsWith("org/stripesql/driver/") && !n.startsWith("org/apache/calcite/avatica/"))
          .collect(Collectors.toList());
      assertEquals(List.of(), foreign, "every bundled dependency is relocated");
    }
    try (GatewayFixture fx = GatewayFixture.start(Serialization.PROTOBUF);
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
            ClassLoader.getPlatformClassLoader())) {
      Driver driver = null;
      for (Driver d : ServiceLoader.load(Driver.class, loader)) {
        if (d.getClass().getClassLoader() == loader) {
          assertEquals("org.stripesql.driver.StripeSqlDriver", d.getClass().getName());
          driver = d;
        }
      }
      assertTrue(driver != null, "the jar registers a java.sql.Driver");
      assertTrue(driver.acceptsURL(fx.url));
      Properties p = new Properties();
      p.setProperty("user", "");
      p.setProperty("password", "");
      try (Connection c = driver.connect(fx.url, p); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM customers")) {
        assertTrue(rs.next());
        assertEquals(fx.emulator.data().list("customers").size(), rs.getLong(1));
        assertEquals("stripe-sql JDBC driver", c.getMetaData().getDriverName());
        assertEquals("stripe-sql", c.getMetaData().getDatabaseProductName());
        try (ResultSet keys = c.getMetaData().getImportedKeys(null, "stripe", "refunds")) {
          boolean charge = false;
          while (keys.next()) {
            charge |= "charge".equals(keys.getString("FKCOLUMN_NAME"));
          }
          assertTrue(charge, "foreign keys through the jar's own (relocated) JSON library");
        }
      }
      Driver d = driver;
      SQLException e = Assertions.assertThrows(SQLException.class,
          () -> d.connect("jdbc:stripesql:url=http://127.0.0.1:1", p));
      assertEquals("08001", e.getSQLState());
    }
  }
}
