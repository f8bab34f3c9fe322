package org.stripesql.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filters of a list endpoint, from its query parameters: which column each filters on, how, and
 * which ones a call needs. A parameter of a shape this class does not know (a {@code oneOf}, a type list,
 * a range of strings) filters on no column, so it is never pushed, and is noted in the {@link SkipLog}.
 */
final class FilterDerivation {
  private static final Set<String> PAGING_PARAMS = Set.of("limit", "starting_after", "ending_before", "expand");
  private static final Set<String> RANGE_KEYS = Set.of("gt", "gte", "lt", "lte");

  private final SpecSchemas schemas;
  private final SkipLog skips;

  FilterDerivation(SpecSchemas schemas, SkipLog skips) {
    this.schemas = schemas;
    this.skips = skips;
  }

  /** A required parameter no column can give a value: the endpoint cannot be a table. */
  static final class UnfillableParameter extends Exception {
    private static final long serialVersionUID = 1L;

    UnfillableParameter(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The filters of {@code path}'s list, sorted by parameter; {@code skipParams}: parameters the table
   * handles itself (a parent id given as a query parameter).
   *
   * @throws UnfillableParameter when a required parameter has no column a query could fix
   */
  List<ApiFilter> filters(String path, List<JsonNode> queryParams, List<ApiColumn> columns, Set<String> skipParams)
      throws UnfillableParameter {
    Map<String, ApiColumn> byName = new LinkedHashMap<>();
    for (ApiColumn c : columns) {
      if (c.gather() == null) {
        byName.put(c.name(), c);   // a moved field's column is never pushed: Stripe's filter may mean another
      }
    }
    boolean preview = CatalogOverrides.PREVIEW_INPUTS.contains(path);
    List<ApiFilter> out = new ArrayList<>();
    for (JsonNode p : queryParams) {
      String name = p.path("name").asText();
      if (PAGING_PARAMS.contains(name) || skipParams.contains(name)) {
        continue;
      }
      boolean required = p.path("required").asBoolean(false)
          && !CatalogOverrides.OPTIONAL_PARAMS.getOrDefault(path, Set.of()).contains(name);
      JsonNode schema = p.path("schema");
      if (preview) {
        out.add(new ApiFilter(name, FilterKind.OTHER, null, "object", null));
        continue;
      }
      String unknown = unknownShape(schema);
      if (unknown != null) {
        if (required) {
          throw new UnfillableParameter("it requires parameter " + name + ", whose shape stripe-sql does not know ("
              + unknown + ")");
        }
        skips.add("GET " + path + " parameter " + name, "a shape stripe-sql does not know (" + unknown
            + "); not sent, its predicates are evaluated on the rows");
        out.add(new ApiFilter(name, FilterKind.OTHER, null, "object", null));
        continue;
      }
      if (required && isObject(schema)) {
        out.addAll(members(path, name, schema, byName));
        continue;
      }
      ApiFilter f = filter(name, schema, byName.get(name), byName);
      if (required && f.values() == null && (f.kind() != FilterKind.EQUALS || f.column() == null)) {
        throw new UnfillableParameter("it requires parameter " + name + ", which no column holds");
      }
      out.add(required ? f.asRequired() : f);
    }
    out.sort(Comparator.comparing(ApiFilter::param));
    return out;
  }

  /**
   * The members of a required object parameter ({@code scope[type]}, {@code scope[user]}), each filtering
   * on the column of the same path ({@code scope_type}); the object's required members are required.
   */
  private List<ApiFilter> members(String path, String name, JsonNode schema, Map<String, ApiColumn> byName)
      throws UnfillableParameter {
    JsonNode resolved = schemas.resolve(schema);
    Set<String> requiredMembers = new HashSet<>();
    resolved.path("required").forEach(r -> requiredMembers.add(r.asText()));
    List<ApiFilter> out = new ArrayList<>();
    var it = resolved.path("properties").fields();
    while (it.hasNext()) {
      var e = it.next();
      String member = name + "[" + e.getKey() + "]";
      ApiColumn column = byName.get(name + "_" + e.getKey());
      ApiFilter f = unknownShape(e.getValue()) != null || isObject(e.getValue())
          ? new ApiFilter(member, FilterKind.OTHER, null, "object", null)
          : filter(member, e.getValue(), column, byName);
      boolean required = requiredMembers.contains(e.getKey());
      if (required && (f.kind() != FilterKind.EQUALS || f.column() == null)) {
        throw new UnfillableParameter("it requires " + member + ", which no column holds");
      }
      out.add(required ? f.asRequired() : f);
    }
    if (requiredMembers.isEmpty()) {
      skips.add("GET " + path + " parameter " + name, "a required object without required members");
    }
    return out;
  }

  private boolean isObject(JsonNode schema) {
    JsonNode r = schemas.resolve(schema);
    return "object".equals(SpecSchemas.type(r)) && SpecSchemas.hasProperties(r);
  }

  private static String inColumn(String param, Map<String, ApiColumn> columnsByName) {
    ApiColumn c = columnsByName.get(OpenApiCatalogGenerator.singular(param));
    return c != null && c.type() == ColumnType.VARCHAR ? c.name() : null;
  }

  private ApiFilter filter(String param, JsonNode rawSchema, ApiColumn column, Map<String, ApiColumn> columnsByName) {
    JsonNode schema = schemas.resolve(rawSchema);
    String columnName = column == null ? null : column.name();
    JsonNode anyOf = schema.path("anyOf");
    if (anyOf.isArray()) {
      if (isRangeSpec(anyOf)) {
        boolean timeColumn = column != null && column.type() == ColumnType.TIMESTAMP;
        return new ApiFilter(param, FilterKind.RANGE, timeColumn ? columnName : null, "integer", null);
      }
      return new ApiFilter(param, FilterKind.OTHER, null, "object", null);
    }
    String type = SpecSchemas.type(schema);
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
        if ("string".equals(SpecSchemas.type(schemas.resolve(schema.path("items"))))) {
          // ids=[..] filters on id, lookup_keys=[..] on lookup_key, types=[..] on type
          return new ApiFilter(param, FilterKind.IN, inColumn(param, columnsByName), "string", null);
        }
        return new ApiFilter(param, FilterKind.OTHER, null, "object", null);
      default:
        return new ApiFilter(param, FilterKind.OTHER, null, "object", null);
    }
  }

