package org.stripesql.server;

import org.apache.calcite.avatica.remote.Driver;

class HostileHttpProtobufTest extends HostileHttpTestBase {
  @Override
  Driver.Serialization serialization() {
    return Driver.Serialization.PROTOBUF;
  }
}
