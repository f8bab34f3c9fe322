package org.stripesql.emulator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which endpoint a method and path reach, and Stripe's 404 and 405 for the rest. */
class RouterTest {
  private static Endpoint named(String name) {
    return r -> new TextNode(name + r.pathParams());
  }

  private static String answer(Router router, String method, String path) {
    Router.Match m = router.match(method, path);
    return m.endpoint().answer(new ApiRequest(path, m.params(), Map.of())).asText();
  }

  @Test
  void literalSegmentsWinLeftmostFirst() {
    Router router = new Router();
    router.add("GET", "/v1/charges/{charge}", named("retrieve"));
    router.add("GET", "/v1/charges/search", named("search"));
    router.add("GET", "/v1/{a}/x", named("left-placeholder"));
    router.add("GET", "/v1/y/{b}", named("left-literal"));
    assertEquals("search[]", answer(router, "GET", "/v1/charges/search"));
    assertEquals("retrieve[ch_1]", answer(router, "GET", "/v1/charges/ch_1"));
    assertEquals("left-literal[x]", answer(router, "GET", "/v1/y/x"));
    assertEquals("retrieve[ch_1]", answer(router, "HEAD", "/v1/charges/ch_1"));
  }

  @Test
  void firstEndpointForAPathAndMethodWins() {
    Router router = new Router();
    router.add("GET", "/v1/customers/{customer}", named("first"));
    router.add("GET", "/v1/customers/{id}", named("second"));
    assertEquals("first[cus_1]", answer(router, "GET", "/v1/customers/cus_1"));
  }

  @Test
  void unknownPathsAndMethodsGetStripeErrors() {
    Router router = new Router();
    router.add("GET", "/v1/customers/{customer}", named("retrieve"));
    for (String path : List.of("/v1/customers", "/v1/customers/", "/v1/customers/cus_1/x", "v1/customers/cus_1")) {
      assertEquals(404, assertThrows(ApiException.class, () -> router.match("GET", path)).status(), path);
    }
    ApiException post = assertThrows(ApiException.class, () -> router.match("POST", "/v1/customers/cus_1"));
    assertEquals(405, post.status());
    assertEquals("The emulator does not serve POST /v1/customers/cus_1 (it serves GET).",
        post.getMessage());
  }
}
