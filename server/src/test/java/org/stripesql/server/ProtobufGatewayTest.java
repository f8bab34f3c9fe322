package org.stripesql.server;

import org.apache.calcite.avatica.remote.Driver;

/** The gateway over Avatica's protobuf wire format (the default). */
class ProtobufGatewayTest extends GatewayTestBase {
  @Override
  Driver.Serialization serialization() {
    return Driver.Serialization.PROTOBUF;
  }
}