  /**
   * Stripe's range of a timestamp: {@code anyOf} an integer and an object of integer bounds {@code gt},
   * {@code gte}, {@code lt}, {@code lte}. Bounds of another type (date-time strings) are no such range.
   */
  private boolean isRangeSpec(JsonNode anyOf) {
    boolean range = false;
    for (JsonNode a : anyOf) {
      JsonNode r = schemas.resolve(a);
      JsonNode props = r.path("properties");
      if (props.has("gte") && props.has("lt")) {
        var names = props.fieldNames();
        while (names.hasNext()) {
          String key = names.next();
          if (!RANGE_KEYS.contains(key) || !"integer".equals(schemas.resolve(props.path(key)).path("type").asText())) {
            return false;
          }
        }
        range = true;
      } else if (!"integer".equals(r.path("type").asText())) {
        return false;
      }
    }
    return range;
  }

  /**
   * Why a parameter's schema is of a shape the derivation does not know, or null when it knows it: the
   * plain types, arrays, objects, and Stripe's {@code anyOf} (a range, or a value or an empty string).
   */
  private String unknownShape(JsonNode rawSchema) {
    if (rawSchema.isMissingNode() || !rawSchema.isObject()) {
      return "no schema";
    }
    JsonNode schema = schemas.resolve(rawSchema);
    if (schema.isMissingNode()) {
      return "a reference to " + rawSchema.path("$ref").asText() + ", which the description lacks";
    }
    for (String construct : List.of("oneOf", "allOf", "not")) {
      if (schema.has(construct)) {
        return construct;
      }
    }
    JsonNode type = schema.path("type");
    if (type.isArray() && SpecSchemas.type(schema).isEmpty()) {
      return "a list of types";
    }
    if (schema.has("anyOf")) {
      for (JsonNode a : schema.path("anyOf")) {
        String inner = unknownShape(a);
        if (inner != null) {
          return "anyOf with " + inner;
        }
      }
      JsonNode anyOf = schema.path("anyOf");
      boolean rangeLike = false;
      for (JsonNode a : anyOf) {
        rangeLike |= schemas.resolve(a).path("properties").has("gte");
      }
      return rangeLike && !isRangeSpec(anyOf) ? "a range whose bounds are not integers" : null;
    }
    return type.isMissingNode() && !schema.has("properties") && !schema.has("enum") ? "no type" : null;
  }
}
