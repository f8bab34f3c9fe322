package org.stripesql.catalog;

/** How a list endpoint's query parameter filters. */
public enum FilterKind {
  /** {@code param=value}: rows whose column equals the value. */
  EQUALS,
  /** {@code param[gt|gte|lt|lte]=unix-seconds}, or {@code param=unix-seconds} for equality. */
  RANGE,
  /** {@code param[]=a&param[]=b}: rows whose column is one of the values. */
  IN,
  /** A parameter that does not filter on one column ({@code recurring}, {@code status_transitions}). */
  OTHER
}
