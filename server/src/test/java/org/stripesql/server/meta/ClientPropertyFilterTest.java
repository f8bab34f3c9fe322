package org.stripesql.server.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientPropertyFilterTest {
  @Test
  void onlyUserAndPasswordPass() {
    Map<String, String> in = new LinkedHashMap<>();
    in.put("user", "u");
    in.put("password", "p");
    in.put("url", "http://x");
    in.put("serialization", "protobuf");
    for (String k : new String[] {"model", "schemaFactory", "schema", "schema.foo", "parserFactory",
        "typeSystem", "lex", "fun", "conformance", "factory", "caseSensitive", "MODEL"}) {
      in.put(k, "x");
    }
    assertEquals(Map.of("user", "u", "password", "p"), ClientPropertyFilter.filter(in));
    assertEquals(Set.of("model", "schemaFactory", "schema", "schema.foo", "parserFactory",
        "typeSystem", "lex", "fun", "conformance", "factory", "caseSensitive", "MODEL"),
        ClientPropertyFilter.rejectedNames(in));
  }

  @Test
  void theMirrorsFreshnessSettingsPassInAnySpelling() {
    Map<String, String> in = new LinkedHashMap<>();
    in.put("MirrorMaxLagSeconds", "300");
    in.put("mirrorwhenstale", "error");
    in.put("MirrorStore", "/tmp/elsewhere");
    assertEquals(Map.of("mirrormaxlagseconds", "300", "mirrorwhenstale", "error"), ClientPropertyFilter.filter(in));
    assertEquals(Set.of("MirrorStore"), ClientPropertyFilter.rejectedNames(in));
  }

  @Test
  void nullIsEmpty() {
    assertEquals(Map.of(), ClientPropertyFilter.filter(null));
  }
}
