package org.stripesql.pgwire.catalog;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AggregateFunctionImpl;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.schema.impl.TableFunctionImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Adds the {@code pg_catalog} and {@code information_schema} schemas and the PostgreSQL functions to a
 * Calcite connection. As in PostgreSQL, pg_catalog is searched before the default schema: its relations
 * and the functions are also added to the root schema, which Calcite searches after the default one.
 */
public final class CatalogInstaller {
  private CatalogInstaller() {
  }

  /** The SQL type of the elements of a {@code List<T>} a function returns. */
  private static SqlTypeName elementType(Method m) {
    Type t = m.getGenericReturnType() instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
    return t == Integer.class ? SqlTypeName.INTEGER : t == Long.class ? SqlTypeName.BIGINT : SqlTypeName.VARCHAR;
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
    for (Class<?> functions : List.of(PgFunctions.class, JsonFunctions.class, TimeFunctions.class,
        CastFunctions.class, TextFunctions.class, ArrayFunctions.class)) {
      for (Method m : functions.getDeclaredMethods()) {
        if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())) {
          continue;
        }
        root.add(m.getName(), List.class.isAssignableFrom(m.getReturnType())
            ? new ArrayResultFunction(ScalarFunctionImpl.create(m), elementType(m)) : ScalarFunctionImpl.create(m));
      }
    }
    root.add("percentile_cont_of", AggregateFunctionImpl.create(Percentiles.Cont.class));
    root.add("percentile_disc_of", AggregateFunctionImpl.create(Percentiles.Disc.class));
    for (Method m : SetFunctions.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers())) {
        continue;
      }
      if (List.class.isAssignableFrom(m.getReturnType())) {
        root.add(m.getName(), new ArrayResultFunction(ScalarFunctionImpl.create(m), elementType(m)));
      } else {
        root.add(m.getName(), TableFunctionImpl.create(m));
      }
    }
  }
}
