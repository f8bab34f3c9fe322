package org.stripesql.emulator.api;

/** The write endpoints, one class each, and the paths they serve. */
final class WriteRoutes {
  private WriteRoutes() {}

  static void addTo(Router router, Writes writes) {
    router.add("POST", "/v1/customers", new CreateCustomerEndpoint(writes));
    router.add("POST", "/v1/customers/{customer}", new UpdateCustomerEndpoint(writes));
    router.add("DELETE", "/v1/customers/{customer}", new DeleteCustomerEndpoint(writes));
    router.add("POST", "/v1/charges", new CreateChargeEndpoint(writes));
    router.add("POST", "/v1/refunds", new CreateRefundEndpoint(writes));
    router.add("POST", "/v1/subscriptions/{subscription_exposed_id}", new UpdateSubscriptionEndpoint(writes));
    router.add("DELETE", "/v1/subscriptions/{subscription_exposed_id}", new CancelSubscriptionEndpoint(writes));
    router.add("POST", "/v1/invoices/{invoice}/finalize", new FinalizeInvoiceEndpoint(writes));
    router.add("POST", "/v1/invoices/{invoice}/pay", new PayInvoiceEndpoint(writes));
  }
}
