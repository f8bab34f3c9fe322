package org.stripesql.adapter.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.filter.FilteringParserDelegate;
import com.fasterxml.jackson.core.filter.TokenFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A list answer read through the filter keeps its paging fields and every object, with only the wanted fields. */
class ListedFieldsTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  static JsonNode read(String json, Set<String> fields) throws Exception {
    return MAPPER.readTree(new FilteringParserDelegate(MAPPER.createParser(json), new ListedFields(fields),
        TokenFilter.Inclusion.INCLUDE_ALL_AND_PATH, true));
  }

  @Test
  void keepsWantedTopLevelFieldsWholeAndEveryObject() throws Exception {
    String answer = "{\"object\":\"list\",\"data\":["
        + "{\"id\":\"ch_1\",\"object\":\"charge\",\"created\":5,\"amount\":100,\"status\":\"paid\","
        + "\"outcome\":{\"type\":\"authorized\",\"rule\":{\"id\":\"r\"}},\"data\":{\"x\":1},\"refunds\":{\"data\":[1,2]}},"
        + "{\"id\":\"ch_2\",\"deleted\":true},"
        + "{\"status\":\"x\"},"
        + "{}"
        + "],\"has_more\":true,\"url\":\"/v1/charges\",\"next_page\":null}";
    JsonNode n = read(answer, Set.of("amount", "outcome"));
    assertEquals(MAPPER.readTree("{\"object\":\"list\",\"data\":["
        + "{\"id\":\"ch_1\",\"object\":\"charge\",\"created\":5,\"amount\":100,"
        + "\"outcome\":{\"type\":\"authorized\",\"rule\":{\"id\":\"r\"}}},"
        + "{\"id\":\"ch_2\",\"deleted\":true},{},{}],\"has_more\":true,\"url\":\"/v1/charges\",\"next_page\":null}"), n);
  }

  @Test
  void errorsAndEmptyListsStayWhole() throws Exception {
    String error = "{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\",\"param\":\"customer\"}}";
    assertEquals(MAPPER.readTree(error), read(error, Set.of()));
    String empty = "{\"object\":\"list\",\"data\":[],\"has_more\":false,\"url\":\"/v1/x\"}";
    assertEquals(MAPPER.readTree(empty), read(empty, Set.of("amount")));
  }
}
