package org.stripesql.catalog;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The few facts about Stripe that its OpenAPI description does not carry, kept short on purpose.
 * Everything else in the catalog follows from the description by rule.
 */
final class CatalogOverrides {
  private CatalogOverrides() {}

  /**
   * List endpoints that are not tables, and why: previews that compute rows from request parameters
   * instead of listing stored objects. (Aliases of another endpoint are found by rule: {@link EndpointAliases}.)
   */
  static final Map<String, String> SKIPPED_PATHS = Map.of(
      "/v1/credit_notes/preview/lines", "a preview of a credit note not yet issued: its parameters are the"
          + " credit note's inputs, not filters");

  /**
   * Lists whose parent id goes in an optional query parameter the description does not mark required:
   * the upcoming invoice's lines exist per customer, so the table is a child of customers.
   */
  static final Map<String, String> QUERY_PARENTS = Map.of("/v1/invoices/upcoming/lines", "customer");

  /**
   * Parents that have no list endpoint of their own but are listed by another table: sources are
   * listed per customer, so source transactions are children of customer_sources.
   */
  static final Map<String, String> PARENT_TABLES = Map.of("/v1/sources", "customer_sources");

  /** Names where the snake_case rule reads poorly. */
  static final Map<String, String> NAMES = Map.of(
      // lists under /v1/account/ belong to the authenticated account; account_* names the children of
      // connected accounts (/v1/accounts/{account}/...)
      "/v1/account/capabilities", "own_account_capabilities",
      "/v1/account/external_accounts", "own_account_external_accounts",
      "/v1/account/persons", "own_account_persons",
      "/v1/apple_pay/domains", "apple_pay_domains",
      "/v1/invoices/upcoming/lines", "upcoming_invoice_lines",
      "/v1/sources/{source}/source_transactions", "source_transactions");

  /**
   * Lists whose parameters are the inputs of a preview, not filters: {@code subscription} on the upcoming
   * invoice's lines chooses which invoice Stripe previews, it does not narrow the lines of one.
   */
  static final Set<String> PREVIEW_INPUTS = Set.of("/v1/invoices/upcoming/lines");

  /**
   * Parameters the description marks required that Stripe's reference now calls optional: without
   * {@code type} a payment method list "includes all current and future payment method types", which a
   * call per 2022 type would miss ({@code card_present}, {@code interac_present}, newer ones).
   */
  static final Map<String, Set<String>> OPTIONAL_PARAMS = Map.of(
      "/v1/payment_methods", Set.of("type"),
      "/v1/customers/{customer}/payment_methods", Set.of("type"));

  /**
   * Lists Stripe answers per owner: without {@code customer}, {@code /v1/payment_methods} lists none of
   * the customers' payment methods, so a full scan asks once per customer.
   */
  static final Map<String, ScanPer> SCAN_PER = Map.of("payment_methods", new ScanPer("customers", "customer"));

  /** Objects a list leaves out beyond test-clock objects: the customer's list omits canceled subscriptions. */
  static final Map<String, List<ListOmit>> LIST_OMITS = Map.of(
      "customer_subscriptions", List.of(new ListOmit("status", List.of("canceled"))));

  /** Retrieve-only endpoints that become one-object tables. */
  static final Map<String, String> SINGLETONS = Map.of("/v1/balance", "balance", "/v1/account", "account");

  /** The singleton whose rows are the entries of arrays, with the name of the column that says which. */
  static final Map<String, Explode> EXPLODED = Map.of("balance", new Explode("kind", List.of(
      new Explode.Source("available", List.of("available")),
      new Explode.Source("pending", List.of("pending")),
      new Explode.Source("connect_reserved", List.of("connect_reserved")),
      new Explode.Source("instant_available", List.of("instant_available")),
      new Explode.Source("issuing_available", List.of("issuing", "available")))));

  /**
   * Parameters a full scan must send to see every row; only parameters the list endpoint declares
   * (/v1/customers/{customer}/subscriptions declares no status: it lists the customer's subscriptions
   * that are not canceled).
   */
  static final Map<String, Map<String, String>> SCAN_PARAMS = Map.of(
      // Stripe leaves canceled subscriptions out of a list unless status=all
      "subscriptions", Map.of("status", "all"));

  /**
   * Search query fields by table, from Stripe's search query language documentation
   * (stripe.com/docs/search#query-fields-for-*); the description lists the endpoints but not the fields.
   * Each entry: field, column, kind.
   */
  static final Map<String, List<Search.SearchField>> SEARCH_FIELDS = Map.of(
      "charges", List.of(
          f("amount", "amount", "number"), f("created", "created", "timestamp"),
          f("currency", "currency", "token"), f("customer", "customer", "token"),
          f("disputed", "disputed", "boolean"), f("metadata", "metadata", "metadata"),
          f("payment_method_details.card.last4", "payment_method_details_card_last4", "token"),
          f("refunded", "refunded", "boolean"), f("status", "status", "token")),
      "customers", List.of(
          f("created", "created", "timestamp"), f("email", "email", "string"),
          f("metadata", "metadata", "metadata"), f("name", "name", "string"),
          f("phone", "phone", "string")),
      "invoices", List.of(
          f("created", "created", "timestamp"), f("currency", "currency", "token"),
          f("customer", "customer", "token"), f("metadata", "metadata", "metadata"),
          f("number", "number", "string"), f("receipt_number", "receipt_number", "string"),
          f("subscription", "subscription", "token"), f("total", "total", "number")),
      "payment_intents", List.of(
          f("amount", "amount", "number"), f("created", "created", "timestamp"),
          f("currency", "currency", "token"), f("customer", "customer", "token"),
          f("metadata", "metadata", "metadata"), f("status", "status", "token")),
      "prices", List.of(
          f("active", "active", "boolean"), f("currency", "currency", "token"),
          f("lookup_key", "lookup_key", "string"), f("metadata", "metadata", "metadata"),
          f("product", "product", "token"), f("type", "type", "token")),
      "products", List.of(
          f("active", "active", "boolean"), f("description", "description", "string"),
          f("metadata", "metadata", "metadata"), f("name", "name", "string"),
          f("shippable", "shippable", "boolean"), f("url", "url", "string")),
      "subscriptions", List.of(
          f("created", "created", "timestamp"), f("metadata", "metadata", "metadata"),
          f("status", "status", "token")));

  /**
   * The event types that carry each searchable resource's objects, from Stripe's event type list: a
   * search reads the objects they show changed within the index lag. Subscriptions' events are named
   * after the customer ({@code customer.subscription.updated}).
   */
  static final Map<String, List<String>> SEARCH_EVENT_TYPES = Map.of(
      "charges", List.of("charge.*"),
      "customers", List.of("customer.*"),
      "invoices", List.of("invoice.*"),
      "payment_intents", List.of("payment_intent.*"),
      "prices", List.of("price.*"),
      "products", List.of("product.*"),
      "subscriptions", List.of("customer.subscription.*"));

  private static Search.SearchField f(String field, String column, String kind) {
    return new Search.SearchField(field, column, kind);
  }
}
