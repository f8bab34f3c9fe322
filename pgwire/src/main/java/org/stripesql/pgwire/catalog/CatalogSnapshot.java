package org.stripesql.pgwire.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stripesql.pgwire.types.PgType;

/**
 * What one connection's catalog holds, with PostgreSQL's OIDs: the schemas (namespaces), their relations
 * (the model's tables, the catalog relations themselves) and their columns. Built once per connection
 * from the Calcite schema objects, without a Stripe request; OIDs are stable for a given model.
 */
public final class CatalogSnapshot {
  /** The OID of the role that owns everything: {@code pg_get_userbyid(10)}. */
  public static final int OWNER_OID = 10;
  /** The name of that role. */
  public static final String OWNER = "stripe";
  /** The one database. */
  public static final String DATABASE = "stripe";
  public static final int DATABASE_OID = 16383;
  public static final int PG_CATALOG_OID = 11;
  public static final int INFORMATION_SCHEMA_OID = 13000;

  /** A schema. */
  public record Namespace(int oid, String name) {}

  /** A column: attnum from 1, its type and typmod, NOT NULL, and its description (may be null). */
  public record Attribute(int num, String name, PgType type, int typmod, boolean notNull, String description) {}

  /** A table or view: relkind {@code r} or {@code v}. */
  public record Relation(int oid, Namespace namespace, String name, char kind, List<Attribute> attributes,
      String description) {
    public Optional<Attribute> attribute(int num) {
      return num >= 1 && num <= attributes.size() ? Optional.of(attributes.get(num - 1)) : Optional.empty();
    }
  }

  private final List<Namespace> namespaces;
  private final List<Relation> relations;
  private final List<String> searchPath;
  private final Map<Integer, Relation> byOid = new HashMap<>();
  private final Map<Integer, Namespace> namespaceByOid = new HashMap<>();

  CatalogSnapshot(List<Namespace> namespaces, List<Relation> relations, List<String> searchPath) {
    this.namespaces = List.copyOf(namespaces);
    this.relations = List.copyOf(relations);
    this.searchPath = List.copyOf(searchPath);
    relations.forEach(r -> byOid.put(r.oid(), r));
    namespaces.forEach(n -> namespaceByOid.put(n.oid(), n));
  }

  public List<Namespace> namespaces() {
    return namespaces;
  }

  public List<Relation> relations() {
    return relations;
  }

  /** The schemas searched for unqualified names, the default one first (pg_catalog is implicit before them). */
  public List<String> searchPath() {
    return searchPath;
  }

  public Optional<Relation> relation(int oid) {
    return Optional.ofNullable(byOid.get(oid));
  }

  public Optional<Namespace> namespace(int oid) {
    return Optional.ofNullable(namespaceByOid.get(oid));
  }

  /** The namespace named {@code name}, if any. */
  public Optional<Namespace> namespace(String name) {
    return namespaces.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /**
   * The relation a name stands for, as {@code 'name'::regclass} reads it: {@code schema.table} or a bare
   * name looked up in pg_catalog and then the search path; quotes are removed, unquoted names folded to
   * lower case. Also a number: the OID itself.
   */
  public Optional<Relation> resolve(String text) {
    String t = text.trim();
    if (t.matches("[0-9]+")) {
      return relation(Integer.parseInt(t));
    }
    List<String> parts = splitName(t);
    if (parts.size() == 2) {
      return find(parts.get(0), parts.get(1));
    }
    if (parts.size() != 1) {
      return Optional.empty();
    }
    List<String> path = new ArrayList<>();
    path.add("pg_catalog");
    path.addAll(searchPath);
    for (String schema : path) {
      Optional<Relation> r = find(schema, parts.get(0));
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  private Optional<Relation> find(String schema, String name) {
    return relations.stream().filter(r -> r.namespace().name().equals(schema) && r.name().equals(name)).findFirst();
  }

  /** Whether an unqualified name finds this relation: its schema is pg_catalog or on the search path. */
  public boolean visible(Relation r) {
    return r.namespace().oid() == PG_CATALOG_OID || searchPath.contains(r.namespace().name());
  }

  /** {@code a.b} or {@code "A"."b"}: the parts, unquoted, unquoted parts in lower case. */
  static List<String> splitName(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == '.' && !quoted) {
        parts.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(quoted ? c : Character.toLowerCase(c));
      }
    }
    parts.add(cur.toString());
    return parts;
  }
}
