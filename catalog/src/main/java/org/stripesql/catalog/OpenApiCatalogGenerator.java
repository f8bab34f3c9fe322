package org.stripesql.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Derives the {@link Catalog} from Stripe's OpenAPI description ({@code spec3.json}): every list
 * endpoint becomes a table, a list nested under a parent id a child table; the few exceptions live in
 * {@link CatalogOverrides}. The rules are in docs/design.md; output is deterministic.
 */
public final class OpenApiCatalogGenerator {
  private static final Set<String> PAGING_PARAMS = Set.of("limit", "starting_after", "ending_before", "expand");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonNode spec;
  private final SpecSchemas schemas;
  private final ColumnFlattener flattener;
  private final boolean withRemarks;

  /**
   * @param spec        the parsed description
   * @param withRemarks whether columns carry the spec's property descriptions (for a catalog built at
   *                    startup; the committed catalog carries no prose)
   */
  public OpenApiCatalogGenerator(JsonNode spec, boolean withRemarks) {
    this.spec = spec;
    this.schemas = new SpecSchemas(spec);
    this.flattener = new ColumnFlattener(schemas, withRemarks);
    this.withRemarks = withRemarks;
  }

  /** Reads a description file and derives its catalog. */
  public static Catalog fromFile(Path specFile, boolean withRemarks) throws IOException {
    JsonNode spec;
    try (InputStream in = Files.newInputStream(specFile)) {
      spec = MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IOException("cannot read the OpenAPI description " + specFile + ": " + e.getMessage(), e);
    }
    if (spec == null || !spec.path("paths").isObject()) {
      throw new IOException(specFile + " is not an OpenAPI description: it has no 'paths' object");
    }
    return new OpenApiCatalogGenerator(spec, withRemarks).generate();
  }

