package org.stripesql.server;

import org.apache.calcite.avatica.remote.Driver;

/** Hostile requests in Avatica's protobuf wire format. */
class HostileProtobufClientTest extends HostileClientTestBase {
  @Override
  Driver.Serialization serialization() {
    return Driver.Serialization.PROTOBUF;
  }
}
