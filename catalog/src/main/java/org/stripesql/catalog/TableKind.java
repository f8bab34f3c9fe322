package org.stripesql.catalog;

/** How a table is read from Stripe. */
public enum TableKind {
  /** A top-level list endpoint, paged with {@code starting_after}. */
  LIST,
  /** A list nested under a parent object's id ({@code /v1/invoices/{invoice}/lines}). */
  CHILD,
  /** A retrieve-only object ({@code /v1/balance}, {@code /v1/account}). */
  SINGLETON,
  /** A Stripe report type, answered from a report run's result file ({@link ReportType}). */
  REPORT
}
