package org.stripesql.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stripesql.catalog.Catalog;
import org.stripesql.catalog.ApiColumn;
import org.stripesql.catalog.ApiFilter;
import org.stripesql.catalog.FilterKind;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.TableKind;

/**
 * Builds the seeded data set from the catalog and the example objects. Every table draws from its own
 * random stream derived from the seed and the table name, so the result depends only on seed, scale,
 * anchor and catalog.
 */
final class DataGenerator {
  static final String EXAMPLES_RESOURCE = "/org/stripesql/emulator/examples.json";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final long DAY = 86_400L;
  private static final long WINDOW = 2 * 365 * DAY;
  private static final Pattern ID_PREFIX = Pattern.compile("^([a-z][a-z0-9_]*?)_([A-Za-z0-9]{10,})$");
  private static volatile ObjectNode examplesCache;

  private static final String[] FIRST = {"Jenny", "Liam", "Olivia", "Noah", "Emma", "Oliver", "Ava", "Elijah",
      "Sophia", "Lucas", "Mia", "Mateo", "Amelia", "Levi", "Harper", "Ezra", "Evelyn", "James", "Luna", "Aiden",
      "Chloe", "Hiro", "Priya", "Ana", "Kofi", "Lena", "Omar", "Ines", "Yuki", "Pavel"};
  private static final String[] LAST = {"Rosen", "Smith", "Garcia", "Nguyen", "Kim", "Müller", "Rossi", "Dubois",
      "Silva", "Kowalski", "Johnson", "Brown", "Okafor", "Tanaka", "Patel", "Haddad", "Novak", "Jensen", "Lopez",
      "O'Brien", "Schmidt", "Costa", "Ivanova", "Cohen", "Larsen", "Moreau", "Bianchi", "Santos", "Fischer", "Quinn"};
  private static final String[] PRODUCT_WORDS = {"Basic", "Pro", "Team", "Enterprise", "Starter", "Premium",
      "Gold", "Silver", "Cloud", "Edge", "Studio", "Plus"};
  private static final String[] PRODUCT_NOUNS = {"Plan", "Seat", "T-shirt", "Mug", "Storage", "Support",
      "License", "Hoodie", "Sticker", "Course", "Backup", "API access"};
  private static final String[] COUNTRIES = {"US", "CA", "GB", "DE", "FR", "IE", "NL", "BE", "ES", "IT", "PT",
      "AT", "CH", "SE", "NO", "DK", "FI", "PL", "AU", "NZ", "JP", "SG", "HK", "MX", "BR"};
  private static final String[] REPORT_TYPES = {"balance.summary.1", "balance_change_from_activity.itemized.1",
      "balance_change_from_activity.itemized.2", "balance_change_from_activity.itemized.3",
      "balance_change_from_activity.summary.1", "payouts.itemized.1", "payouts.itemized.2", "payouts.itemized.3",
      "payouts.summary.1", "ending_balance_reconciliation.itemized.1", "ending_balance_reconciliation.itemized.2",
      "ending_balance_reconciliation.summary.1", "payout_reconciliation.itemized.1",
      "payout_reconciliation.itemized.2", "payout_reconciliation.summary.1", "activity.itemized.1",
      "activity.itemized.2", "activity.summary.1", "connected_account_balance.summary.1",
      "tax.transactions.itemized.1"};
  private static final String[] LAST4 = {"4242", "0005", "4444", "1881", "0077", "5556", "8431", "0019"};
  private static final String[] BRANDS = {"visa", "amex", "mastercard", "visa", "discover", "mastercard",
      "amex", "diners"};

  /** Row counts at scale 1; other LIST tables get {@link #DEFAULT_COUNT}. */
  private static final Map<String, Integer> COUNTS = Map.ofEntries(
      Map.entry("customers", 300), Map.entry("charges", 1200), Map.entry("invoices", 600),
      Map.entry("subscriptions", 300), Map.entry("refunds", 120), Map.entry("products", 40),
      Map.entry("prices", 80), Map.entry("payouts", 100), Map.entry("payment_methods", 60), Map.entry("disputes", 30), Map.entry("events", 500));
  private static final int DEFAULT_COUNT = 20;

  /** Child tables whose rows are rows of a LIST table, grouped by the column that names the parent. */
  private static final Map<String, String[]> DERIVED_CHILDREN = Map.of(
      "customer_subscriptions", new String[] {"subscriptions", "customer"},
      "charge_refunds", new String[] {"refunds", "charge"},
      "customer_payment_methods", new String[] {"payment_methods", "customer"});

  /** Tables whose references the generator sets itself; others get their references filled by rule. */
  private static final Set<String> SPECIAL = Set.of("customers", "products", "prices", "subscriptions",
      "subscription_items", "invoices", "invoice_lines", "charges", "payment_intents", "refunds",
      "balance_transactions", "disputes", "payouts", "events", "upcoming_invoice_lines");

  private final Catalog catalog;
  private final ObjectNode examples;
  private final long seed;
  private final int scale;
  private final long anchor;
  private final Set<String> usedIds = new HashSet<>();
  private final Map<String, List<ObjectNode>> lists = new LinkedHashMap<>();
  private final Map<String, Map<String, List<ObjectNode>>> children = new LinkedHashMap<>();
  private final Map<String, ObjectNode> singletons = new LinkedHashMap<>();
  private final Map<String, String> prefixes = new HashMap<>();
  private String ownAccountId;

  DataGenerator(Catalog catalog, long seed, int scale, Instant anchorInstant) {
    this.catalog = catalog;
    this.examples = examples();
    this.seed = seed;
    this.scale = Math.max(1, scale);
    this.anchor = anchorInstant.getEpochSecond();
  }

