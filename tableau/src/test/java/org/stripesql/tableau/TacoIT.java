package org.stripesql.tableau;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The packaged target/stripesql.taco: a jar with every connector file at its root, byte for byte. */
class TacoIT {
  @Test
  void tacoHoldsEveryConnectorFile() throws Exception {
    Path taco = Path.of(System.getProperty("stripesql.taco", "target/stripesql.taco"));
    assertTrue(Files.isRegularFile(taco), taco + " was built");
    TreeSet<String> expected = new TreeSet<>();
    for (String f : ConnectorXmlValidationTest.CONNECTOR.toFile().list()) {
      expected.add(f);
    }
    assertTrue(expected.containsAll(Arrays.asList("manifest.xml", "dialect.tdd", "connectionBuilder.js")));
    TreeSet<String> actual = new TreeSet<>();
    try (JarFile jar = new JarFile(taco.toFile())) {
      assertNotNull(jar.getManifest(), "a jar manifest");
      jar.stream().filter(e -> !e.isDirectory() && !e.getName().startsWith("META-INF/"))
          .forEach(e -> actual.add(e.getName()));
      assertEquals(expected, actual);
      for (String f : expected) {
        try (var in = jar.getInputStream(jar.getEntry(f))) {
          assertTrue(Arrays.equals(Files.readAllBytes(ConnectorXmlValidationTest.CONNECTOR.resolve(f)),
              in.readAllBytes()), f);
        }
      }
    }
  }
}
