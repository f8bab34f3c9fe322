package org.stripesql.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A description newer than the generator, with constructs it does not know (issue 25): each is skipped with
 * a message in {@link Catalog#skipped()}, never a crash and never a wrong column or a pushed parameter
 * Stripe would read otherwise. The spec is hand-written ({@code newer-constructs-spec.json}).
 */
class NewerSpecConstructsTest {
  private static Catalog catalog;
  private static Map<String, String> skipped;

  @BeforeAll
  static void generate() throws Exception {
    Path spec = Path.of(NewerSpecConstructsTest.class.getResource("/newer-constructs-spec.json").toURI());
    catalog = OpenApiCatalogGenerator.fromFile(spec, false);
    skipped = new TreeMap<>();
    catalog.skipped().forEach(s -> skipped.put(s.what(), s.reason()));
  }

  private static ApiTable table(String name) {
    return catalog.table(name).orElseThrow(() -> new AssertionError("no table " + name));
  }

  @Test
  void theTablesItCanReadAndTheVersion() {
    assertEquals(List.of("foo_bar", "owners", "poly", "report_rows", "secrets", "things"),
        catalog.tables().stream().map(ApiTable::name).toList());
    assertEquals("2099-09-30.future", catalog.apiVersion());
  }

  @Test
  void v2PathsAreSkippedWithAMessage() {
    assertTrue(skipped.get("GET /v2/core/things").startsWith("not a v1 API endpoint"), skipped.toString());
  }

  @Test
  void listsOfUnknownItemsAreSkipped() {
    assertTrue(skipped.get("GET /v1/mixed").contains("anyOf of schemas that are not all references"), skipped.toString());
    assertTrue(skipped.get("GET /v1/bad_ref").contains("missing_schema, which the description lacks"),
        skipped.toString());
    assertEquals("it lists under more than one parent id", skipped.get("GET /v1/things/{thing}/subthings/{sub}/leaves"));
  }

  @Test
  void anAliasIsFoundByItsShapeNotByAList() {
    assertEquals("alias of GET /v1/things", skipped.get("GET /v1/things_old"));
  }

  @Test
  void aNameTwoEndpointsWouldTakeIsKeptByTheFirst() {
    assertEquals("/v1/foo/bar", table("foo_bar").path());
    assertEquals("its table name foo_bar is taken by GET /v1/foo/bar", skipped.get("GET /v1/foo_bar"));
  }

  @Test
  void newParameterShapesAreNotPushed() {
    ApiTable things = table("things");
    for (String p : List.of("kind", "tags", "updated")) {
      ApiFilter f = things.filter(p).orElseThrow();
      assertEquals(FilterKind.OTHER, f.kind(), p);
      assertNull(f.column(), p);
      assertTrue(skipped.containsKey("GET /v1/things parameter " + p), p + " " + skipped);
    }
    assertTrue(skipped.get("GET /v1/things parameter updated").contains("a range whose bounds are not integers"));
    assertTrue(skipped.get("GET /v1/things parameter kind").contains("oneOf"));
    assertEquals(FilterKind.RANGE, things.filter("created").orElseThrow().kind());
    // OpenAPI 3.1's type list with null, a parameter $ref and a path-level parameter are read
    assertEquals("flag", things.filter("flag").orElseThrow().column());
    assertEquals("owner", things.filter("owner").orElseThrow().column());
    assertEquals("region", things.filter("region").orElseThrow().column());
    assertTrue(things.declares("region"));
  }

  @Test
  void newFormatsKeepThePlainTypeWithAMessage() {
    ApiTable things = table("things");
    assertEquals(ColumnType.VARCHAR, things.column("updated_at").orElseThrow().type(), "date-time text");
    assertEquals(ColumnType.BIGINT, things.column("amount_ms").orElseThrow().type(), "never seconds");
    assertEquals(ColumnType.TIMESTAMP, things.column("created").orElseThrow().type());
    assertTrue(skipped.get("GET /v1/things column updated_at").contains("format 'date-time' is unknown"));
    assertTrue(skipped.get("GET /v1/things column amount_ms").contains("format 'unix-time-ms' is unknown"));
    assertEquals(ColumnType.BOOLEAN, things.column("flag").orElseThrow().type());
    assertTrue(things.column("flag").orElseThrow().nullable());
  }

  @Test
  void polymorphicValuesAreJsonAndPolymorphicReferencesNoForeignKey() {
    ApiTable things = table("things");
    assertEquals(ColumnType.JSON, things.column("payload").orElseThrow().type(), "oneOf");
    assertEquals(ColumnType.JSON, things.column("mode").orElseThrow().type(), "anyOf of an enum and an integer");
    assertEquals(ColumnType.JSON, things.column("nested").orElseThrow().type(), "allOf");
    assertEquals(List.of(new PolymorphicReference("owner", List.of("owner_a", "owner_b"))),
        things.polymorphicReferences());
    assertTrue(things.foreignKey("owner").isEmpty());
    ApiTable poly = table("poly");
    assertEquals("thing|gizmo", poly.object(), "a oneOf of references is a polymorphic list");
    assertTrue(poly.column("size").isPresent() && poly.column("region").isPresent());
    assertTrue(poly.foreignKey("owner").isEmpty(), "its owner may name two types");
  }

  @Test
  void requiredParametersBecomeColumnsAQueryMustFix() {
    ApiTable rows = table("report_rows");
    assertFalse(rows.parent().listed(), "no endpoint lists reports");
    assertEquals("report", rows.column("report").orElseThrow().ref(), "the type the parent's retrieve answers");
    assertEquals(List.of("report"), rows.fixedColumns());
    assertEquals(List.of("ownership"), table("owners").fixedColumns());
    assertEquals(List.of("scope_type"), table("secrets").fixedColumns());
    assertEquals("it requires parameter code, which no column holds", skipped.get("GET /v1/unfillable"));
  }
}
