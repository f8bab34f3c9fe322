package org.stripesql.server;

import org.apache.calcite.avatica.remote.Driver;

/** Hostile requests in Avatica's JSON wire format. */
class HostileJsonClientTest extends HostileClientTestBase {
  @Override
  Driver.Serialization serialization() {
    return Driver.Serialization.JSON;
  }
}
