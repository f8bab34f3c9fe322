package org.stripesql.emulator.spec;

import java.util.List;
import java.util.Map;

/**
 * The type Stripe's spec declares for a query parameter, as far as a request can break it: a scalar, an
 * enum, a {@code created}-style range, an array, an object (a hash) or one of several alternatives.
 */
public sealed interface ParamType {
  /** {@code string}, {@code integer}, {@code timestamp} (unix-time integer), {@code number} or {@code boolean}. */
  record Scalar(String kind) implements ParamType {
    public static final Scalar STRING = new Scalar("string");
  }

  /** A string that must be one of the values ({@code ""} among them means the value may be empty). */
  record Enum(List<String> values) implements ParamType {
    public Enum {
      values = List.copyOf(values);
    }
  }

  /** An integer, or a hash of integers {@code gt}, {@code gte}, {@code lt}, {@code lte} (range_query_specs). */
  record Range() implements ParamType {}

  /** An array ({@code expand[]=a}, {@code expand[0]=a}) of items of one type. */
  record ArrayOf(ParamType items) implements ParamType {}

  /** A hash with these keys; {@code open}: any other key too, with a string value (metadata). */
  record ObjectOf(Map<String, ParamType> properties, boolean open) implements ParamType {
    public ObjectOf {
      properties = Map.copyOf(properties);
    }
  }

  /** Any one of the alternatives. */
  record AnyOf(List<ParamType> options) implements ParamType {
    public AnyOf {
      options = List.copyOf(options);
    }
  }
}
