package org.stripesql.adapter.query;

import java.util.List;
import java.util.Objects;

/** A list parameter that takes each of several values in turn, one list call per value (a pushed IN). */
public record FanOut(String param, List<String> values) {
  public FanOut {
    Objects.requireNonNull(param, "param");
    values = List.copyOf(values);
  }
}
