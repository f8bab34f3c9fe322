package org.stripesql.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The keys and descriptions the generator derives from the hand-written mini spec. */
class GeneratorKeysAndDescriptionsTest {
  private static Catalog catalog;
  private static Catalog described;

  @BeforeAll
  static void generate() throws Exception {
    catalog = OpenApiCatalogGenerator.fromFile(OpenApiCatalogGeneratorTest.spec(), false);
    described = OpenApiCatalogGenerator.fromFile(OpenApiCatalogGeneratorTest.spec(), true);
  }

  private static ApiTable table(Catalog c, String name) {
    return c.table(name).orElseThrow(() -> new AssertionError("no table " + name));
  }

  @Test
  void primaryKeyIsIdOrTheParentAndIdOrNone() {
    assertEquals(List.of("id"), table(catalog, "widgets").primaryKey());
    assertEquals(List.of("id"), table(catalog, "customers").primaryKey());
    assertEquals(List.of("id"), table(catalog, "gadgets").primaryKey());
    assertEquals(List.of("widget", "id"), table(catalog, "widget_parts").primaryKey(),
        "a child without a retrieve by id alone: ids are unique under the parent only");
    assertEquals(List.of("id"), table(catalog, "widget_notes").primaryKey(),
        "a child retrieved by its id alone (/v1/widget_notes/{note}): ids are unique account-wide");
    assertEquals(List.of(), table(catalog, "balance").primaryKey(), "rows are array entries: no key");
  }

  @Test
  void foreignKeysFromReferencesEmbeddedObjectsAndParents() {
    assertEquals(List.of(new ForeignKey("customer", "customers"), new ForeignKey("buyer_id", "customers")),
        table(catalog, "widgets").foreignKeys(),
        "an expandable reference (its deleted_ stub is the same type) and an embedded object's id");
    assertEquals(List.of(new ForeignKey("widget", "widgets")), table(catalog, "widget_parts").foreignKeys());
    assertEquals(List.of(new ForeignKey("widget", "widgets")), table(catalog, "widget_notes").foreignKeys());
    assertEquals(List.of(), table(catalog, "gadgets").foreignKeys());
  }

  @Test
  void polymorphicReferencesAreNoForeignKey() {
    ApiTable widgets = table(catalog, "widgets");
    assertEquals(List.of(new PolymorphicReference("owner", List.of("customer", "note"))),
        widgets.polymorphicReferences());
    assertTrue(widgets.foreignKey("owner").isEmpty());
  }

  @Test
  void keysAreCommittedWithTheCatalog() throws Exception {
    String text = CatalogTool.catalogText(OpenApiCatalogGeneratorTest.spec());
    assertTrue(text.contains("\"primaryKey\": [\"widget\", \"id\"]"), text);
    assertTrue(text.contains("\"foreignKeys\": [{\"column\": \"customer\", \"table\": \"customers\"}"), text);
    Catalog reread = Catalog.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    assertEquals(catalog, reread);
  }

  @Test
  void tablesAndSyntheticColumnsAreDescribedWhenAsked() {
    ApiTable widgets = table(described, "widgets");
    assertTrue(widgets.remarks().startsWith("Widgets are the `things` this spec is about."), widgets.remarks());
    assertNull(table(catalog, "widgets").remarks());
    assertEquals("Stripe `part` objects, as `GET /v1/widgets/{widget}/parts` lists them.",
        table(described, "widget_parts").remarks(), "no description in the spec: the endpoint");
    String parent = table(described, "widget_parts").column("widget").orElseThrow().remarks();
    assertTrue(parent.contains("`widgets`"), parent);
    String kind = table(described, "balance").column("kind").orElseThrow().remarks();
    assertTrue(kind.contains("`available`") && kind.contains("`pending`"), kind);
  }

  @Test
  void compactDescriptionsAreFirstSentencesInPlainText() {
    CatalogDescriptions compact = CatalogDescriptions.of(described);
    Catalog applied = compact.applyTo(catalog);
    ApiTable widgets = table(applied, "widgets");
    assertEquals("Widgets are the things this spec is about.", widgets.remarks());
    assertEquals("Amount in cents.", widgets.column("amount").orElseThrow().remarks());
    assertEquals("The ratio of widget to gadget, e.g. 0.5.", widgets.column("ratio").orElseThrow().remarks(),
        "link text kept, 'e.g.' is no sentence end, the second sentence dropped");
    assertEquals("The unit price in the smallest currency unit.", widgets.column("unit_price").orElseThrow().remarks());
    assertNull(widgets.column("tags").orElseThrow().remarks(), "undocumented in the spec");
    assertTrue(table(applied, "widget_parts").column("widget").orElseThrow().remarks().contains("widgets"));
    for (ApiTable t : applied.tables()) {
      assertTrue(compact.covers(t), t.name());
      assertTrue(t.remarks() != null && !t.remarks().isBlank(), "every table is described: " + t.name());
    }
  }

  @Test
  void compactDescriptionsRoundTripAndIgnoreOtherColumns() throws Exception {
    String text = CatalogDescriptions.of(described).toJson();
    assertEquals(text, CatalogDescriptions.of(OpenApiCatalogGenerator.fromFile(OpenApiCatalogGeneratorTest.spec(),
        true)).toJson(), "deterministic");
    CatalogDescriptions reread = CatalogDescriptions.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    assertEquals(text, reread.toJson());
    ApiTable widgets = table(catalog, "widgets");
    ApiTable renamed = widgets.withColumns(widgets.columns().stream()
        .map(c -> c.name().equals("amount") ? new ApiColumn("amount_x", c.type(), c.nullable(), c.path(), c.ref(), null)
            : c).toList());
    Catalog other = new Catalog(Catalog.FORMAT, "test", List.of(renamed));
    ApiTable untouched = table(reread.applyTo(other), "widgets");
    assertFalse(reread.covers(renamed));
    assertNull(untouched.remarks(), "descriptions made for other columns are not applied");
    assertTrue(untouched.columns().stream().allMatch(c -> c.remarks() == null));
  }

  @Test
  void plainTextCapsLongSentences() {
    String longSentence = "Word ".repeat(80).strip() + ".";
    String capped = PlainText.firstSentence(longSentence);
    assertTrue(capped.length() <= PlainText.MAX_LENGTH, capped.length() + "");
    assertTrue(capped.endsWith("…"), capped);
    assertNull(PlainText.firstSentence("  "));
    assertEquals("Is it?", PlainText.firstSentence("Is it? Yes, it is."));
    assertEquals("Made in the U.S. by hand.", PlainText.firstSentence("Made in the U.S. by hand. Twice."));
  }
}
