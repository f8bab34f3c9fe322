package org.stripesql.emulator.seed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.TableKind;
import org.stripesql.emulator.data.DataSet;
import org.stripesql.emulator.spec.SpecOperations;

/**
 * Builds the seeded data set from the catalog and Stripe's example objects: generic rows for every table
 * ({@link GenericRows}, {@link ChildTables}, {@link References}), and a billing story told by hand for
 * the core tables (customers, products and prices, subscriptions, invoices, charges, refunds, disputes,
 * balance transactions, payouts, events). Every table draws from its own random stream derived from the
 * seed and the table name, so the result depends only on seed, scale, anchor and catalog.
 */
public final class DataGenerator {
  /** Row counts at scale 1; other LIST tables get {@link #DEFAULT_COUNT}. */
  private static final Map<String, Integer> COUNTS = Map.ofEntries(
      Map.entry("customers", 300), Map.entry("charges", 1200), Map.entry("invoices", 600),
      Map.entry("subscriptions", 300), Map.entry("refunds", 120), Map.entry("products", 40),
      Map.entry("prices", 80), Map.entry("payouts", 100), Map.entry("payment_methods", 60),
      Map.entry("disputes", 30), Map.entry("events", 500));
  private static final int DEFAULT_COUNT = 20;

  /** Tables whose references the story sets itself; others get their references filled by rule. */
  private static final Set<String> STORY_TABLES = Set.of("customers", "products", "prices", "subscriptions",
      "subscription_items", "invoices", "invoice_lines", "charges", "payment_intents", "refunds",
      "balance_transactions", "disputes", "payouts", "events", "upcoming_invoice_lines");

  /** The story's tables in the order they are told: each reads the ones before it. */
  private static final List<String> STORY_ORDER = List.of("products", "prices", "customers", "subscriptions",
      "invoices", "charges", "refunds", "balance_transactions", "disputes");

  private final Catalog catalog;
  private final int scale;
  private final Draws draws;
  private final DraftTables tables = new DraftTables();
  private final GenericRows generic;
  private final References references;
  private final ChildTables children;
  private final Customers customers;
  private final ProductCatalogue products;
  private final Subscriptions subscriptions;
  private final Invoices invoices;
  private final Payments payments;
  private final Refunds refunds;
  private final Balances balances;
  private final Disputes disputes;
  private final Payouts payouts;
  private final Events events;
  private final DeletedObjects deletedObjects;
  private final Map<String, List<ObjectNode>> deleted = new LinkedHashMap<>();
  /** The rows {@code /v1/accounts} lists: null for generic ones, else exactly these (a platform's, or none). */
  private List<ObjectNode> accountRows;
  /** For a connected account's data set, the name its account object shows; null for any other. */
  private String connectedName;

  public DataGenerator(Catalog catalog, long seed, int scale, Instant anchor) {
    this.catalog = catalog;
    this.scale = Math.max(1, scale);
    this.draws = new Draws(seed, anchor.getEpochSecond());
    Examples examples = new Examples();
    Ids ids = new Ids(examples);
    this.generic = new GenericRows(examples, ids, draws, tables);
    this.references = new References(catalog, tables, draws);
    this.customers = new Customers(draws);
    this.products = new ProductCatalogue(draws, tables);
    this.subscriptions = new Subscriptions(draws, ids, examples, tables);
    this.invoices = new Invoices(draws, new LineItems(ids, examples), tables);
    this.payments = new Payments(catalog, draws, generic, tables);
    this.refunds = new Refunds(draws, generic, tables);
    this.balances = new Balances(draws, examples, generic, tables);
    this.disputes = new Disputes(draws, generic, tables);
    this.payouts = new Payouts(tables);
    this.events = new Events(draws, generic, tables);
    this.deletedObjects = new DeletedObjects(draws, ids, SpecOperations.bundled());
    this.children = new ChildTables(catalog, tables, generic, draws,
        Map.of("upcoming_invoice_lines", invoices::upcomingLines));
  }