  static ObjectNode examples() {
    ObjectNode e = examplesCache;
    if (e == null) {
      try (InputStream in = DataGenerator.class.getResourceAsStream(EXAMPLES_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(EXAMPLES_RESOURCE + " is missing from the classpath");
        }
        e = (ObjectNode) new ObjectMapper().readTree(in);
        examplesCache = e;
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
    return e;
  }

  DataSet generate() {
    // the own account first: own_account_* rows point to it
    for (ApiTable t : catalog.tables()) {
      if (t.kind() == TableKind.SINGLETON && !"balance".equals(t.name())) {
        ObjectNode o = example(t.object());
        SplittableRandom r = rng(t.name());
        if (o.has("id")) {
          o.put("id", newId(t.object(), r));
        }
        o.put("object", t.object());
        if (o.has("livemode")) {
          o.put("livemode", false);
        }
        if (o.has("created")) {
          o.put("created", anchor - WINDOW - 30 * DAY);
        }
        singletons.put(t.name(), o);
        if ("account".equals(t.object())) {
          ownAccountId = o.path("id").asText();
        }
      }
    }
    List<String> order = new ArrayList<>(List.of("products", "prices", "customers", "subscriptions",
        "invoices", "charges", "refunds", "balance_transactions", "disputes"));
    order.removeIf(n -> catalog.table(n).isEmpty());
    for (ApiTable t : catalog.tables()) {
      if (t.kind() == TableKind.LIST && !order.contains(t.name()) && !"events".equals(t.name())
          && !"payment_intents".equals(t.name())) {
        order.add(t.name());
      }
    }
    for (String name : order) {
      ApiTable t = catalog.table(name).orElseThrow();
      if (!lists.containsKey(name)) {
        lists.put(name, build(t));
      }
    }
    catalog.table("payment_intents").ifPresent(t -> lists.computeIfAbsent(t.name(), n -> new ArrayList<>()));
    for (ApiTable t : catalog.tables()) {
      if (!SPECIAL.contains(t.name()) && t.kind() == TableKind.LIST) {
        fillReferences(t);
      }
    }
    buildChildren();
    for (ApiTable t : catalog.tables()) {
      if (!SPECIAL.contains(t.name()) && t.kind() == TableKind.CHILD) {
        fillReferences(t);
      }
    }
    linkPaymentMethods();
    catalog.table("events").ifPresent(t -> lists.put(t.name(), events(t)));
    catalog.table("balance").ifPresent(t -> singletons.put(t.name(), balance(t)));

    java.util.Set<JsonNode> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    lists.values().forEach(l -> l.forEach(n -> normalize(n, seen)));
    children.values().forEach(m -> m.values().forEach(l -> l.forEach(n -> normalize(n, seen))));
    singletons.values().forEach(n -> normalize(n, seen));
    DataSet data = new DataSet(catalog);
    for (ApiTable t : catalog.tables()) {
      switch (t.kind()) {
        case LIST -> data.putRows(t.name(), lists.getOrDefault(t.name(), List.of()));
        case CHILD -> data.putChildren(t.name(), children.getOrDefault(t.name(), Map.of()));
        case SINGLETON -> data.putRows(t.name(), List.of(singletons.get(t.name())));
      }
    }
    return data;
  }

  /**
   * Gives numbers the node types a JSON parser would give them (int when it fits, long otherwise), so
   * the stored objects equal the parsed HTTP answers under {@link JsonNode#equals}.
   */
  private static void normalize(JsonNode node, Set<JsonNode> seen) {
    if (!node.isContainerNode() || !seen.add(node)) {
      return;
    }
    if (node instanceof ObjectNode o) {
      var it = o.fields();
      List<Map.Entry<String, JsonNode>> replace = new ArrayList<>();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (v.isLong() && v.canConvertToInt()) {
          replace.add(Map.entry(e.getKey(), F.numberNode(v.intValue())));
        } else {
          normalize(v, seen);
        }
      }
      replace.forEach(e -> o.set(e.getKey(), e.getValue()));
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode v = a.get(i);
        if (v.isLong() && v.canConvertToInt()) {
          a.set(i, F.numberNode(v.intValue()));
        } else {
          normalize(v, seen);
        }
      }
    }
  }

  // ---------------------------------------------------------------- generic building blocks

