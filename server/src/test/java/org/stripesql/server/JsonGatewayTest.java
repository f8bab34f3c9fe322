package org.stripesql.server;

import org.apache.calcite.avatica.remote.Driver;

/** The gateway over Avatica's JSON wire format. */
class JsonGatewayTest extends GatewayTestBase {
  @Override
  Driver.Serialization serialization() {
    return Driver.Serialization.JSON;
  }
}
