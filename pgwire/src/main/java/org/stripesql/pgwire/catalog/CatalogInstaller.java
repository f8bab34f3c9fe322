package org.stripesql.pgwire.catalog;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.schema.impl.TableFunctionImpl;

/**
 * Adds the {@code pg_catalog} and {@code information_schema} schemas and the PostgreSQL functions to a
 * Calcite connection. As in PostgreSQL, pg_catalog is searched before the default schema: its relations
 * and the functions are also added to the root schema, which Calcite searches after the default one.
 */
public final class CatalogInstaller {
  private CatalogInstaller() {
  }

  public static void install(Connection connection, Supplier<CatalogSnapshot> snapshot) throws SQLException {
    SchemaPlus root = connection.unwrap(CalciteConnection.class).getRootSchema();
    SchemaPlus pg = root.add(PgCatalogTables.SCHEMA, new AbstractSchema());
    SchemaPlus info = root.add(InformationSchemaTables.SCHEMA, new AbstractSchema());
    for (CatalogTable t : CatalogBuilder.catalogTables()) {
      Table table = new SnapshotTable(t, snapshot);
      if (t.schema().equals(PgCatalogTables.SCHEMA)) {
        pg.add(t.name(), table);
        root.add(t.name(), table);
      } else {
        info.add(t.name(), table);
      }
    }
    for (Method m : PgFunctions.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
        root.add(m.getName(), ScalarFunctionImpl.create(m));
      }
    }
    for (Method m : SetFunctions.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers())) {
        continue;
      }
      if (m.getName().equals("current_schemas")) {
        root.add(m.getName(), new ArrayResultFunction(ScalarFunctionImpl.create(m)));
      } else {
        root.add(m.getName(), TableFunctionImpl.create(m));
      }
    }
  }
}
