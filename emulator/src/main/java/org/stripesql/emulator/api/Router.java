package org.stripesql.emulator.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paths to endpoints. A placeholder segment ({@code {id}}) matches any non-empty segment; where several
 * paths match, literal segments win over placeholders, leftmost first ({@code /v1/charges/search} over
 * {@code /v1/charges/{id}}); the first endpoint added for a path and method wins.
 */
final class Router {
  /**
   * The endpoint found for a request, with the values of the path's placeholders and the path template
   * it was added with ({@code /v1/customers/{customer}}).
   */
  record Match(Endpoint endpoint, List<String> params, String template) {}

  private record Route(String template, String[] segments, Map<String, Endpoint> byMethod) {}

  private final List<Route> routes = new ArrayList<>();
  private final Map<String, Route> byShape = new HashMap<>();

  /** Serves {@code method} on the path ({@code /v1/customers/{customer}}); HEAD is served as GET. */
  void add(String method, String path, Endpoint endpoint) {
    String[] segs = path.substring(1).split("/");
    String shape = String.join("/", Arrays.stream(segs).map(s -> s.startsWith("{") ? "{}" : s).toList());
    Route r = byShape.computeIfAbsent(shape, k -> {
      Route route = new Route(path, segs, new LinkedHashMap<>());
      routes.add(route);
      return route;
    });
    r.byMethod().putIfAbsent(method, endpoint);
  }

  /** The endpoint for the request; 404 for an unknown path, 405 for a method the path does not serve. */
  Match match(String method, String path) {
    Route best = null;
    List<String> bestParams = null;
    String bestShape = null;
    String[] segs = path.startsWith("/") ? path.substring(1).split("/", -1) : null;
    for (Route r : segs == null ? List.<Route>of() : routes) {
      if (r.segments().length != segs.length) {
        continue;
      }
      List<String> params = new ArrayList<>();
      StringBuilder shape = new StringBuilder();
      boolean ok = true;
      for (int i = 0; i < segs.length && ok; i++) {
        String s = r.segments()[i];
        if (s.startsWith("{")) {
          ok = !segs[i].isEmpty();
          params.add(segs[i]);
          shape.append('0');
        } else {
          ok = s.equals(segs[i]);
          shape.append('1');
        }
      }
      if (ok && (bestShape == null || shape.toString().compareTo(bestShape) > 0)) {
        best = r;
        bestParams = params;
        bestShape = shape.toString();
      }
    }
    if (best == null) {
      throw new ApiException(404, "invalid_request_error", null, null, "Unrecognized request URL (" + method
          + ": " + path + "). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.");
    }
    Endpoint e = best.byMethod().get("HEAD".equals(method) ? "GET" : method);
    if (e == null) {
      throw new ApiException(405, "invalid_request_error", null, null, "The emulator does not serve " + method
          + " " + path + " (it serves " + String.join(", ", best.byMethod().keySet()) + ").");
    }
    return new Match(e, bestParams, best.template());
  }
}
