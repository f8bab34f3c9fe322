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
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final JsonNode spec;
  private final SpecSchemas schemas;
  private final ColumnFlattener flattener;
  private final boolean withRemarks;
  /** What the derivation under way skipped. */
  private SkipLog skips = new SkipLog();

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

  /**
   * The catalog: a table per list endpoint, a child table per list under a parent id, the singletons;
   * what became no table, and why, in {@link Catalog#skipped()}.
   */
  public Catalog generate() {
    skips = new SkipLog();
    FilterDerivation filterDerivation = new FilterDerivation(schemas, skips);
    Map<String, ListEndpoint> lists = listEndpoints(skips);
    Map<String, String> aliases = EndpointAliases.find(aliasView(lists));
    aliases.forEach((alias, kept) -> {
      skips.add("GET " + alias, "alias of GET " + kept);
      lists.remove(alias);
    });
    Tables tables = new Tables(skips);
    // plain lists first, so lists that need a parent id can find their parent table
    for (ListEndpoint e : lists.values()) {
      if (!isChildPath(e.path) && requiredIds(e).isEmpty()) {
        build(e, skips, () -> listTable(e, filterDerivation, Set.of()), tables);
      }
    }
    for (ListEndpoint e : lists.values()) {
      if (!isChildPath(e.path) && !requiredIds(e).isEmpty()) {
        build(e, skips, () -> queryChildOrList(e, filterDerivation, tables.all), tables);
      }
    }
    // children of children (usage record summaries of subscription items) come after their parents
    for (ListEndpoint e : lists.values()) {
      if (isChildPath(e.path)) {
        build(e, skips, () -> childTable(e, filterDerivation, tables), tables);
      }
    }
    CatalogOverrides.SINGLETONS.forEach((path, name) -> {
      JsonNode get = spec.path("paths").path(path).path("get");
      if (!get.isMissingNode()) {
        tables.add(singletonTable(path, name, get), "GET " + path);
      }
    });
    List<ApiTable> sorted = new ArrayList<>(tables.all);
    sorted.sort(Comparator.comparing(ApiTable::name));
    List<ApiTable> finished = withKeysAndRemarks(sorted);
    new UnknownFormats(new TableSchemas(spec, schemas), skips).check(finished);
    String version = spec.path("info").path("version").asText("unknown");
    return new Catalog(Catalog.FORMAT, version, finished, skips.sorted());
  }

  /** The tables made so far: each name once, a later endpoint that would take a name is skipped. */
  private static final class Tables {
    final List<ApiTable> all = new ArrayList<>();
    final Map<String, String> tableByListPath = new HashMap<>();
    private final Map<String, String> endpointByName = new HashMap<>();
    private final SkipLog skips;

    Tables(SkipLog skips) {
      this.skips = skips;
    }

    void add(ApiTable t, String endpoint) {
      String before = endpointByName.putIfAbsent(t.name(), endpoint);
      if (before != null) {
        skips.add(endpoint, "its table name " + t.name() + " is taken by " + before);
        return;
      }
      all.add(t);
      if (t.kind() != TableKind.SINGLETON) {
        tableByListPath.put(t.path(), t.name());
      }
    }
  }

  /** Makes a table of an endpoint, or notes why it makes none. */
  private static void build(ListEndpoint e, SkipLog skips, TableMaker maker, Tables tables) {
    try {
      ApiTable t = maker.make();
      tables.add(t, "GET " + e.path);
    } catch (FilterDerivation.UnfillableParameter | NoTable ex) {
      skips.add("GET " + e.path, ex.getMessage());
    }
  }

  @FunctionalInterface
  private interface TableMaker {
    ApiTable make() throws FilterDerivation.UnfillableParameter, NoTable;
  }

  /** An endpoint that makes no table, with the reason. */
  private static final class NoTable extends Exception {
    private static final long serialVersionUID = 1L;

    NoTable(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * One list endpoint the description declares: its path, parameters and list items.
   *
   * @param items    the schema of the list's items as the spec writes it
   * @param variants the item schemas' names: one, or several for a polymorphic list
   */
  private record ListEndpoint(String path, JsonNode get, List<JsonNode> queryParams, JsonNode items,
      List<String> variants) {}

  /**
   * Every GET endpoint that lists Stripe objects and may become a table, by path; the others that look like
   * lists (deprecated, previews, v2 endpoints, lists of unknown items) are noted in {@code skips}.
   */
  private Map<String, ListEndpoint> listEndpoints(SkipLog skips) {
    Map<String, ListEndpoint> out = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = spec.path("paths").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = e.getKey();
      JsonNode get = e.getValue().path("get");
      if (get.isMissingNode()) {
        continue;
      }
      JsonNode props = schemas.resolve(responseSchema(get)).path("properties");
      boolean v1List = "list".equals(props.path("object").path("enum").path(0).asText())
          || (props.has("data") && props.has("has_more") && props.has("url"));
      if (!path.startsWith("/v1/")) {
        if (v1List || props.path("data").path("type").asText().equals("array")) {
          skips.add("GET " + path, "not a v1 API endpoint: stripe-sql reads Stripe's v1 API, whose lists page with"
              + " starting_after (v2 lists page with next_page_url)");
        }
        continue;
      }
      if (!v1List || path.endsWith("/search")) {
        continue;   // a retrieve, or the search endpoint of a table
      }
      if (get.path("deprecated").asBoolean(false)) {
        skips.add("GET " + path, "deprecated by Stripe");
        continue;
      }
      String reason = CatalogOverrides.SKIPPED_PATHS.get(path);
      if (reason == null && pathPlaceholders(path).size() > 1) {
        reason = "it lists under more than one parent id";
      }
      JsonNode items = props.path("data").path("items");
      List<String> variants = itemVariants(items);
      if (reason == null && variants == null) {
        reason = "its list items are no object schema stripe-sql can read (" + describeItems(items) + ")";
      }
      if (reason != null) {
        skips.add("GET " + path, reason);
        continue;
      }
      List<JsonNode> params = SpecParameters.query(SpecParameters.of(spec, e.getValue(), get));
      out.put(path, new ListEndpoint(path, get, params, items, variants));
    }
    return out;
  }

  /** The names of the schemas a list's items may be: one reference, or an anyOf/oneOf of references; else null. */
  private List<String> itemVariants(JsonNode items) {
    String ref = SpecSchemas.refName(items);
    if (ref != null) {
      return schemas.component(ref).isObject() ? List.of(ref) : null;
    }
    JsonNode alternatives = items.has("anyOf") ? items.path("anyOf") : items.path("oneOf");
    if (!alternatives.isArray() || alternatives.isEmpty()) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode a : alternatives) {
      String r = SpecSchemas.refName(a);
      if (r == null || !schemas.component(r).isObject()) {
        return null;
      }
      out.add(r);
    }
    return out;
  }

  private static String describeItems(JsonNode items) {
    if (items.isMissingNode()) {
      return "no items schema";
    }
    if (items.has("$ref")) {
      return "a reference to " + items.path("$ref").asText() + ", which the description lacks";
    }
    for (String k : List.of("anyOf", "oneOf", "allOf")) {
      if (items.has(k)) {
        return k + " of schemas that are not all references to objects";
      }
    }
    return "an inline schema";
  }

  private List<EndpointAliases.Endpoint> aliasView(Map<String, ListEndpoint> lists) {
    List<EndpointAliases.Endpoint> out = new ArrayList<>();
    for (ListEndpoint e : lists.values()) {
      String object = e.variants.size() == 1
          ? schemas.component(e.variants.get(0)).path("x-resourceId").asText(e.variants.get(0)) : null;
      out.add(new EndpointAliases.Endpoint(e.path, String.join("|", e.variants), object, queryParams(e.queryParams),
          e.get.path("description").asText("")));
    }
    return out;
  }

  /** Keys, and descriptions when asked: passes over the finished tables ({@link CatalogKeys}, {@link TableRemarks}). */
  private List<ApiTable> withKeysAndRemarks(List<ApiTable> tables) {
    TableSchemas tableSchemas = new TableSchemas(spec, schemas);
    List<ApiTable> keyed = new CatalogKeys(tableSchemas).apply(tables);
    return withRemarks ? new TableRemarks(tableSchemas).apply(keyed) : keyed;
  }

  /**
   * The required query parameters of a list that name objects by id: required strings that are no enum
   * ({@code subscription} of {@code /v1/subscription_items}), in the spec's order, or the
   * {@link CatalogOverrides#QUERY_PARENTS} override's.
   */
  private static List<String> requiredIds(ListEndpoint e) {
    String override = CatalogOverrides.QUERY_PARENTS.get(e.path);
    if (override != null) {
      return List.of(override);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode p : e.queryParams) {
      JsonNode schema = p.path("schema");
      if (p.path("required").asBoolean(false) && !schema.path("enum").isArray()
          && "string".equals(schema.path("type").asText())) {
        out.add(p.path("name").asText());
      }
    }
    return out;
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

  /** A top-level list; {@code skipParams}: none, here (a query child's parent goes elsewhere). */
  private ApiTable listTable(ListEndpoint e, FilterDerivation fd, Set<String> skipParams)
      throws FilterDerivation.UnfillableParameter {
    String name = tableName(e.path);
    ItemShape item = itemShape(e);
    String retrieve = retrievePath(e.path);
    List<ListOmit> omits = listOmits(name, e, item.columns);
    return new ApiTable(name, TableKind.LIST, item.object, e.path, retrieve, null, item.columns,
        fd.filters(e.path, e.queryParams, item.columns, skipParams), scanParams(name, e), search(name, e.path), null)
        .withListing(queryParams(e.queryParams), null, CatalogOverrides.SCAN_PER.get(name), omits);
  }

  /**
   * A list under a parent id in its path ({@code /v1/invoices/{invoice}/lines}): a child of the table that
   * lists the parents, or, when none does ({@code /v1/tax/calculations/{calculation}/line_items}), of no
   * table, so a query must name the parents.
   */
  private ApiTable childTable(ListEndpoint e, FilterDerivation fd, Tables tables)
      throws FilterDerivation.UnfillableParameter {
    String path = e.path;
    String placeholder = pathPlaceholders(path).get(0);
    int at = path.indexOf("/{" + placeholder + "}");
    String parentPath = path.substring(0, at);
    String parentTable = tables.tableByListPath.getOrDefault(parentPath,
        CatalogOverrides.PARENT_TABLES.get(parentPath));
    String childPart = path.substring(at + placeholder.length() + 4).replace('/', '_');
    String parentSingular = singular(parentTable != null ? parentTable : tableName(parentPath));
    String name = CatalogOverrides.NAMES.getOrDefault(path, singular(tableName(parentPath)) + "_" + childPart);
    String parentColumn = "id".equals(placeholder) ? parentSingular : placeholder;
    ItemShape item = itemShape(e);
    List<ApiColumn> columns = new ArrayList<>(item.columns);
    if (columns.stream().noneMatch(c -> c.name().equals(parentColumn))) {
      // the parent id is not a property of the child object: a synthetic column right after id
      int pos = !columns.isEmpty() && columns.get(0).name().equals("id") ? 1 : 0;
      String parentObject = parentTable != null ? tableObject(parentTable, tables.all) : parentObject(path, at);
      columns.add(pos, new ApiColumn(parentColumn, ColumnType.VARCHAR, false, List.of(), parentObject, null));
    }
    String retrieve = retrievePath(path);
    return new ApiTable(name, TableKind.CHILD, item.object, path, retrieve,
        new Parent(parentTable, placeholder, null, parentColumn), columns,
        fd.filters(path, e.queryParams, columns, Set.of()), scanParams(name, e), null, null)
        .withListing(queryParams(e.queryParams), topRetrievePath(retrieve, item.object, parentColumn, columns,
            tables.all), null, listOmits(name, e, columns));
  }

  /**
   * The object type a parent id names when no table lists the parents: the type the parent's own endpoint
   * (its retrieve, or its create) answers with ({@code tax.transaction}); null when there is none.
   */
  private String parentObject(String childPath, int placeholderAt) {
    String parentItem = childPath.substring(0, childPath.indexOf('}', placeholderAt) + 1);
    JsonNode paths = spec.path("paths");
    for (String[] candidate : List.of(new String[] {parentItem, "get"},
        new String[] {childPath.substring(0, placeholderAt), "post"})) {
      JsonNode schema = schemas.resolve(responseSchema(paths.path(candidate[0]).path(candidate[1])));
      String object = schema.path("x-resourceId").asText("");
      if (!object.isEmpty()) {
        return object;
      }
    }
    return null;
  }

  /**
   * A list that needs an id as a query parameter ({@code /v1/subscription_items?subscription=}) is a
   * child of the top-level table whose singular name ends with that parameter ({@code subscriptions},
   * {@code radar_value_lists} for {@code value_list}); when no table lists such ids, a top-level list
   * whose queries must give them.
   */
  private ApiTable queryChildOrList(ListEndpoint e, FilterDerivation fd, List<ApiTable> topLevel)
      throws FilterDerivation.UnfillableParameter {
    for (String param : requiredIds(e)) {
      for (ApiTable t : topLevel) {
        String s = singular(t.name());
        if (t.kind() == TableKind.LIST && (s.equals(param) || s.endsWith("_" + param))) {
          return queryChildTable(e, fd, param, t);
        }
      }
    }
    return listTable(e, fd, Set.of());
  }

  private ApiTable queryChildTable(ListEndpoint e, FilterDerivation fd, String param, ApiTable parent)
      throws FilterDerivation.UnfillableParameter {
    ItemShape item = itemShape(e);
    List<ApiColumn> columns = new ArrayList<>(item.columns);
    if (columns.stream().noneMatch(c -> c.name().equals(param))) {
      int pos = !columns.isEmpty() && columns.get(0).name().equals("id") ? 1 : 0;
      columns.add(pos, new ApiColumn(param, ColumnType.VARCHAR, false, List.of(), parent.object(), null));
    }
    String name = tableName(e.path);
    List<ApiFilter> filters = fd.filters(e.path, e.queryParams, columns, Set.of(param));
    return new ApiTable(name, TableKind.CHILD, item.object, e.path, retrievePath(e.path),
        new Parent(parent.name(), null, param, param), columns, filters, scanParams(name, e), null, null)
        .withListing(queryParams(e.queryParams), null, null, listOmits(name, e, columns));
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
  private static List<ListOmit> listOmits(String table, ListEndpoint e, List<ApiColumn> columns) {
    List<ListOmit> out = new ArrayList<>();
    if (queryParams(e.queryParams).contains("test_clock")
        && columns.stream().anyMatch(c -> c.name().equals("test_clock"))) {
      out.add(new ListOmit("test_clock", null));
    }
    out.addAll(CatalogOverrides.LIST_OMITS.getOrDefault(table, List.of()));
    return out;
  }

  /** Every query parameter an endpoint declares, sorted. */
  private static List<String> queryParams(List<JsonNode> queryParams) {
    List<String> out = new ArrayList<>();
    for (JsonNode p : queryParams) {
      out.add(p.path("name").asText());
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /**
   * The table's scan parameters; each must be one its list endpoint declares, or Stripe would refuse it.
   * One the endpoint does not declare (a newer description) is not sent, and noted.
   */
  private Map<String, String> scanParams(String table, ListEndpoint e) {
    Map<String, String> scan = CatalogOverrides.SCAN_PARAMS.get(table);
    if (scan == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    scan.forEach((k, v) -> {
      if (queryParams(e.queryParams).contains(k)) {
        out.put(k, v);
      } else {
        skips.add("GET " + e.path + " parameter " + k, "not declared, so a scan of " + table + " does not send "
            + k + "=" + v + " and lists what Stripe lists without it");
      }
    });
    return out;
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

  private ItemShape itemShape(ListEndpoint e) {
    if (e.variants.size() == 1) {
      JsonNode resolved = schemas.component(e.variants.get(0));
      String object = resolved.path("x-resourceId").asText(e.variants.get(0));
      return new ItemShape(object,
          FieldMoves.shownBySpec(object, resolved, flattener.columns(resolved), schemas, flattener));
    }
    // polymorphic list (bank accounts and cards): the union of the variants' columns
    List<JsonNode> variants = new ArrayList<>();
    e.variants.forEach(v -> variants.add(schemas.component(v)));
    return new ItemShape(String.join("|", e.variants), flattener.unionColumns(variants));
  }

  private Search search(String tableName, String listPath) {
    String searchPath = listPath + "/search";
    if (spec.path("paths").path(searchPath).path("get").isMissingNode()) {
      return null;
    }
    return new Search(searchPath, CatalogOverrides.SEARCH_FIELDS.getOrDefault(tableName, List.of()),
        CatalogOverrides.SEARCH_EVENT_TYPES.getOrDefault(tableName, List.of()));
  }
}
