package org.stripesql.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generator's rules, on a small hand-written description. */
class OpenApiCatalogGeneratorTest {
  private static Catalog catalog;

  @BeforeAll
  static void generate() throws Exception {
    catalog = OpenApiCatalogGenerator.fromFile(spec(), false);
  }

  static Path spec() throws URISyntaxException {
    return Path.of(OpenApiCatalogGeneratorTest.class.getResource("/mini-spec.json").toURI());
  }

  private static ApiTable table(String name) {
    return catalog.table(name).orElseThrow(() -> new AssertionError("no table " + name + " in "
        + catalog.tables().stream().map(ApiTable::name).collect(Collectors.toList())));
  }

  private static ApiColumn column(ApiTable t, String name) {
    return t.column(name).orElseThrow(() -> new AssertionError("no column " + name + " in " + t.name()));
  }

  @Test
  void listEndpointsBecomeTablesAndDeprecatedOnesDoNot() {
    assertEquals(List.of("balance", "customers", "gadgets", "widget_notes", "widget_parts", "widgets"),
        catalog.tables().stream().map(ApiTable::name).collect(Collectors.toList()));
    assertEquals("2099-01-01", catalog.apiVersion());
  }

  @Test
  void idComesFirstThenTheSpecOrder() {
    List<String> names = table("widgets").columns().stream().map(ApiColumn::name).collect(Collectors.toList());
    assertEquals("id", names.get(0));
    assertEquals("amount", names.get(1));
    assertEquals("active", names.get(2));
  }

  @Test
  void scalarTypes() {
    ApiTable w = table("widgets");
    assertEquals(ColumnType.BIGINT, column(w, "amount").type());
    assertEquals(ColumnType.BOOLEAN, column(w, "active").type());
    assertEquals(ColumnType.DOUBLE, column(w, "ratio").type());
    assertEquals(ColumnType.DECIMAL, column(w, "unit_price").type());
    assertEquals(ColumnType.TIMESTAMP, column(w, "created").type());
    assertEquals(ColumnType.VARCHAR, column(w, "status").type());
  }

  @Test
  void expandableReferenceIsTheIdWithItsTarget() {
    ApiColumn c = column(table("widgets"), "customer");
    assertEquals(ColumnType.VARCHAR, c.type());
    assertEquals("customer", c.ref());
    assertTrue(c.nullable());
  }

  @Test
  void nestedObjectsFlattenToDepthThreeThenJson() {
    ApiTable w = table("widgets");
    ApiColumn city = column(w, "billing_address_city");
    assertEquals(List.of("billing", "address", "city"), city.path());
    assertEquals(ColumnType.VARCHAR, city.type());
    assertTrue(city.nullable(), "under a nullable object");
    ApiColumn geo = column(w, "billing_address_geo");
    assertEquals(ColumnType.JSON, geo.type(), "a fourth level stays JSON");
    assertFalse(w.column("billing_address_geo_lat").isPresent());
  }

  @Test
  void mapsArraysPolymorphicValuesAndEmbeddedListsAreJson() {
    ApiTable w = table("widgets");
    assertEquals(ColumnType.JSON, column(w, "metadata").type());
    assertEquals(ColumnType.JSON, column(w, "tags").type());
    assertEquals(ColumnType.JSON, column(w, "source").type());
    assertEquals(ColumnType.JSON, column(w, "parts").type());
  }

  @Test
  void flattenedNamesNeverCollide() {
    ApiTable w = table("widgets");
    Set<String> names = new HashSet<>();
    for (ApiColumn c : w.columns()) {
      assertTrue(names.add(c.name()), "duplicate " + c.name());
    }
    assertEquals(List.of("a_b", "c"), column(w, "a_b_c").path());
    assertEquals(List.of("a", "b_c"), column(w, "a_b_c_2").path());
  }

