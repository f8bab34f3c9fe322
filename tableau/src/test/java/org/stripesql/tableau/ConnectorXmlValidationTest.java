package org.stripesql.tableau;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Validates every XML file of the Tableau connector (tableau/stripesql/) and the .tdc against the connector
 * SDK's XSDs in ../shared/tableau-connector-xsd (relative to the repository root; override with
 * -Dtableau.xsd.dir). Skips, saying why, when that folder is absent: the build never depends on it.
 */
class ConnectorXmlValidationTest {
  static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
  static final Path CONNECTOR = MODULE.resolve("stripesql");
  static final Path TDC = MODULE.resolve("stripesql.tdc");
  static final Path XSD_DIR = Path.of(System.getProperty("tableau.xsd.dir",
      MODULE.getParent().resolve("../shared/tableau-connector-xsd").toString())).toAbsolutePath().normalize();

  /** Connector file → the schema that validates it (the SDK's validation/ mapping). */
  static final Map<String, String> SCHEMAS = new LinkedHashMap<>();

  static {
    SCHEMAS.put("manifest.xml", "connector_plugin_manifest_latest.xsd");
    SCHEMAS.put("connectionFields.xml", "connection_fields.xsd");
    SCHEMAS.put("connectionMetadata.xml", "connector_plugin_metadata.xsd");
    SCHEMAS.put("connectionResolver.tdr", "tdr_latest.xsd");
    SCHEMAS.put("dialect.tdd", "tdd_latest.xsd");
  }

  static void assumeSchemas() {
    Assumptions.assumeTrue(Files.isDirectory(XSD_DIR),
        "Tableau connector XSDs not found at " + XSD_DIR + " (../shared/tableau-connector-xsd from the repository"
            + " root, or -Dtableau.xsd.dir): XML validation skipped");
  }

  static Schema schema(String name) throws SAXException {
    SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    return f.newSchema(XSD_DIR.resolve(name).toFile());
  }

  static void validate(String schemaName, String xml, String what) throws Exception {
    Validator v = schema(schemaName).newValidator();
    try {
      v.validate(new StreamSource(new StringReader(xml)));
    } catch (SAXException e) {
      throw new AssertionError(what + " is not valid against " + schemaName + ": " + e.getMessage(), e);
    }
  }

  @Test
  void everyConnectorXmlFileIsValid() throws Exception {
    assumeSchemas();
    TreeSet<String> xmlFiles = new TreeSet<>();
    try (Stream<Path> s = Files.list(CONNECTOR)) {
      s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".js")).forEach(xmlFiles::add);
    }
    assertEquals(new TreeSet<>(SCHEMAS.keySet()), xmlFiles, "every XML file of the connector has a schema");
    for (Map.Entry<String, String> e : SCHEMAS.entrySet()) {
      validate(e.getValue(), Files.readString(CONNECTOR.resolve(e.getKey()), StandardCharsets.UTF_8), e.getKey());
    }
  }

  @Test
  void validationCatchesAnInvalidFile() throws Exception {
    assumeSchemas();
    String manifest = Files.readString(CONNECTOR.resolve("manifest.xml"), StandardCharsets.UTF_8);
    String broken = manifest.replace("superclass='jdbc'", "");
    assertFalse(broken.equals(manifest));
    assertThrows(AssertionError.class, () -> validate("connector_plugin_manifest_latest.xsd", broken, "broken"));
    String dialect = Files.readString(CONNECTOR.resolve("dialect.tdd"), StandardCharsets.UTF_8);
    String badPart = dialect.replace("<part name='year' value='YEAR'/>", "<part name='decade' value='YEAR'/>");
    assertThrows(AssertionError.class, () -> validate("tdd_latest.xsd", badPart, "bad part"));
  }

  /** A .tdc has no schema of its own: its connection-customization is the manifest schema's, so it is
   *  validated inside a minimal connector-plugin document. */
  @Test
  void tdcIsValidAsTheManifestsConnectionCustomization() throws Exception {
    assumeSchemas();
    String tdc = Files.readString(TDC, StandardCharsets.UTF_8).replaceFirst("<\\?xml[^>]*\\?>", "");
    String wrapped = "<connector-plugin class='x' superclass='jdbc' plugin-version='0.1.0' name='x' version='18.1'>"
        + "<vendor-information><company name='x'/><support-link url='https://example.com'/></vendor-information>"
        + tdc + "</connector-plugin>";
    validate("connector_plugin_manifest_latest.xsd", wrapped, "stripesql.tdc");
  }

  @Test
  void tdcAndManifestDeclareTheSameCapabilities() throws Exception {
    Map<String, String> manifest = customizations(CONNECTOR.resolve("manifest.xml"));
    Map<String, String> tdc = customizations(TDC);
    assertTrue(manifest.size() >= 20, manifest.toString());
    assertEquals(manifest, tdc);
    assertEquals("no", manifest.get("CAP_CREATE_TEMP_TABLES"));
    assertEquals("no", manifest.get("CAP_JDBC_QUERY_CANCEL"));
    assertEquals("yes", manifest.get("CAP_QUERY_TOPSTYLE_LIMIT"));
  }

  @Test
  void manifestReferencesExistingFilesAndTheDriverClass() throws Exception {
    Document m = parse(CONNECTOR.resolve("manifest.xml"));
    Element root = m.getDocumentElement();
    assertEquals("jdbc", root.getAttribute("superclass"));
    assertEquals("stripesql", root.getAttribute("class"));
    for (String tag : List.of("connection-fields", "connection-metadata", "connection-resolver", "dialect")) {
      NodeList n = m.getElementsByTagName(tag);
      assertEquals(1, n.getLength(), tag);
      String file = ((Element) n.item(0)).getAttribute("file");
      assertTrue(Files.isRegularFile(CONNECTOR.resolve(file)), tag + " -> " + file);
    }
    Document tdr = parse(CONNECTOR.resolve("connectionResolver.tdr"));
    assertEquals("org.stripesql.driver.StripeSqlDriver",
        tdr.getElementsByTagName("driver-name").item(0).getTextContent().trim());
    NodeList scripts = tdr.getElementsByTagName("script");
    for (int i = 0; i < scripts.getLength(); i++) {
      String file = ((Element) scripts.item(i)).getAttribute("file");
      assertTrue(Files.isRegularFile(CONNECTOR.resolve(file)), file);
    }
    String builder = Files.readString(CONNECTOR.resolve("connectionBuilder.js"), StandardCharsets.UTF_8);
    assertTrue(builder.contains("\"jdbc:stripesql:url=\""), builder);
    String props = Files.readString(CONNECTOR.resolve("connectionProperties.js"), StandardCharsets.UTF_8);
    assertTrue(props.contains("props[\"avatica_user\"] = attr[connectionHelper.attributeUsername]"), props);
    assertTrue(props.contains("props[\"avatica_password\"] = attr[connectionHelper.attributePassword]"), props);
  }

  static Map<String, String> customizations(Path file) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    NodeList n = parse(file).getElementsByTagName("customization");
    for (int i = 0; i < n.getLength(); i++) {
      Element e = (Element) n.item(i);
      assertNotNull(out.put(e.getAttribute("name"), e.getAttribute("value")) == null ? "" : null,
          "duplicate " + e.getAttribute("name") + " in " + file);
    }
    return out;
  }

  static Document parse(Path file) throws IOException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder().parse(file.toFile());
    } catch (Exception e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }
}
