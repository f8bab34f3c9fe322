package org.stripesql.adapter.connect;

import java.util.List;
import org.stripesql.adapter.client.Credentials;

/** The accounts connected through a schema's OAuth flows, each with its own tokens. */
public interface OAuthAccounts {
  /** The accounts connected now, in the order they connected. */
  List<String> connectedAccounts();

  /** The tokens of one of them, refreshed on their own. */
  Credentials credentials(String account);
}
