package org.stripesql.emulator.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.stripesql.emulator.spec.Operation;
import org.stripesql.emulator.spec.ParamType;
import org.stripesql.emulator.spec.SpecOperations;

/**
 * Strict mode's check of a request against the operation Stripe's spec declares for its route, before
 * the endpoint runs: every parameter declared (deep-object keys such as {@code created[gte]} and
 * {@code expand[]} included), each value of its declared type and enum, no empty values, every required
 * parameter given. The first problem, in the order the parameters were sent, is Stripe's 400 error.
 */
final class RequestValidator {
  private static final Set<String> RANGE_KEYS = Set.of("gt", "gte", "lt", "lte");

  private final SpecOperations operations;

  RequestValidator(SpecOperations operations) {
    this.operations = operations;
  }

  /**
   * Throws Stripe's error for the first problem. A route the spec does not declare (one only a custom
   * catalog has) is left to the endpoint's catalog checks.
   */
  void check(String method, String template, Map<String, List<String>> query) {
    Optional<Operation> op = operations.find("HEAD".equals(method) ? "GET" : method, template);
    if (op.isEmpty()) {
      checkEmpty(method, template, query);
      return;
    }
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      String key = e.getKey();
      List<String> segments = segments(key);
      String base = segments == null || segments.isEmpty() ? key : key.substring(0, key.indexOf('['));
      ParamType type = segments == null ? null : op.get().params().get(base);
      if (type == null) {
        throw ApiException.unknownParam(base);
      }
      for (String value : e.getValue()) {
        check(type, segments, value, base);
      }
    }
    for (String required : op.get().required()) {
      if (query.keySet().stream().noneMatch(k -> k.equals(required) || k.startsWith(required + "["))) {
        throw ApiException.missingParam(required);
      }
    }
  }

  /**
   * Stripe's refusal of empty values ({@code email=}: an attempt to unset a parameter), which holds on
   * every route, declared or not, strict or lenient: only a parameter whose enum lists "" takes one.
   */
  void checkEmpty(String method, String template, Map<String, List<String>> query) {
    Optional<Operation> op = operations.find("HEAD".equals(method) ? "GET" : method, template);
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      if (!e.getValue().contains("")) {
        continue;
      }
      int br = e.getKey().indexOf('[');
      String base = br < 0 ? e.getKey() : e.getKey().substring(0, br);
      ParamType type = op.map(o -> o.params().get(base)).orElse(null);
      if (!(br < 0 && type instanceof ParamType.Enum values && values.values().contains(""))) {
        throw ApiException.emptyValue(e.getKey());
      }
    }
  }

  /** The bracketed parts of a key ({@code a[b][]} gives b and ""), none for a plain key, null when malformed. */
  static List<String> segments(String key) {
    int br = key.indexOf('[');
    if (br < 0) {
      return List.of();
    }
    if (br == 0) {
      return null;
    }
    List<String> out = new ArrayList<>();
    int i = br;
    while (i < key.length()) {
      int close = key.indexOf(']', i);
      if (key.charAt(i) != '[' || close < 0 || key.indexOf('[', i + 1) >= 0 && key.indexOf('[', i + 1) < close) {
        return null;
      }
      out.add(key.substring(i + 1, close));
      i = close + 1;
    }
    return out;
  }

  private static void check(ParamType type, List<String> segments, String value, String key) {
    if (type instanceof ParamType.AnyOf any) {
      ApiException first = null;
      for (ParamType option : any.options()) {
        try {
          check(option, segments, value, key);
          return;
        } catch (ApiException e) {
          first = first == null ? e : first;
        }
      }
      throw first;
    }
    if (segments.isEmpty()) {
      checkValue(type, value, key);
      return;
    }
    String head = segments.get(0);
    List<String> rest = segments.subList(1, segments.size());
    String headKey = key + "[" + head + "]";
    if (type instanceof ParamType.Range) {
      if (!RANGE_KEYS.contains(head) || !rest.isEmpty()) {
        throw ApiException.unknownParam(headKey);
      }
      checkValue(new ParamType.Scalar("integer"), value, headKey);
    } else if (type instanceof ParamType.ArrayOf array) {
      if (!head.isEmpty() && !head.chars().allMatch(Character::isDigit)) {
        throw ApiException.invalid(key, "Invalid array");
      }
      check(array.items(), rest, value, headKey);
    } else if (type instanceof ParamType.ObjectOf object) {
      ParamType property = object.properties().get(head);
      if (property != null) {
        check(property, rest, value, headKey);
      } else if (!object.open() || !rest.isEmpty()) {
        throw ApiException.unknownParam(headKey);
      }
    } else {
      throw ApiException.unknownParam(headKey);
    }
  }

  private static void checkValue(ParamType type, String value, String key) {
    if (value.isEmpty() && !(type instanceof ParamType.Enum values && values.values().contains(""))) {
      throw ApiException.emptyValue(key);
    }
    if (type instanceof ParamType.Enum e) {
      if (!e.values().contains(value)) {
        throw ApiException.invalid(key, "Invalid " + key + ": must be one of " + QueryParams.oneOf(e.values()));
      }
    } else if (type instanceof ParamType.Range) {
      checkValue(new ParamType.Scalar("integer"), value, key);
    } else if (type instanceof ParamType.ArrayOf) {
      throw ApiException.invalid(key, "Invalid array");
    } else if (type instanceof ParamType.ObjectOf) {
      throw ApiException.invalid(key, "Invalid hash");
    } else if (type instanceof ParamType.Scalar s) {
      switch (s.kind()) {
        case "integer", "timestamp" -> QueryParams.parseLong(key, value);
        case "boolean" -> {
          if (!value.equals("true") && !value.equals("false")) {
            throw ApiException.invalid(key, "Invalid boolean: " + value);
          }
        }
        case "number" -> {
          try {
            new BigDecimal(value);
          } catch (NumberFormatException ex) {
            throw ApiException.invalid(key, "Invalid decimal: " + value);
          }
        }
        default -> {
          // any string
        }
      }
    }
  }
}
