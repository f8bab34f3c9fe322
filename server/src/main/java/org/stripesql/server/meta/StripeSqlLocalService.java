package org.stripesql.server.meta;

import java.util.EnumMap;
import java.util.Map;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.Meta.DatabaseProperty;
import org.apache.calcite.avatica.remote.LocalService;

/**
 * The gateway's Avatica {@link LocalService}: as Avatica's, except that {@code DatabaseMetaData}'s
 * product name and version name stripe-sql instead of the Calcite connection behind it, so Tableau,
 * DBeaver and other tools can tell a stripe-sql gateway from other Avatica servers (the thin driver
 * asks the server for these through a {@code DatabasePropertyRequest}).
 */
public final class StripeSqlLocalService extends LocalService {
  static final String PRODUCT_NAME = "stripe-sql";

  public StripeSqlLocalService(Meta meta) {
    super(meta);
  }

  @Override
  public DatabasePropertyResponse apply(DatabasePropertyRequest request) {
    DatabasePropertyResponse r = super.apply(request);
    Map<DatabaseProperty, Object> map = new EnumMap<>(DatabaseProperty.class);
    map.putAll(r.map);
    String version = productVersion();
    map.put(DatabaseProperty.GET_DATABASE_PRODUCT_NAME, PRODUCT_NAME);
    map.put(DatabaseProperty.GET_DATABASE_PRODUCT_VERSION, version);
    map.put(DatabaseProperty.GET_DATABASE_MAJOR_VERSION, versionPart(version, 0));
    map.put(DatabaseProperty.GET_DATABASE_MINOR_VERSION, versionPart(version, 1));
    return new DatabasePropertyResponse(map, r.rpcMetadata);
  }

  /** The server jar's Implementation-Version, or the project's version when run from classes. */
  static String productVersion() {
    String v = StripeSqlLocalService.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }

  static int versionPart(String v, int index) {
    String[] parts = v.split("[.-]");
    try {
      return index < parts.length ? Integer.parseInt(parts[index]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