  private SplittableRandom rng(String name) {
    long h = 1125899906842597L;
    for (int i = 0; i < name.length(); i++) {
      h = 31 * h + name.charAt(i);
    }
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ h);
  }

  private ObjectNode example(String objectType) {
    JsonNode e = examples.get(objectType);
    return e instanceof ObjectNode o ? o.deepCopy() : F.objectNode();
  }

  private String prefix(String objectType) {
    return prefixes.computeIfAbsent(objectType, type -> {
      if ("line_item".equals(type)) {
        return "il";
      }
      String exampleId = examples.path(type).path("id").asText("");
      Matcher m = ID_PREFIX.matcher(exampleId);
      if (m.matches()) {
        return m.group(1);
      }
      String last = type.substring(type.lastIndexOf('.') + 1).replace("_", "");
      return last.substring(0, Math.min(3, last.length()));
    });
  }

  private String randomChars(SplittableRandom r, int n, String alphabet) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private String newId(String objectType, SplittableRandom r) {
    for (int attempt = 0; ; attempt++) {
      String id;
      switch (objectType) {
        case "coupon" -> id = randomChars(r, 8, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        case "tax_code" -> id = "txcd_" + randomChars(r, 8, "0123456789");
        default -> id = prefix(objectType) + "_" + randomChars(r, 14, BASE62);
      }
      if (usedIds.add(id)) {
        return id;
      }
    }
  }

  private long created(SplittableRandom r) {
    return anchor - r.nextLong(WINDOW);
  }

  /** A time between {@code from} and the anchor. */
  private long after(SplittableRandom r, long from, long maxSpan) {
    long span = Math.min(maxSpan, anchor - from);
    return span <= 0 ? from : from + r.nextLong(span + 1);
  }

  static JsonNode at(JsonNode root, List<String> path) {
    JsonNode n = root;
    for (String p : path) {
      if (n == null || !n.isObject()) {
        return null;
      }
      n = n.get(p);
    }
    return n;
  }

  /** Sets the value at a path when every container on the way exists; returns whether it did. */
  static boolean setAt(ObjectNode root, List<String> path, JsonNode value) {
    if (path.isEmpty()) {
      return false;
    }
    JsonNode n = root;
    for (int i = 0; i < path.size() - 1; i++) {
      n = n.get(path.get(i));
      if (n == null || !n.isObject()) {
        return false;
      }
    }
    ((ObjectNode) n).set(path.get(path.size() - 1), value);
    return true;
  }

  private static <T> T pick(SplittableRandom r, List<T> l) {
    return l.get(r.nextInt(l.size()));
  }

  private static String weighted(SplittableRandom r, Object... valuesAndWeights) {
    int total = 0;
    for (int i = 1; i < valuesAndWeights.length; i += 2) {
      total += (Integer) valuesAndWeights[i];
    }
    int x = r.nextInt(total);
    for (int i = 0; i < valuesAndWeights.length; i += 2) {
      x -= (Integer) valuesAndWeights[i + 1];
      if (x < 0) {
        return (String) valuesAndWeights[i];
      }
    }
    throw new AssertionError();
  }

  private String currency(SplittableRandom r) {
    return weighted(r, "usd", 80, "eur", 12, "gbp", 8);
  }

  private static ObjectNode listObject(List<? extends JsonNode> data, String url) {
    ObjectNode l = F.objectNode();
    l.put("object", "list");
    ArrayNode a = l.putArray("data");
    data.forEach(a::add);
    l.put("has_more", false);
    l.put("total_count", data.size());
    l.put("url", url);
    return l;
  }

  /** One generic row: the example with a fresh id, a created time and enum/boolean filter columns varied. */
  private ObjectNode row(ApiTable t, String objectType, SplittableRandom r, long createdAt) {
    ObjectNode o = example(objectType);
    if (o.has("id") || t.column("id").isPresent()) {
      o.put("id", newId(objectType, r));
    }
    o.put("object", objectType);
    if (o.has("livemode")) {
      o.put("livemode", false);
    }
    if (o.has("created")) {
      o.put("created", createdAt);
    }
    for (ApiFilter f : t.filters()) {
      if (f.column() == null || f.kind() != FilterKind.EQUALS) {
        continue;
      }
      ApiColumn c = t.column(f.column()).orElse(null);
      if (c == null || c.path().isEmpty() || "id".equals(c.name()) || "object".equals(c.name())) {
        continue;
      }
      if (f.values() != null) {
        List<String> values = new ArrayList<>(f.values());
        values.removeAll(List.of("all", "ended"));
        if ("type".equals(f.param()) && values.contains("card") && r.nextInt(2) == 0) {
          setAt(o, c.path(), F.textNode("card"));
        } else {
          setAt(o, c.path(), F.textNode(pick(r, values)));
        }
      } else if ("boolean".equals(f.valueType()) && c.type() == org.stripesql.catalog.ColumnType.BOOLEAN) {
        setAt(o, c.path(), F.booleanNode(r.nextInt(10) < 7));
      }
    }
    return o;
  }

  private List<ObjectNode> build(ApiTable t) {
    SplittableRandom r = rng(t.name());
    int n = COUNTS.getOrDefault(t.name(), DEFAULT_COUNT) * scale;
    String[] types = t.object().split("\\|");
    switch (t.name()) {
      case "country_specs":
        n = Math.min(n, COUNTRIES.length);
        break;
      case "reporting_report_types":
        n = Math.min(n, REPORT_TYPES.length);
        break;
      case "charges":
        return charges(t, r, n);
      case "refunds":
        return refunds(t, r, n);
      case "balance_transactions":
        return balanceTransactions(t, r);
      case "disputes":
        return disputes(t, r, n);
      default:
        break;
    }
    List<ObjectNode> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ObjectNode o = row(t, types[r.nextInt(types.length)], r, created(r));
      switch (t.name()) {
        case "country_specs" -> {
          usedIds.remove(o.path("id").asText());
          o.put("id", COUNTRIES[i]);
        }
        case "reporting_report_types" -> {
          usedIds.remove(o.path("id").asText());
          o.put("id", REPORT_TYPES[i]);
          o.put("name", REPORT_TYPES[i].replace('.', ' ').replace('_', ' '));
        }
        case "customers" -> customer(o, r, i);
        case "products" -> product(o, r, i);
        case "prices" -> price(o, r, i);
        case "subscriptions" -> subscription(t, o, r);
        case "invoices" -> invoice(o, r, i);
        case "payouts" -> payout(o, r);
        default -> {
          if (t.path().startsWith("/v1/account/") && o.has("account")) {
            o.put("account", ownAccountId);
          }
        }
      }
      out.add(o);
    }
    return out;
  }

  // ---------------------------------------------------------------- the core business objects

  private void customer(ObjectNode o, SplittableRandom r, int i) {
    int combos = FIRST.length * LAST.length;
    int k = (int) ((i * 7919L + seed % combos + combos) % combos);
    String first = FIRST[k % FIRST.length];
    String last = LAST[k / FIRST.length];
    String suffix = i >= combos ? " " + (i / combos + 1) : "";
    o.put("name", first + " " + last + suffix);
    String local = (first + "." + last).toLowerCase().replaceAll("[^a-z.]", "");
    o.put("email", local + (i + 1) + "@example.com");
    o.put("phone", "+1555" + String.format("%07d", r.nextInt(10_000_000)));
    o.put("description", "Customer " + (i + 1));
    o.put("currency", currency(r));
    o.put("delinquent", r.nextInt(10) == 0);
    o.put("balance", r.nextInt(5) == 0 ? -r.nextInt(5000) : 0);
    o.put("invoice_prefix", randomChars(r, 7, "0123456789ABCDEF"));
    ObjectNode md = o.putObject("metadata");
    int m = r.nextInt(8);
    if (m < 2) {
      md.put("plan", "gold");
    } else if (m < 4) {
      md.put("plan", "silver");
    }
    if (r.nextInt(4) == 0) {
      md.put("source", r.nextBoolean() ? "web" : "sales \"direct\"");
    }
  }

  private void product(ObjectNode o, SplittableRandom r, int i) {
    String name = PRODUCT_WORDS[i % PRODUCT_WORDS.length] + " " + PRODUCT_NOUNS[(i / PRODUCT_WORDS.length
        + i) % PRODUCT_NOUNS.length] + (i >= PRODUCT_WORDS.length * PRODUCT_NOUNS.length ? " " + i : "");
    o.put("name", name);
    o.put("description", "The " + name.toLowerCase() + " product");
    o.put("active", r.nextInt(10) < 8);
    o.put("shippable", r.nextInt(3) == 0);
    o.put("url", r.nextBoolean() ? "https://example.com/products/" + (i + 1) : null);
    if (o.has("updated")) {
      o.put("updated", after(r, o.path("created").asLong(), 90 * DAY));
    }
    if (r.nextInt(3) == 0) {
      o.putObject("metadata").put("category", r.nextBoolean() ? "apparel" : "software");
    }
  }

  private void price(ObjectNode o, SplittableRandom r, int i) {
    List<ObjectNode> products = lists.get("products");
    if (products != null && !products.isEmpty()) {
      ObjectNode p = products.get(r.nextInt(products.size()));
      o.put("product", p.path("id").asText());
      o.put("created", after(r, p.path("created").asLong(), 60 * DAY));
    }
    boolean recurring = r.nextInt(3) < 2;
    o.put("type", recurring ? "recurring" : "one_time");
    if (recurring) {
      ObjectNode rec = o.putObject("recurring");
      rec.putNull("aggregate_usage");
      rec.put("interval", r.nextInt(4) == 0 ? "year" : "month");
      rec.put("interval_count", 1);
      rec.put("usage_type", "licensed");
    } else {
      o.putNull("recurring");
    }
    long amount = 100L * (1 + r.nextInt(200)) - (r.nextBoolean() ? 1 : 0);
    o.put("unit_amount", amount);
    o.put("unit_amount_decimal", Long.toString(amount));
    o.put("currency", currency(r));
    o.put("active", r.nextInt(10) < 8);
    o.put("lookup_key", r.nextInt(3) == 0 ? "lookup_" + (i + 1) : null);
    o.put("nickname", r.nextBoolean() ? "Price " + (i + 1) : null);
  }

  private static final List<String> SUB_STATUSES = List.of("active", "canceled", "trialing", "past_due",
      "unpaid", "incomplete", "incomplete_expired");

  private void subscription(ApiTable t, ObjectNode o, SplittableRandom r) {
    List<ObjectNode> customers = lists.get("customers");
    ObjectNode cus = customers.get(r.nextInt(customers.size()));
    o.put("customer", cus.path("id").asText());
    long created = after(r, cus.path("created").asLong(), WINDOW);
    o.put("created", created);
    String status = weighted(r, "active", 50, "canceled", 20, "trialing", 10, "past_due", 8, "unpaid", 4,
        "incomplete", 4, "incomplete_expired", 4);
    o.put("status", status);
    o.put("start_date", created);
    o.put("billing_cycle_anchor", created);
    long periods = (anchor - created) / (30 * DAY);
    long start = created + periods * 30 * DAY;
    o.put("current_period_start", start);
    o.put("current_period_end", start + 30 * DAY);
    o.putNull("cancel_at");
    o.put("cancel_at_period_end", "active".equals(status) && r.nextInt(10) == 0);
    if ("canceled".equals(status) || "incomplete_expired".equals(status)) {
      long end = after(r, created, WINDOW);
      o.put("canceled_at", end);
      o.put("ended_at", end);
    } else {
      o.putNull("canceled_at");
      o.putNull("ended_at");
    }
    if ("trialing".equals(status)) {
      o.put("trial_start", created);
      o.put("trial_end", Math.max(created + 14 * DAY, anchor + DAY));
    } else {
      o.putNull("trial_start");
      o.putNull("trial_end");
    }
    o.putNull("next_pending_invoice_item_invoice");
    o.put("collection_method", r.nextInt(5) == 0 ? "send_invoice" : "charge_automatically");
    o.put("days_until_due", "send_invoice".equals(o.path("collection_method").asText()) ? F.numberNode(30)
        : NullNode.getInstance());
    if (r.nextInt(4) == 0) {
      o.putObject("metadata").put("team", r.nextBoolean() ? "growth" : "core");
    } else {
      o.putObject("metadata");
    }
    // items: children of subscription_items, embedded like Stripe does
    List<ObjectNode> prices = recurringPrices();
    List<ObjectNode> items = new ArrayList<>();
    int n = 1 + (r.nextInt(4) == 0 ? 1 : 0);
    for (int k = 0; k < n && !prices.isEmpty(); k++) {
      ObjectNode item = example("subscription_item");
      item.put("id", newId("subscription_item", r));
      item.put("object", "subscription_item");
      item.put("created", created);
      item.put("subscription", o.path("id").asText());
      item.set("price", prices.get(r.nextInt(prices.size())).deepCopy());
      if (item.has("plan")) {
        item.remove("plan");
      }
      item.put("quantity", 1 + r.nextInt(3));
      items.add(item);
    }
    children.computeIfAbsent("subscription_items", k -> new LinkedHashMap<>()).put(o.path("id").asText(), items);
    o.set("items", listObject(items, "/v1/subscription_items?subscription=" + o.path("id").asText()));
    if (o.has("plan")) {
      o.remove("plan");
    }
    if (o.has("quantity")) {
      o.remove("quantity");
    }
  }

  private List<ObjectNode> recurringCache;

  private List<ObjectNode> recurringPrices() {
    if (recurringCache == null) {
      recurringCache = new ArrayList<>();
      for (ObjectNode p : lists.getOrDefault("prices", List.of())) {
        if ("recurring".equals(p.path("type").asText())) {
          recurringCache.add(p);
        }
      }
    }
    return recurringCache;
  }

  private ObjectNode lineItem(SplittableRandom r, ObjectNode price, long quantity, String invoiceId,
      String subscriptionId, String subscriptionItemId, long periodStart, long periodEnd) {
    ObjectNode l = example("line_item");
    l.put("id", newId("line_item", r));
    l.put("object", "line_item");
    l.put("livemode", false);
    long unit = price.path("unit_amount").asLong();
    l.put("amount", unit * quantity);
    l.put("currency", price.path("currency").asText("usd"));
    l.put("description", quantity + " × " + price.path("nickname").asText("item"));
    l.put("quantity", quantity);
    l.set("price", price.deepCopy());
    if (l.has("plan")) {
      l.remove("plan");
    }
    l.put("subscription", subscriptionId);
    if (l.has("subscription_item") || subscriptionItemId != null) {
      l.put("subscription_item", subscriptionItemId);
    }
    l.put("type", subscriptionId != null ? "subscription" : "invoiceitem");
    if (l.has("invoice_item")) {
      l.putNull("invoice_item");
    }
    ObjectNode period = l.putObject("period");
    period.put("end", periodEnd);
    period.put("start", periodStart);
    l.put("proration", false);
    return l;
  }

  private void invoice(ObjectNode o, SplittableRandom r, int i) {
    List<ObjectNode> subs = lists.get("subscriptions");
    List<ObjectNode> customers = lists.get("customers");
    ObjectNode sub = r.nextInt(5) < 4 && subs != null && !subs.isEmpty() ? subs.get(r.nextInt(subs.size()))
        : null;
    ObjectNode cus;
    long created;
    List<ObjectNode> lines = new ArrayList<>();
    String id = o.path("id").asText();
    if (sub != null) {
      cus = findById(customers, sub.path("customer").asText());
      created = after(r, sub.path("created").asLong(), WINDOW);
      for (JsonNode item : sub.path("items").path("data")) {
        lines.add(lineItem(r, (ObjectNode) item.path("price"), item.path("quantity").asLong(1), id,
            sub.path("id").asText(), item.path("id").asText(), created, created + 30 * DAY));
      }
      o.put("subscription", sub.path("id").asText());
      o.put("billing_reason", "subscription_cycle");
    } else {
      cus = customers.get(r.nextInt(customers.size()));
      created = after(r, cus.path("created").asLong(), WINDOW);
      List<ObjectNode> prices = lists.getOrDefault("prices", List.of());
      int n = 1 + r.nextInt(3);
      for (int k = 0; k < n && !prices.isEmpty(); k++) {
        lines.add(lineItem(r, prices.get(r.nextInt(prices.size())), 1 + r.nextInt(3), id, null, null,
            created, created));
      }
      o.putNull("subscription");
      o.put("billing_reason", "manual");
    }
    children.computeIfAbsent("invoice_lines", k -> new LinkedHashMap<>()).put(id, lines);
    long total = lines.stream().mapToLong(l -> l.path("amount").asLong()).sum();
    String cur = lines.isEmpty() ? cus.path("currency").asText("usd") : lines.get(0).path("currency").asText();
    o.put("customer", cus.path("id").asText());
    o.put("customer_email", cus.path("email").asText());
    o.put("customer_name", cus.path("name").asText());
    o.put("created", created);
    o.put("currency", cur);
    String status = weighted(r, "paid", 60, "open", 15, "draft", 10, "void", 8, "uncollectible", 7);
    o.put("status", status);
    boolean paid = "paid".equals(status);
    o.put("paid", paid);
    o.put("subtotal", total);
    o.put("total", total);
    o.put("amount_due", total);
    o.put("amount_paid", paid ? total : 0);
    o.put("amount_remaining", paid || "void".equals(status) ? 0 : total);
    o.put("attempted", !"draft".equals(status));
    o.put("attempt_count", "draft".equals(status) ? 0 : 1 + (paid ? 0 : r.nextInt(3)));
    o.put("number", "draft".equals(status) ? null
        : cus.path("invoice_prefix").asText("INV") + "-" + String.format("%04d", i + 1));
    o.put("receipt_number", paid && r.nextBoolean() ? String.format("%04d-%04d", r.nextInt(10000), i + 1) : null);
    boolean sendInvoice = r.nextInt(5) == 0;
    o.put("collection_method", sendInvoice ? "send_invoice" : "charge_automatically");
    if (sendInvoice) {
      o.put("due_date", created + 30 * DAY);
    } else {
      o.putNull("due_date");
    }
    o.put("period_start", created - 30 * DAY);
    o.put("period_end", created);
    o.put("webhooks_delivered_at", created);
    o.put("next_payment_attempt", "open".equals(status) ? F.numberNode(created + 3 * DAY) : NullNode.getInstance());
    ObjectNode st = o.putObject("status_transitions");
    st.put("finalized_at", "draft".equals(status) ? null : created + 3600);
    st.put("marked_uncollectible_at", "uncollectible".equals(status) ? created + 7 * DAY : null);
    st.put("paid_at", paid ? created + 3600 : null);
    st.put("voided_at", "void".equals(status) ? created + 2 * DAY : null);
    o.set("lines", listObject(lines, "/v1/invoices/" + id + "/lines"));
    if (r.nextInt(6) == 0) {
      o.putObject("metadata").put("order_ref", "ORD-" + (1000 + i));
    }
  }

  private static ObjectNode findById(List<ObjectNode> l, String id) {
    for (ObjectNode o : l) {
      if (id.equals(o.path("id").asText())) {
        return o;
      }
    }
    throw new IllegalStateException("no row " + id);
  }

  private List<ObjectNode> charges(ApiTable t, SplittableRandom r, int n) {
    List<ObjectNode> customers = lists.get("customers");
    ApiTable piTable = catalog.table("payment_intents").orElse(null);
    List<ObjectNode> intents = new ArrayList<>();
    List<ObjectNode> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ObjectNode cus = customers.get(r.nextInt(customers.size()));
      long created = after(r, cus.path("created").asLong(), WINDOW);
      ObjectNode ch = row(t, "charge", r, created);
      String status = weighted(r, "succeeded", 80, "failed", 12, "pending", 8);
      long amount = Math.round(Math.exp(5 + r.nextDouble() * 7));
      if (r.nextInt(4) == 0) {
        amount = (amount / 100 + 1) * 100;
      }
      String cur = r.nextInt(3) == 0 ? currency(r) : cus.path("currency").asText("usd");
      boolean ok = "succeeded".equals(status);
      ch.put("amount", amount);
      ch.put("amount_captured", ok ? amount : 0);
      ch.put("amount_refunded", 0);
      ch.put("currency", cur);
      ch.put("customer", cus.path("id").asText());
      ch.put("status", status);
      ch.put("paid", ok);
      ch.put("captured", ok);
      ch.put("refunded", false);
      ch.put("disputed", false);
      ch.put("description", "Payment " + (i + 1) + " from " + cus.path("name").asText());
      ch.put("failure_code", "failed".equals(status) ? "card_declined" : null);
      ch.put("failure_message", "failed".equals(status) ? "Your card was declined." : null);
      ch.put("receipt_email", ok ? cus.path("email").asText() : null);
      ch.put("statement_descriptor", r.nextInt(4) == 0 ? "STRIPESQL DEMO" : null);
      ObjectNode bd = ch.withObjectProperty("billing_details");
      bd.put("name", cus.path("name").asText());
      bd.put("email", cus.path("email").asText());
      int card = r.nextInt(LAST4.length);
      JsonNode pmd = ch.path("payment_method_details").path("card");
      if (pmd instanceof ObjectNode c) {
        c.put("last4", LAST4[card]);
        c.put("brand", BRANDS[card]);
        c.put("exp_month", 1 + r.nextInt(12));
        c.put("exp_year", 2026 + r.nextInt(6));
      }
      ObjectNode md = ch.putObject("metadata");
      if (r.nextInt(5) == 0) {
        md.put("order_id", "order_" + (i + 1));
      }
      ch.putNull("invoice");
      ch.set("refunds", listObject(List.of(), "/v1/charges/" + ch.path("id").asText() + "/refunds"));
      ObjectNode pi = row(piTable != null ? piTable : t, "payment_intent", r, created);
      String piId = pi.path("id").asText();
      pi.put("amount", amount);
      pi.put("amount_capturable", 0);
      pi.put("amount_received", ok ? amount : 0);
      pi.put("currency", cur);
      pi.put("customer", cus.path("id").asText());
      pi.put("description", ch.path("description").asText());
      pi.put("status", ok ? "succeeded" : "failed".equals(status) ? "requires_payment_method" : "processing");
      pi.put("client_secret", piId + "_secret_" + randomChars(r, 24, BASE62));
      pi.putNull("canceled_at");
      pi.putNull("invoice");
      pi.set("metadata", md.deepCopy());
      ch.put("payment_intent", piId);
      ch.put("created", after(r, created, 5));
      pi.set("charges", listObject(List.of(ch), "/v1/charges?payment_intent=" + piId));
      intents.add(pi);
      out.add(ch);
    }
    lists.put("payment_intents", intents);
    return out;
  }

  private List<ObjectNode> refunds(ApiTable t, SplittableRandom r, int n) {
    List<ObjectNode> succeeded = new ArrayList<>();
    for (ObjectNode ch : lists.get("charges")) {
      if ("succeeded".equals(ch.path("status").asText())) {
        succeeded.add(ch);
      }
    }
    // a seeded partial shuffle picks distinct charges
    for (int i = 0; i < Math.min(n, succeeded.size()); i++) {
      int j = i + r.nextInt(succeeded.size() - i);
      ObjectNode tmp = succeeded.get(i);
      succeeded.set(i, succeeded.get(j));
      succeeded.set(j, tmp);
    }
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, succeeded.size()); i++) {
      ObjectNode ch = succeeded.get(i);
      long chAmount = ch.path("amount").asLong();
      long amount = r.nextBoolean() || chAmount < 2 ? chAmount : 1 + r.nextLong(chAmount - 1);
      ObjectNode re = row(t, "refund", r, after(r, ch.path("created").asLong(), 90 * DAY));
      re.put("amount", amount);
      re.put("charge", ch.path("id").asText());
      re.put("payment_intent", ch.path("payment_intent").asText());
      re.put("currency", ch.path("currency").asText());
      re.put("status", "succeeded");
      re.put("reason", weighted(r, "requested_by_customer", 5, "duplicate", 2, "fraudulent", 1, "", 2));
      if (re.path("reason").asText().isEmpty()) {
        re.putNull("reason");
      }
      ch.put("amount_refunded", amount);
      ch.put("refunded", amount == chAmount);
      ch.set("refunds", listObject(List.of(re), "/v1/charges/" + ch.path("id").asText() + "/refunds"));
      out.add(re);
    }
    return out;
  }

  private List<ObjectNode> balanceTransactions(ApiTable t, SplittableRandom r) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode ch : lists.get("charges")) {
      long amount = ch.path("amount").asLong();
      long fee = Math.round(amount * 0.029) + 30;
      out.add(bt(t, r, ch, "charge", amount, fee));
    }
    for (ObjectNode re : lists.getOrDefault("refunds", List.of())) {
      out.add(bt(t, r, re, "refund", -re.path("amount").asLong(), 0));
    }
    return out;
  }

  private ObjectNode bt(ApiTable t, SplittableRandom r, ObjectNode source, String type, long amount, long fee) {
    long created = source.path("created").asLong();
    ObjectNode b = row(t, "balance_transaction", r, created);
    String cur = source.path("currency").asText();
    b.put("amount", amount);
    b.put("fee", fee);
    b.put("net", amount - fee);
    b.put("currency", cur);
    b.put("source", source.path("id").asText());
    b.put("type", type);
    b.put("reporting_category", type);
    b.put("available_on", created + 2 * DAY);
    b.put("status", created + 2 * DAY <= anchor ? "available" : "pending");
    b.put("description", "charge".equals(type) ? source.path("description").asText() : "REFUND FOR CHARGE");
    b.putNull("exchange_rate");
    ArrayNode fd = b.putArray("fee_details");
    if (fee != 0) {
      ObjectNode d = fd.addObject();
      d.put("amount", fee);
      d.putNull("application");
      d.put("currency", cur);
      d.put("description", "Stripe processing fees");
      d.put("type", "stripe_fee");
    }
    source.put("balance_transaction", b.path("id").asText());
    return b;
  }

  private List<ObjectNode> disputes(ApiTable t, SplittableRandom r, int n) {
    List<ObjectNode> candidates = new ArrayList<>();
    for (ObjectNode ch : lists.get("charges")) {
      if ("succeeded".equals(ch.path("status").asText()) && !ch.path("refunded").asBoolean()) {
        candidates.add(ch);
      }
    }
    List<ObjectNode> out = new ArrayList<>();
    for (int i = 0; i < n && !candidates.isEmpty(); i++) {
      ObjectNode ch = candidates.remove(r.nextInt(candidates.size()));
      ObjectNode d = row(t, "dispute", r, after(r, ch.path("created").asLong(), 60 * DAY));
      d.put("amount", ch.path("amount").asLong());
      d.put("currency", ch.path("currency").asText());
      d.put("charge", ch.path("id").asText());
      d.put("payment_intent", ch.path("payment_intent").asText());
      d.put("status", weighted(r, "won", 4, "lost", 3, "needs_response", 2, "under_review", 2,
          "warning_closed", 1));
      d.put("reason", weighted(r, "fraudulent", 4, "product_not_received", 2, "duplicate", 1, "general", 2));
      d.putArray("balance_transactions");
      ch.put("disputed", true);
      out.add(d);
    }
    return out;
  }

  private void payout(ObjectNode o, SplittableRandom r) {
    long amount = 1000L + r.nextInt(500_000);
    o.put("amount", amount);
    o.put("currency", currency(r));
    long created = o.path("created").asLong();
    o.put("arrival_date", created + 2 * DAY);
    o.put("status", weighted(r, "paid", 70, "pending", 10, "in_transit", 10, "canceled", 5, "failed", 5));
    o.put("method", r.nextInt(5) == 0 ? "instant" : "standard");
    o.putNull("balance_transaction");
    o.putNull("failure_balance_transaction");
    o.putNull("original_payout");
    o.putNull("reversed_by");
    List<ObjectNode> banks = new ArrayList<>();
    for (ObjectNode b : lists.getOrDefault("own_account_external_accounts", List.of())) {
      if ("bank_account".equals(b.path("object").asText())) {
        banks.add(b);
      }
    }
    o.put("destination", banks.isEmpty() ? null : pick(r, banks).path("id").asText());
  }

  /** Charges and payment intents use one of their customer's payment methods, or none. */
  private void linkPaymentMethods() {
    Map<String, List<ObjectNode>> byCustomer = children.getOrDefault("customer_payment_methods", Map.of());
    SplittableRandom r = rng("payment_method_links");
    Map<String, ObjectNode> intents = new HashMap<>();
    lists.getOrDefault("payment_intents", List.of()).forEach(pi -> intents.put(pi.path("id").asText(), pi));
    for (ObjectNode ch : lists.getOrDefault("charges", List.of())) {
      List<ObjectNode> pms = byCustomer.getOrDefault(ch.path("customer").asText(), List.of());
      JsonNode pm = pms.isEmpty() ? NullNode.getInstance() : F.textNode(pick(r, pms).path("id").asText());
      ch.set("payment_method", pm);
      ObjectNode pi = intents.get(ch.path("payment_intent").asText());
      if (pi != null) {
        pi.set("payment_method", pm);
      }
    }
  }

  private List<ObjectNode> events(ApiTable t) {
    SplittableRandom r = rng(t.name());
    int n = COUNTS.get("events") * scale;
    String[][] kinds = {{"customers", "customer.created", "customer.updated"},
        {"charges", "charge.succeeded", "charge.failed", "charge.refunded"},
        {"invoices", "invoice.paid", "invoice.finalized", "invoice.created"},
        {"payment_intents", "payment_intent.succeeded", "payment_intent.created"},
        {"subscriptions", "customer.subscription.created", "customer.subscription.updated"}};
    List<ObjectNode> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String[] k = kinds[r.nextInt(kinds.length)];
      List<ObjectNode> src = lists.getOrDefault(k[0], List.of());
      ObjectNode e = row(t, "event", r, 0);
      e.put("type", k[1 + r.nextInt(k.length - 1)]);
      if (!src.isEmpty()) {
        ObjectNode obj = src.get(r.nextInt(src.size()));
        e.put("created", after(r, obj.path("created").asLong(), 3 * DAY));
        e.putObject("data").set("object", obj);
      } else {
        e.put("created", created(r));
      }
      e.put("api_version", "2020-08-27");
      e.put("pending_webhooks", r.nextInt(4) == 0 ? 1 : 0);
      ObjectNode req = e.putObject("request");
      req.put("id", "req_" + randomChars(r, 14, BASE62));
      req.putNull("idempotency_key");
      out.add(e);
    }
    return out;
  }

  private ObjectNode balance(ApiTable t) {
    ObjectNode b = example(t.object());
    b.put("object", "balance");
    b.put("livemode", false);
    Map<String, long[]> sums = new LinkedHashMap<>();
    for (String c : List.of("usd", "eur", "gbp")) {
      sums.put(c, new long[2]);
    }
    for (ObjectNode bt : lists.getOrDefault("balance_transactions", List.of())) {
      long[] s = sums.get(bt.path("currency").asText());
      if (s != null) {
        s[bt.path("status").asText().equals("available") ? 0 : 1] += bt.path("net").asLong();
      }
    }
    ArrayNode available = b.putArray("available");
    ArrayNode pending = b.putArray("pending");
    sums.forEach((cur, s) -> {
      for (int k = 0; k < 2; k++) {
        ObjectNode e = (k == 0 ? available : pending).addObject();
        e.put("amount", s[k]);
        e.put("currency", cur);
        e.putObject("source_types").put("card", s[k]);
      }
    });
    return b;
  }

  // ---------------------------------------------------------------- child tables

  private void buildChildren() {
    List<ApiTable> pending = new ArrayList<>();
    for (ApiTable t : catalog.tables()) {
      if (t.kind() == TableKind.CHILD) {
        pending.add(t);
      }
    }
    boolean progress = true;
    while (!pending.isEmpty() && progress) {
      progress = false;
      for (var it = pending.iterator(); it.hasNext(); ) {
        ApiTable t = it.next();
        List<ObjectNode> parents = parentRows(t.parent().table());
        if (parents == null) {
          continue;
        }
        if (!children.containsKey(t.name())) {
          children.put(t.name(), buildChild(t, parents));
        }
        lists.put(t.name(), flatten(children.get(t.name())));
        it.remove();
        progress = true;
      }
    }
    if (!pending.isEmpty()) {
      throw new IllegalStateException("child tables without a parent table: " + pending);
    }
  }

  private List<ObjectNode> parentRows(String table) {
    if (lists.containsKey(table)) {
      return lists.get(table);
    }
    return null;
  }

  private static List<ObjectNode> flatten(Map<String, List<ObjectNode>> m) {
    List<ObjectNode> all = new ArrayList<>();
    m.values().forEach(all::addAll);
    return all;
  }

  private Map<String, List<ObjectNode>> buildChild(ApiTable t, List<ObjectNode> parents) {
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    String[] derived = DERIVED_CHILDREN.get(t.name());
    if (derived != null && lists.containsKey(derived[0])) {
      for (ObjectNode p : parents) {
        out.put(p.path("id").asText(), new ArrayList<>());
      }
      for (ObjectNode row : lists.get(derived[0])) {
        List<ObjectNode> l = out.get(row.path(derived[1]).asText(""));
        if (l != null) {
          l.add(row);
        }
      }
      if (out.values().stream().anyMatch(l -> !l.isEmpty())) {
        return out;
      }
      out.clear();
    }
    if ("upcoming_invoice_lines".equals(t.name())) {
      return upcomingLines(t);
    }
    SplittableRandom r = rng(t.name());
    String[] types = t.object().split("\\|");
    ApiColumn parentColumn = t.column(t.parent().column()).orElse(null);
    int total = 0;
    for (int pi = 0; pi < parents.size(); pi++) {
      ObjectNode p = parents.get(pi);
      String pid = p.path("id").asText();
      int n = r.nextInt(parents.size() > 100 ? 3 : 5);
      if (pi == parents.size() - 1 && total == 0 && n == 0) {
        n = 1;
      }
      List<ObjectNode> kids = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        long created = p.has("created") ? after(r, p.path("created").asLong(), WINDOW) : created(r);
        ObjectNode o = row(t, types[r.nextInt(types.length)], r, created);
        if (parentColumn != null && !parentColumn.path().isEmpty()) {
          setAt(o, parentColumn.path(), F.textNode(pid));
        }
        kids.add(o);
      }
      total += n;
      out.put(pid, kids);
    }
    return out;
  }

  private Map<String, List<ObjectNode>> upcomingLines(ApiTable t) {
    SplittableRandom r = rng(t.name());
    Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
    for (ObjectNode c : lists.get("customers")) {
      out.put(c.path("id").asText(), new ArrayList<>());
    }
    for (ObjectNode sub : lists.getOrDefault("subscriptions", List.of())) {
      String status = sub.path("status").asText();
      if (!Set.of("active", "trialing", "past_due").contains(status)) {
        continue;
      }
      long start = sub.path("current_period_end").asLong();
      for (JsonNode item : sub.path("items").path("data")) {
        out.get(sub.path("customer").asText()).add(lineItem(r, (ObjectNode) item.path("price"),
            item.path("quantity").asLong(1), null, sub.path("id").asText(), item.path("id").asText(), start,
            start + 30 * DAY));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- references by rule

  private List<ObjectNode> rowsOfType(String objectType) {
    ApiTable t = catalog.tableForObject(objectType).orElse(null);
    if (t == null) {
      for (ApiTable c : catalog.tables()) {
        if (c.kind() == TableKind.CHILD && List.of(c.object().split("\\|")).contains(objectType)) {
          t = c;
          break;
        }
      }
    }
    return t == null ? List.of() : lists.getOrDefault(t.name(), List.of());
  }

  /**
   * Points each reference column of a generic table at an existing row of the referenced type: always
   * when the example had a value, for about half the rows when it was null. References to types the data
   * set does not hold become null when nullable.
   */
  private void fillReferences(ApiTable t) {
    if (DERIVED_CHILDREN.containsKey(t.name())) {
      return;
    }
    SplittableRandom r = rng(t.name() + "#refs");
    String parentColumn = t.parent() == null ? null : t.parent().column();
    boolean own = t.path().startsWith("/v1/account/");
    for (ApiColumn c : t.columns()) {
      if (c.ref() == null || c.path().isEmpty() || c.name().equals(parentColumn)
          || (own && "account".equals(c.name()))) {
        continue;
      }
      List<ObjectNode> targets = rowsOfType(c.ref());
      for (ObjectNode o : lists.getOrDefault(t.name(), List.of())) {
        JsonNode current = at(o, c.path());
        if (current == null) {
          continue;
        }
        if (targets.isEmpty()) {
          if (c.nullable() && !current.isNull()) {
            setAt(o, c.path(), NullNode.getInstance());
          }
          continue;
        }
        boolean set = !current.isNull() || !c.nullable() || r.nextBoolean();
        setAt(o, c.path(), set ? F.textNode(targets.get(r.nextInt(targets.size())).path("id").asText())
            : NullNode.getInstance());
      }
    }
  }
}
