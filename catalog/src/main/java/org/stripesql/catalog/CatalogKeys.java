package org.stripesql.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Derives the keys of the tables the generator made (rules in docs/design.md, "Keys"): each table's
 * primary key, its foreign keys (a child's parent column, an expandable reference to one object type,
 * the {@code id} of an embedded object such as a line item's {@code price}), and the references that
 * are no foreign key because they may name objects of several types.
 */
final class CatalogKeys {
  private static final String ID = "id";
  private static final String DELETED = "deleted_";
  private static final String OWN_ACCOUNT = "/v1/account/";
  private final TableSchemas schemas;

  CatalogKeys(TableSchemas schemas) {
    this.schemas = schemas;
  }

  /** The tables with their keys; their order is kept. */
  List<ApiTable> apply(List<ApiTable> tables) {
    List<ApiTable> keyed = new ArrayList<>();
    for (ApiTable t : tables) {
      keyed.add(t.withKeys(primaryKey(t), List.of(), List.of()));
    }
    Map<String, String> tableByObject = tablesByObject(keyed);
    Map<String, ApiTable> byName = new HashMap<>();
    keyed.forEach(t -> byName.put(t.name(), t));
    List<ApiTable> out = new ArrayList<>();
    for (ApiTable t : keyed) {
      out.add(withReferences(t, tableByObject, byName));
    }
    return out;
  }

  /**
   * {@code id} when it identifies a row across the account: every list and singleton that has one, and a
   * child whose retrieve endpoint needs only the id ({@code /v1/subscription_items/{item}}). Other
   * children's ids are unique under their parent only ({@code account_capabilities.id} is
   * {@code card_payments} for every account), so their key is the parent column and {@code id}. A
   * singleton whose rows are array entries ({@code balance}) has none.
   */
  static List<String> primaryKey(ApiTable t) {
    if (t.column(ID).isEmpty() || t.explode() != null) {
      return List.of();
    }
    if (t.kind() != TableKind.CHILD || idAlone(t.retrievePath())) {
      return List.of(ID);
    }
    return List.of(t.parent().column(), ID);
  }

  private static boolean idAlone(String retrievePath) {
    return retrievePath != null && retrievePath.indexOf('{') == retrievePath.lastIndexOf('{');
  }

  /**
   * For each object type, the table whose one-column key holds its ids: a list before a child. Lists of
   * the authenticated account's own objects ({@code /v1/account/persons}) are no target: a reference to a
   * person or capability may name one of a connected account's, which only the child tables hold.
   */
  private static Map<String, String> tablesByObject(List<ApiTable> tables) {
    Map<String, String> out = new HashMap<>();
    for (TableKind kind : List.of(TableKind.LIST, TableKind.CHILD)) {
      for (ApiTable t : tables) {
        if (t.kind() == kind && t.primaryKey().equals(List.of(ID)) && t.object() != null
            && !t.path().startsWith(OWN_ACCOUNT)) {
          out.putIfAbsent(t.object(), t.name());
        }
      }
    }
    return out;
  }

  private ApiTable withReferences(ApiTable t, Map<String, String> tableByObject, Map<String, ApiTable> byName) {
    List<ForeignKey> foreign = new ArrayList<>();
    List<PolymorphicReference> polymorphic = new ArrayList<>();
    for (ApiColumn c : t.columns()) {
      if (t.parent() != null && t.parent().column().equals(c.name())) {
        ApiTable parent = byName.get(t.parent().table());
        if (parent != null && parent.primaryKey().equals(List.of(ID))) {
          foreign.add(new ForeignKey(c.name(), parent.name()));
        }
        continue;
      }
      if (c.path().isEmpty()) {
        continue;
      }
      Set<String> targets = c.ref() != null ? referenceTargets(t, c) : embeddedObject(t, c);
      if (targets.size() > 1) {
        polymorphic.add(new PolymorphicReference(c.name(), List.copyOf(targets)));
      } else if (targets.size() == 1) {
        String target = tableByObject.get(targets.iterator().next());
        if (target != null) {
          foreign.add(new ForeignKey(c.name(), target));
        }
      }
    }
    return t.withKeys(t.primaryKey(), foreign, polymorphic);
  }

  /**
   * The object types an expandable reference may name, across the table's row types; a {@code deleted_x}
   * stub of a named {@code x} is the same object type.
   */
  private Set<String> referenceTargets(ApiTable t, ApiColumn c) {
    Set<String> targets = new LinkedHashSet<>();
    for (JsonNode property : schemas.properties(t, c.path())) {
      JsonNode anyOf = property.path("anyOf");
      for (int i = 1; i < anyOf.size(); i++) {
        String ref = SpecSchemas.refName(anyOf.get(i));
        if (ref != null) {
          targets.add(schemas.schemas().component(ref).path("x-resourceId").asText(ref));
        }
      }
    }
    if (targets.isEmpty()) {
      targets.add(c.ref());
    }
    targets.removeIf(o -> o.startsWith(DELETED) && targets.contains(o.substring(DELETED.length())));
    return targets;
  }

  /** For the {@code id} column of an embedded Stripe object ({@code price_id}), that object's type. */
  private Set<String> embeddedObject(ApiTable t, ApiColumn c) {
    List<String> path = c.path();
    int n = path.size();
    if (n < 2 || !path.get(n - 1).equals(ID) || c.type() != ColumnType.VARCHAR || path.get(0).startsWith("$")) {
      return Set.of();
    }
    Set<String> objects = new LinkedHashSet<>();
    for (JsonNode property : schemas.properties(t, path.subList(0, n - 1))) {
      String object = schemas.schemas().resolve(property).path("x-resourceId").asText("");
      if (!object.isEmpty() && !object.startsWith(DELETED)) {
        objects.add(object);
      }
    }
    return objects;
  }
}