  /** The data set of a Stripe account of its own, with generic connected accounts in {@code /v1/accounts}. */
  public DataSet generate() {
    // the own account first: own_account_* rows point to it
    for (ApiTable t : catalog.tables()) {
      if (t.kind() == TableKind.SINGLETON && !"balance".equals(t.name())) {
        ObjectNode o = generic.singleton(t);
        tables.singletons.put(t.name(), o);
        if ("account".equals(t.object())) {
          tables.ownAccountId = o.path("id").asText();
          if (connectedName != null) {
            ConnectedAccounts.name(o, connectedName);
          }
        }
      }
    }
    List<String> order = new ArrayList<>(STORY_ORDER);
    order.removeIf(n -> catalog.table(n).isEmpty());
    for (ApiTable t : catalog.tables()) {
      if (t.kind() == TableKind.LIST && !order.contains(t.name()) && !"events".equals(t.name())
          && !"payment_intents".equals(t.name())) {
        order.add(t.name());
      }
    }
    for (String name : order) {
      ApiTable t = catalog.table(name).orElseThrow();
      if (!tables.lists.containsKey(name)) {
        tables.lists.put(name, build(t));
      }
    }
    catalog.table("payment_intents").ifPresent(t -> tables.lists.computeIfAbsent(t.name(), n -> new ArrayList<>()));
    for (ApiTable t : catalog.tables()) {
      if (!STORY_TABLES.contains(t.name()) && t.kind() == TableKind.LIST) {
        references.fill(t);
      }
    }
    children.buildAll();
    for (ApiTable t : catalog.tables()) {
      if (!STORY_TABLES.contains(t.name()) && t.kind() == TableKind.CHILD) {
        references.fill(t);
      }
    }
    payments.linkPaymentMethods();
    catalog.table("events").ifPresent(t -> tables.lists.put(t.name(), events.rows(t, COUNTS.get("events") * scale)));
    if (connectedName != null && tables.ownAccountId != null) {
      // a connected account's events name it, as Stripe's Connect events do
      tables.rows("events").forEach(e -> e.put("account", tables.ownAccountId));
    }
    catalog.table("balance").ifPresent(t -> tables.singletons.put(t.name(), balances.balance(t)));
    // last: their ids must not take any the rows above draw
    for (ApiTable t : catalog.tables()) {
      if (deletedObjects.hasStubs(t)) {
        deleted.put(t.name(), deletedObjects.stubs(t, DeletedObjects.COUNT * scale));
      }
    }
    return assemble();
  }

  /**
   * The data set of a connected account named {@code name} (its account object's business name): the
   * same story as {@link #generate()}, but with no connected accounts of its own, and every event naming
   * the account ({@code account}), as Stripe's events of connected accounts do. Its id is its
   * {@code account} singleton's.
   */
  public DataSet generateConnected(String name) {
    this.accountRows = List.of();
    this.connectedName = name;
    return generate();
  }

  /**
   * The data set of a Connect platform whose {@code /v1/accounts} lists exactly {@code connected} (account
   * objects, copied; their capabilities, persons and external accounts are generated under them).
   */
  public DataSet generatePlatform(List<ObjectNode> connected) {
    this.accountRows = connected.stream().map(ObjectNode::deepCopy).toList();
    return generate();
  }

  private List<ObjectNode> build(ApiTable t) {
    if ("accounts".equals(t.name()) && accountRows != null) {
      return new ArrayList<>(accountRows);
    }
    SplittableRandom r = draws.rng(t.name());
    int n = COUNTS.getOrDefault(t.name(), DEFAULT_COUNT) * scale;
    return switch (t.name()) {
      case "charges" -> payments.charges(t, r, n);
      case "refunds" -> refunds.rows(t, r, n);
      case "balance_transactions" -> balances.transactions(t, r);
      case "disputes" -> disputes.rows(t, r, n);
      case "customers" -> generic.rows(t, r, n, customers);
      case "products" -> generic.rows(t, r, n, products::product);
      case "prices" -> generic.rows(t, r, n, products::price);
      case "subscriptions" -> generic.rows(t, r, n, subscriptions);
      case "invoices" -> generic.rows(t, r, n, invoices);
      case "payouts" -> generic.rows(t, r, n, payouts);
      default -> generic.rows(t, r, n, null);
    };
  }

  private DataSet assemble() {
    NumberNodes numbers = new NumberNodes();
    tables.lists.values().forEach(l -> l.forEach(numbers::normalize));
    tables.children.values().forEach(m -> m.values().forEach(l -> l.forEach(numbers::normalize)));
    tables.singletons.values().forEach(numbers::normalize);
    DataSet.Builder data = DataSet.builder(catalog);
    for (ApiTable t : catalog.tables()) {
      switch (t.kind()) {
        case LIST -> data.rows(t.name(), tables.lists.getOrDefault(t.name(), List.of()));
        case CHILD -> data.children(t.name(), tables.children.getOrDefault(t.name(), Map.of()));
        case SINGLETON -> data.rows(t.name(), List.of(tables.singletons.get(t.name())));
      }
    }
    deleted.forEach(data::deleted);
    // an event records a change of its object: the Search index lag is measured from the latest one
    for (ObjectNode e : tables.rows("events")) {
      String id = e.path("data").path("object").path("id").asText("");
      if (!id.isEmpty()) {
        data.changed(id, e.path("created").asLong());
      }
    }
    return data.build();
  }
}
