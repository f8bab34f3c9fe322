package org.stripesql.catalog;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * Something of Stripe's description the generator did not turn into a table or a pushed parameter, and
 * why: an endpoint that is no table ({@code GET /v1/balance/history}: an alias), or a construct it does
 * not know ({@code GET /v1/widgets parameter created}: an unknown shape). Kept in the catalog, so a
 * catalog says what it left out; the generator and {@code serve} report them.
 *
 * @param what   the endpoint ({@code GET /v1/...}), maybe with the parameter or column concerned
 * @param reason why, in a few words a user can act on
 */
@JsonPropertyOrder({"what", "reason"})
public record Skipped(String what, String reason) {
  public Skipped {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return what + ": " + reason;
  }
}
