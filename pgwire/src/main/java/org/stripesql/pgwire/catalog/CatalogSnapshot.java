package org.stripesql.pgwire.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

  /**
   * A table, view or index: relkind {@code r}, {@code v} or {@code i}; a table's keys (may be empty) and the
   * rows the planner expects of it (-1: no estimate).
   */
  public record Relation(int oid, Namespace namespace, String name, char kind, List<Attribute> attributes,
      String description, Keys keys, double estimatedRows) {
    public Optional<Attribute> attribute(int num) {
      return num >= 1 && num <= attributes.size() ? Optional.of(attributes.get(num - 1)) : Optional.empty();
    }

    /** The attribute named {@code column}, if any. */
    public Optional<Attribute> attribute(String column) {
      return attributes.stream().filter(a -> a.name().equals(column)).findFirst();
    }
  }

  /**
   * A table's primary key (attnums; its index is the relation {@code oid + 1}, named {@code <table>_pkey})
   * and foreign keys.
   */
  public record Keys(List<Integer> primaryKey, List<Reference> foreignKeys) {
    public static final Keys NONE = new Keys(List.of(), List.of());
  }

  /**
   * A foreign key: this table's columns {@code attnums} hold ids of {@code target}'s primary key
   * {@code targetAttnums}; the last column is the one that names the key ({@code charges_customer_fkey}: in a
   * schema of connected accounts {@code (account, customer)}).
   */
  public record Reference(List<Integer> attnums, int target, List<Integer> targetAttnums) {
    public Reference {
      attnums = List.copyOf(attnums);
      targetAttnums = List.copyOf(targetAttnums);
    }

    /** A one-column key. */
    public Reference(int attnum, int target, int targetAttnum) {
      this(List.of(attnum), target, List.of(targetAttnum));
    }
  }

  /** A constraint as pg_constraint shows it: a primary key ({@code p}) or a foreign key ({@code f}). */
  public record Constraint(int oid, String name, char type, Relation table, List<Integer> columns, Relation target,
      List<Integer> targetColumns) {
    /** What {@code pg_get_constraintdef} prints. */
    public String definition(CatalogSnapshot s) {
      String cols = s.columnNames(table, columns);
      if (type == 'p') {
        return "PRIMARY KEY (" + cols + ")";
      }
      return "FOREIGN KEY (" + cols + ") REFERENCES " + s.displayName(target) + "("
          + s.columnNames(target, targetColumns) + ")";
    }
  }

  private final List<Namespace> namespaces;
  private final List<Relation> relations;
  private final List<String> searchPath;
  private final Map<Integer, Relation> byOid = new HashMap<>();
  private final List<Constraint> constraints = new ArrayList<>();
  private final Map<Integer, Constraint> constraintByOid = new HashMap<>();
  private final Map<Integer, Namespace> namespaceByOid = new HashMap<>();

  CatalogSnapshot(List<Namespace> namespaces, List<Relation> relations, List<String> searchPath) {
    this.namespaces = List.copyOf(namespaces);
    this.relations = List.copyOf(relations);
    this.searchPath = List.copyOf(searchPath);
    relations.forEach(r -> byOid.put(r.oid(), r));
    namespaces.forEach(n -> namespaceByOid.put(n.oid(), n));
    for (Relation r : relations) {
      if (!r.keys().primaryKey().isEmpty()) {
        constraints.add(new Constraint(constraintOid(r, 0), r.name() + "_pkey", 'p', r, r.keys().primaryKey(), null,
            List.of()));
      }
      int k = 1;
      for (Reference f : r.keys().foreignKeys()) {
        Relation target = byOid.get(f.target());
        Attribute a = r.attribute(f.attnums().get(f.attnums().size() - 1)).orElseThrow();
        constraints.add(new Constraint(constraintOid(r, k++), r.name() + "_" + a.name() + "_fkey", 'f', r,
            f.attnums(), target, f.targetAttnums()));
      }
    }
    constraints.forEach(c -> constraintByOid.put(c.oid(), c));
  }

  /** Constraint OIDs: their own range, 16 a table (a primary key and up to 15 foreign keys). */
  private static int constraintOid(Relation r, int k) {
    return 1_000_000 + (r.oid() - 100_000) * 8 + k;
  }

  /** Primary and foreign keys of every table. */
  public List<Constraint> constraints() {
    return constraints;
  }

  public Optional<Constraint> constraint(int oid) {
    return Optional.ofNullable(constraintByOid.get(oid));
  }

  /** The relation's name as SQL on the search path writes it: bare when visible, else schema-qualified. */
  public String displayName(Relation r) {
    return visible(r) ? r.name() : r.namespace().name() + "." + r.name();
  }

  /** The names of {@code attnums} of {@code r}, comma-separated, quoted where SQL needs it ({@code "order"}). */
  public String columnNames(Relation r, List<Integer> attnums) {
    List<String> names = new ArrayList<>();
    for (int n : attnums) {
      names.add(r.attribute(n).map(a -> quoteIdent(a.name())).orElse("?"));
    }
    return String.join(", ", names);
  }

  /** Reserved words that name Stripe columns or tables, which SQL must quote. */
  private static final Set<String> RESERVED = Set.of("all", "and", "any", "array", "as", "case", "check", "column",
      "constraint", "create", "default", "desc", "distinct", "do", "else", "end", "for", "foreign", "from", "grant",
      "group", "having", "in", "into", "limit", "not", "null", "offset", "on", "only", "or", "order", "primary",
      "references", "select", "table", "then", "to", "union", "unique", "user", "using", "when", "where", "with");

  /** {@code name} as SQL writes it: bare when it is a plain lower-case word, else in double quotes. */
  public static String quoteIdent(String name) {
    return name.matches("[a-z_][a-z0-9_$]*") && !RESERVED.contains(name) ? name
        : "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** The table an index relation belongs to ({@code oid - 1}), when {@code index} is a primary key's index. */
  public Optional<Relation> indexedTable(Relation index) {
    return index.kind() == 'i' ? relation(index.oid() - 1) : Optional.empty();
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