  @Test
  void requiredPropertiesAreNotNullable() {
    ApiTable w = table("widgets");
    assertFalse(column(w, "amount").nullable());
    assertTrue(column(w, "active").nullable());
  }

  @Test
  void filtersWithTheirKinds() {
    ApiTable w = table("widgets");
    Map<String, ApiFilter> f = w.filters().stream().collect(Collectors.toMap(ApiFilter::param, x -> x));
    assertEquals(Set.of("created", "status", "customer", "active", "ids", "shape"), f.keySet(),
        "paging parameters are not filters");
    assertEquals(FilterKind.RANGE, f.get("created").kind());
    assertEquals("created", f.get("created").column());
    assertEquals(FilterKind.EQUALS, f.get("status").kind());
    assertEquals(List.of("open", "closed"), f.get("status").values());
    assertEquals("customer", f.get("customer").column());
    assertEquals("boolean", f.get("active").valueType());
    assertEquals(FilterKind.IN, f.get("ids").kind());
    assertEquals("id", f.get("ids").column());
    assertEquals(FilterKind.OTHER, f.get("shape").kind());
    assertNull(f.get("shape").column());
  }

  @Test
  void requiredEnumParameterIsKeptAndMarked() {
    ApiFilter type = table("gadgets").filter("type").orElseThrow();
    assertTrue(type.isRequired());
    assertEquals(List.of("big", "small"), type.values());
  }

  @Test
  void childTableNamedAfterParentWithParentColumn() {
    ApiTable parts = table("widget_parts");
    assertEquals(TableKind.CHILD, parts.kind());
    assertEquals("/v1/widgets/{widget}/parts", parts.path());
    assertEquals(new Parent("widgets", "widget", null, "widget"), parts.parent());
    assertEquals(List.of("id", "widget", "size"),
        parts.columns().stream().map(ApiColumn::name).collect(Collectors.toList()));
    assertEquals("widget", column(parts, "widget").ref());
  }

  @Test
  void retrieveAndSearchEndpoints() {
    ApiTable w = table("widgets");
    assertEquals("/v1/widgets/{widget}", w.retrievePath());
    assertNotNull(w.search());
    assertEquals("/v1/widgets/search", w.search().path());
    assertNull(table("gadgets").search());
  }

  @Test
  void singletonBalanceExplodesIntoKindRows() {
    ApiTable b = table("balance");
    assertEquals(TableKind.SINGLETON, b.kind());
    assertEquals(List.of("kind", "amount", "currency", "livemode"),
        b.columns().stream().map(ApiColumn::name).filter(n -> !n.equals("object")).collect(Collectors.toList()));
    assertEquals(List.of("$object", "livemode"), column(b, "livemode").path());
    assertEquals("kind", b.explode().kindColumn());
  }

  @Test
  void remarksOnlyWhenAsked() throws Exception {
    assertNull(column(table("widgets"), "amount").remarks());
    Catalog withRemarks = OpenApiCatalogGenerator.fromFile(spec(), true);
    assertEquals("Amount in cents.",
        withRemarks.table("widgets").orElseThrow().column("amount").orElseThrow().remarks());
  }

  @Test
  void outputIsDeterministicAndRoundTrips() throws Exception {
    String first = CatalogTool.catalogText(spec());
    String second = CatalogTool.catalogText(spec());
    assertEquals(first, second);
    Catalog reread = Catalog.read(new ByteArrayInputStream(first.getBytes(StandardCharsets.UTF_8)));
    StringWriter w = new StringWriter();
    reread.write(w);
    assertEquals(first, w.toString());
    assertFalse(first.contains("Amount in cents"), "no prose in a written catalog");
  }

  @Test
  void notASpecIsAClearError() {
    Path bogus = Path.of("does-not-exist-spec.json");
    Exception e = assertThrows(IOException.class, () -> OpenApiCatalogGenerator.fromFile(bogus, false));
    assertTrue(e.getMessage().contains("does-not-exist-spec.json"), e.getMessage());
  }
}