  public Catalog generate() {
    JsonNode paths = spec.path("paths");
    // list endpoints first, so child tables can find their parent by path
    Map<String, JsonNode> lists = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = paths.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode get = e.getValue().path("get");
      if (isTableEndpoint(e.getKey(), get)) {
        lists.put(e.getKey(), get);
      }
    }
    Map<String, String> tableByListPath = new HashMap<>();
    List<ApiTable> tables = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : lists.entrySet()) {
      if (!isChildPath(e.getKey()) && parentQueryParam(e.getKey(), e.getValue()) == null) {
        ApiTable t = listTable(e.getKey(), e.getValue());
        tableByListPath.put(e.getKey(), t.name());
        tables.add(t);
      }
    }
    for (Map.Entry<String, JsonNode> e : lists.entrySet()) {
      String queryParent = parentQueryParam(e.getKey(), e.getValue());
      if (queryParent != null) {
        ApiTable t = queryChildTable(e.getKey(), e.getValue(), queryParent, tables);
        if (t != null) {
          tableByListPath.put(e.getKey(), t.name());
          tables.add(t);
        }
      }
    }
    // children of children (usage record summaries of subscription items) come after their parents
    for (Map.Entry<String, JsonNode> e : lists.entrySet()) {
      if (isChildPath(e.getKey())) {
        ApiTable t = childTable(e.getKey(), e.getValue(), tableByListPath, tables);
        if (t != null) {
          tables.add(t);
        }
      }
    }
    CatalogOverrides.SINGLETONS.forEach((path, name) -> {
      JsonNode get = paths.path(path).path("get");
      if (!get.isMissingNode()) {
        tables.add(singletonTable(path, name, get));
      }
    });
    tables.sort(Comparator.comparing(ApiTable::name));
    checkUniqueNames(tables);
    List<ApiTable> finished = withKeysAndRemarks(tables);
    String version = spec.path("info").path("version").asText("unknown");
    return new Catalog(Catalog.FORMAT, version, finished);
  }

  /** Keys, and descriptions when asked: passes over the finished tables ({@link CatalogKeys}, {@link TableRemarks}). */
  private List<ApiTable> withKeysAndRemarks(List<ApiTable> tables) {
    TableSchemas tableSchemas = new TableSchemas(spec, schemas);
    List<ApiTable> keyed = new CatalogKeys(tableSchemas).apply(tables);
    return withRemarks ? new TableRemarks(tableSchemas).apply(keyed) : keyed;
  }

  private boolean isTableEndpoint(String path, JsonNode get) {
    if (get.isMissingNode() || get.path("deprecated").asBoolean(false) || path.endsWith("/search")
        || CatalogOverrides.SKIPPED_PATHS.contains(path)) {
      return false;
    }
    int parentParams = 0;
    for (JsonNode p : get.path("parameters")) {
      if ("query".equals(p.path("in").asText()) && p.path("required").asBoolean(false)) {
        if (p.path("schema").path("enum").isArray()) {
          continue;      // a scan makes one call per value
        }
        parentParams++;  // a parent id: the list is a child of the table that id names
      }
    }
    if (parentParams > 1 || (parentParams == 1 && isChildPath(path))) {
      return false;
    }
    JsonNode props = schemas.resolve(responseSchema(get)).path("properties");
    boolean list = "list".equals(props.path("object").path("enum").path(0).asText())
        || (props.has("data") && props.has("has_more") && props.has("url"));
    return list && pathPlaceholders(path).size() <= 1;
  }

  private static JsonNode responseSchema(JsonNode get) {
    return get.path("responses").path("200").path("content").path("application/json").path("schema");
  }

  private static boolean isChildPath(String path) {
    return path.contains("{");
  }

  private static List<String> pathPlaceholders(String path) {
    List<String> out = new ArrayList<>();
    for (String seg : path.split("/")) {
      if (seg.startsWith("{") && seg.endsWith("}")) {
        out.add(seg.substring(1, seg.length() - 1));
      }
    }
    return out;
  }

  /** snake_case name of a top-level path: the segments after {@code /v1}, joined with {@code _}. */
  static String tableName(String path) {
    String override = CatalogOverrides.NAMES.get(path);
    if (override != null) {
      return override;
    }
    List<String> segs = new ArrayList<>();
    for (String seg : path.split("/")) {
      if (!seg.isEmpty() && !seg.equals("v1")) {
        segs.add(seg);
      }
    }
    return String.join("_", segs);
  }

  /** English singular of a snake_case plural, enough for Stripe's resource names. */
  static String singular(String plural) {
    if (plural.endsWith("ies")) {
      return plural.substring(0, plural.length() - 3) + "y";
    }
    if (plural.endsWith("sses") || plural.endsWith("xes")) {
      return plural.substring(0, plural.length() - 2);
    }
    if (plural.endsWith("s") && !plural.endsWith("ss")) {
      return plural.substring(0, plural.length() - 1);
    }
    return plural;
  }

  private ApiTable listTable(String path, JsonNode get) {
    String name = tableName(path);
    ItemShape item = itemShape(get);
    String retrieve = retrievePath(path);
    List<ListOmit> omits = listOmits(name, get, item.columns);
    return new ApiTable(name, TableKind.LIST, item.object, path, retrieve, null, item.columns,
        filters(path, get, item.columns), scanParams(name, get), search(name, path), null)
        .withListing(queryParams(get), null, CatalogOverrides.SCAN_PER.get(name), omits);
  }

  private ApiTable childTable(String path, JsonNode get, Map<String, String> tableByListPath, List<ApiTable> tables) {
    String placeholder = pathPlaceholders(path).get(0);
    int at = path.indexOf("/{" + placeholder + "}");
    String parentPath = path.substring(0, at);
    String parentTable = tableByListPath.getOrDefault(parentPath,
        CatalogOverrides.PARENT_TABLES.get(parentPath));
    if (parentTable == null) {
      return null;   // no listable parent: its children cannot be reached by a scan
    }
    String childPart = path.substring(at + placeholder.length() + 4).replace('/', '_');
    String parentSingular = singular(parentTable);
    String name = CatalogOverrides.NAMES.getOrDefault(path, singular(tableName(parentPath)) + "_" + childPart);
    String parentColumn = "id".equals(placeholder) ? parentSingular : placeholder;
    ItemShape item = itemShape(get);
    List<ApiColumn> columns = new ArrayList<>(item.columns);
    if (columns.stream().noneMatch(c -> c.name().equals(parentColumn))) {
      // the parent id is not a property of the child object: a synthetic column right after id
      int pos = !columns.isEmpty() && columns.get(0).name().equals("id") ? 1 : 0;
      String parentObject = tableObject(parentTable, tables);
      columns.add(pos, new ApiColumn(parentColumn, ColumnType.VARCHAR, false, List.of(), parentObject, null));
    }
    String retrieve = retrievePath(path);
    return new ApiTable(name, TableKind.CHILD, item.object, path, retrieve,
        new Parent(parentTable, placeholder, null, parentColumn), columns, filters(path, get, columns),
        scanParams(name, get), null, null)
        .withListing(queryParams(get), topRetrievePath(retrieve, item.object, parentColumn, columns, tables), null,
            listOmits(name, get, columns));
  }

  /** The required, non-enum query parameter of a list endpoint: a parent id. Null when there is none. */
  private static String parentQueryParam(String path, JsonNode get) {
    String override = CatalogOverrides.QUERY_PARENTS.get(path);
    if (override != null) {
      return override;
    }
    for (JsonNode p : get.path("parameters")) {
      if ("query".equals(p.path("in").asText()) && p.path("required").asBoolean(false)
          && !p.path("schema").path("enum").isArray()) {
        return p.path("name").asText();
      }
    }
    return null;
  }

  /**
   * A list that needs a parent id as a query parameter ({@code /v1/subscription_items?subscription=})
   * is a child of the top-level table whose singular name ends with that parameter
   * ({@code subscriptions}, {@code radar_value_lists} for {@code value_list}).
   */
  private ApiTable queryChildTable(String path, JsonNode get, String param, List<ApiTable> topLevel) {
    ApiTable parent = null;
    for (ApiTable t : topLevel) {
      String s = singular(t.name());
      if (t.kind() == TableKind.LIST && (s.equals(param) || s.endsWith("_" + param))) {
        parent = t;
        break;
      }
    }
    if (parent == null) {
      return null;
    }
    ItemShape item = itemShape(get);
    List<ApiColumn> columns = new ArrayList<>(item.columns);
    if (columns.stream().noneMatch(c -> c.name().equals(param))) {
      int pos = !columns.isEmpty() && columns.get(0).name().equals("id") ? 1 : 0;
      columns.add(pos, new ApiColumn(param, ColumnType.VARCHAR, false, List.of(), parent.object(), null));
    }
    String name = tableName(path);
    List<ApiFilter> filters = new ArrayList<>();
    for (ApiFilter f : filters(path, get, columns)) {
      if (!f.param().equals(param)) {
        filters.add(f);
      }
    }
    return new ApiTable(name, TableKind.CHILD, item.object, path, retrievePath(path),
        new Parent(parent.name(), null, param, param), columns, filters, scanParams(name, get), null, null)
        .withListing(queryParams(get), null, null, listOmits(name, get, columns));
  }

  /**
   * For a child whose retrieve endpoint needs the parent id: the retrieve endpoint of the top-level
   * table named after the same object ({@code refunds} for refunds), when the object names its parent
   * in the parent column, so a row read there gets its parent id.
   */
  private static String topRetrievePath(String retrieve, String object, String parentColumn, List<ApiColumn> columns,
      List<ApiTable> tables) {
    if (retrieve == null || pathPlaceholders(retrieve).size() < 2) {
      return null;
    }
    boolean parentInObject = columns.stream().anyMatch(c -> c.name().equals(parentColumn) && !c.path().isEmpty());
    for (ApiTable t : tables) {
      if (parentInObject && t.kind() == TableKind.LIST && object.equals(t.object())
          && object.equals(singular(t.name())) && t.retrievePath() != null
          && pathPlaceholders(t.retrievePath()).size() == 1) {
        return t.retrievePath();
      }
    }
    return null;
  }

  /**
   * What a list leaves out: objects of a test clock where the list declares {@code test_clock} (Stripe
   * omits them unless it is given), and the few {@link CatalogOverrides#LIST_OMITS}.
   */
  private static List<ListOmit> listOmits(String table, JsonNode get, List<ApiColumn> columns) {
    List<ListOmit> out = new ArrayList<>();
    if (queryParams(get).contains("test_clock") && columns.stream().anyMatch(c -> c.name().equals("test_clock"))) {
      out.add(new ListOmit("test_clock", null));
    }
    out.addAll(CatalogOverrides.LIST_OMITS.getOrDefault(table, List.of()));
    return out;
  }

  /** Every query parameter an endpoint declares, sorted. */
  private static List<String> queryParams(JsonNode get) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : get.path("parameters")) {
      if ("query".equals(p.path("in").asText())) {
        out.add(p.path("name").asText());
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** The table's scan parameters; each must be one its list endpoint declares, or Stripe would refuse it. */
  private static Map<String, String> scanParams(String table, JsonNode get) {
    Map<String, String> scan = CatalogOverrides.SCAN_PARAMS.get(table);
    if (scan != null && !queryParams(get).containsAll(scan.keySet())) {
      throw new IllegalStateException("CatalogOverrides.SCAN_PARAMS gives " + table + " parameters " + scan.keySet()
          + " that its list endpoint does not declare (it declares " + queryParams(get) + ")");
    }
    return scan;
  }

  private static String tableObject(String parentTable, List<ApiTable> tables) {
    return tables.stream().filter(t -> t.name().equals(parentTable)).map(ApiTable::object).findFirst().orElse(null);
  }

  private ApiTable singletonTable(String path, String name, JsonNode get) {
    JsonNode schema = responseSchema(get);
    String ref = SpecSchemas.refName(schema);
    JsonNode resolved = schemas.resolve(schema);
    String object = resolved.path("x-resourceId").asText(ref);
    Explode explode = CatalogOverrides.EXPLODED.get(name);
    List<ApiColumn> columns;
    if (explode == null) {
      columns = flattener.columns(resolved);
    } else {
      // rows are the array entries: a kind column, the object's scalar members, then the entry's columns
      JsonNode entry = entrySchema(resolved, explode.arrays().get(0).path());
      columns = new ArrayList<>();
      columns.add(new ApiColumn(explode.kindColumn(), ColumnType.VARCHAR, false, List.of(), null, null));
      for (ApiColumn c : flattener.columns(entry)) {
        columns.add(c);
      }
      for (ApiColumn c : flattener.columns(resolved)) {
        if (c.type() != ColumnType.JSON) {
          // object-level scalars (livemode) repeat on every row; their paths start at the object
          columns.add(new ApiColumn(c.name(), c.type(), c.nullable(),
              prepend("$object", c.path()), c.ref(), c.remarks(), c.values()));
        }
      }
    }
    return new ApiTable(name, TableKind.SINGLETON, object, path, null, null, columns, List.of(), null, null,
        explode);
  }

  private static List<String> prepend(String head, List<String> tail) {
    List<String> out = new ArrayList<>();
    out.add(head);
    out.addAll(tail);
    return out;
  }

  private JsonNode entrySchema(JsonNode object, List<String> arrayPath) {
    JsonNode s = object;
    for (String p : arrayPath) {
      s = schemas.resolve(s.path("properties").path(p));
    }
    return schemas.resolve(s.path("items"));
  }

  private String retrievePath(String listPath) {
    JsonNode paths = spec.path("paths");
    Iterator<String> names = paths.fieldNames();
    while (names.hasNext()) {
      String p = names.next();
      if (p.startsWith(listPath + "/{") && p.indexOf('/', listPath.length() + 1) < 0
          && !paths.path(p).path("get").isMissingNode()) {
        return p;
      }
    }
    return null;
  }

  private record ItemShape(String object, List<ApiColumn> columns) {}

  private ItemShape itemShape(JsonNode get) {
    JsonNode items = schemas.resolve(responseSchema(get)).path("properties").path("data").path("items");
    String ref = SpecSchemas.refName(items);
    if (ref != null) {
      JsonNode resolved = schemas.resolve(items);
      return new ItemShape(resolved.path("x-resourceId").asText(ref), flattener.columns(resolved));
    }
    // polymorphic list (bank accounts and cards): the union of the variants' columns
    List<JsonNode> variants = schemas.alternatives(items);
    List<String> objects = new ArrayList<>();
    items.path("anyOf").forEach(a -> objects.add(SpecSchemas.refName(a)));
    return new ItemShape(String.join("|", objects), flattener.unionColumns(variants));
  }

  private List<ApiFilter> filters(String path, JsonNode get, List<ApiColumn> columns) {
    Map<String, ApiColumn> byName = new LinkedHashMap<>();
    columns.forEach(c -> byName.put(c.name(), c));
    boolean preview = CatalogOverrides.PREVIEW_INPUTS.contains(path);
    List<ApiFilter> out = new ArrayList<>();
    for (JsonNode p : get.path("parameters")) {
      String name = p.path("name").asText();
      if (!"query".equals(p.path("in").asText()) || PAGING_PARAMS.contains(name)) {
        continue;
      }
      ApiFilter f = preview ? new ApiFilter(name, FilterKind.OTHER, null, "object", null)
          : filter(name, p.path("schema"), byName.get(name), byName);
      boolean required = p.path("required").asBoolean(false)
          && !CatalogOverrides.OPTIONAL_PARAMS.getOrDefault(path, Set.of()).contains(name);
      out.add(required ? f.asRequired() : f);
    }
    out.sort(Comparator.comparing(ApiFilter::param));
    return out;
  }

  private static String inColumn(String param, Map<String, ApiColumn> columnsByName) {
    ApiColumn c = columnsByName.get(singular(param));
    return c != null && c.type() == ColumnType.VARCHAR ? c.name() : null;
  }

  private ApiFilter filter(String param, JsonNode schema, ApiColumn column, Map<String, ApiColumn> columnsByName) {
    String columnName = column == null ? null : column.name();
    JsonNode anyOf = schema.path("anyOf");
    if (anyOf.isArray() && isRangeSpec(anyOf)) {
      boolean timeColumn = column != null && column.type() == ColumnType.TIMESTAMP;
      return new ApiFilter(param, FilterKind.RANGE, timeColumn ? columnName : null, "integer", null);
    }
    String type = schema.path("type").asText("");
    switch (type) {
      case "string": {
        List<String> values = null;
        if (schema.path("enum").isArray()) {
          values = new ArrayList<>();
          for (JsonNode v : schema.path("enum")) {
            values.add(v.asText());
          }
        }
        boolean scalarColumn = column != null && column.type() == ColumnType.VARCHAR;
        return new ApiFilter(param, FilterKind.EQUALS, scalarColumn ? columnName : null, "string", values);
      }
      case "boolean":
        return new ApiFilter(param, FilterKind.EQUALS,
            column != null && column.type() == ColumnType.BOOLEAN ? columnName : null, "boolean", null);
      case "integer":
        return new ApiFilter(param, FilterKind.EQUALS,
            column != null && column.type() == ColumnType.BIGINT ? columnName : null, "integer", null);
      case "array":
        if ("string".equals(schema.path("items").path("type").asText())) {
          // ids=[..] filters on id, lookup_keys=[..] on lookup_key, types=[..] on type
          return new ApiFilter(param, FilterKind.IN, inColumn(param, columnsByName), "string", null);
        }
        return new ApiFilter(param, FilterKind.OTHER, null, "object", null);
      default:
        return new ApiFilter(param, FilterKind.OTHER, null, "object", null);
    }
  }

  private static boolean isRangeSpec(JsonNode anyOf) {
    for (JsonNode a : anyOf) {
      if (a.path("properties").has("gte") && a.path("properties").has("lt")) {
        return true;
      }
    }
    return false;
  }

  private Search search(String tableName, String listPath) {
    String searchPath = listPath + "/search";
    if (spec.path("paths").path(searchPath).path("get").isMissingNode()) {
      return null;
    }
    return new Search(searchPath, CatalogOverrides.SEARCH_FIELDS.getOrDefault(tableName, List.of()),
        CatalogOverrides.SEARCH_EVENT_TYPES.getOrDefault(tableName, List.of()));
  }

  private static void checkUniqueNames(List<ApiTable> tables) {
    Map<String, String> seen = new HashMap<>();
    for (ApiTable t : tables) {
      String before = seen.put(t.name(), t.path());
      if (before != null) {
        throw new IllegalStateException("two endpoints make table " + t.name() + ": " + before + " and "
            + t.path() + "; add one of them to CatalogOverrides.NAMES");
      }
    }
  }
}
