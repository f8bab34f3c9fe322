package org.stripesql.adapter.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ConnectedAccounts operand: which connected accounts of a Connect platform a schema reads.
 *
 * @param mode which accounts
 * @param ids  for {@link Mode#LIST}, the accounts in the order given, without repeats; empty otherwise
 */
public record ConnectedAccountsSetting(Mode mode, List<String> ids) {
  /** How the schema finds its accounts. */
  public enum Mode {
    /** Every account {@code GET /v1/accounts} lists for the platform key. */
    ALL,
    /** The accounts the operand names. */
    LIST,
    /** Every account connected through the gateway's OAuth flows, each with its own token. */
    OAUTH
  }

  public ConnectedAccountsSetting {
    ids = List.copyOf(ids);
  }

  /** The operand's value as a setting; null when not given (off). */
  static ConnectedAccountsSetting parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    switch (v.toLowerCase(Locale.ROOT)) {
      case "all":
        return new ConnectedAccountsSetting(Mode.ALL, List.of());
      case "oauth":
        return new ConnectedAccountsSetting(Mode.OAUTH, List.of());
      default:
        break;
    }
    List<String> ids = new ArrayList<>();
    for (String part : v.split(",")) {
      String id = part.trim();
      if (!id.matches("acct_[A-Za-z0-9]{1,64}")) {
        throw new StripeConfigException("operand ConnectedAccounts must be all, oauth or a comma-separated list of"
            + " acct_... ids; '" + id + "' is none of these");
      }
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    return new ConnectedAccountsSetting(Mode.LIST, ids);
  }
}
