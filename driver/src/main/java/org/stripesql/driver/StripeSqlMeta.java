package org.stripesql.driver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;

/**
 * The driver's {@link Meta}: Avatica's remote one, except that the {@code DatabaseMetaData} calls
 * Avatica's protocol does not carry (keys, index info, functions) go to a stripe-sql gateway as a
 * metadata call on a statement of their own, which the gateway answers from its catalog. Any other server
 * gets Avatica's empty answers. docs/design.md, "Metadata Avatica does not carry".
 */
final class StripeSqlMeta extends ForwardingMeta {
  /** Starts a metadata call's statement text; the gateway's {@code MetadataCall} reads it. */
  static final String PREFIX = "/*stripesql:metadata*/";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  StripeSqlMeta(Meta remote) {
    super(remote);
  }

  @Override
  public MetaResultSet getPrimaryKeys(ConnectionHandle ch, String catalog, String schema, String table) {
    return call(ch, () -> super.getPrimaryKeys(ch, catalog, schema, table), "getPrimaryKeys", catalog, schema,
        table);
  }

  @Override
  public MetaResultSet getImportedKeys(ConnectionHandle ch, String catalog, String schema, String table) {
    return call(ch, () -> super.getImportedKeys(ch, catalog, schema, table), "getImportedKeys", catalog, schema,
        table);
  }

  @Override
  public MetaResultSet getExportedKeys(ConnectionHandle ch, String catalog, String schema, String table) {
    return call(ch, () -> super.getExportedKeys(ch, catalog, schema, table), "getExportedKeys", catalog, schema,
        table);
  }

  @Override
  public MetaResultSet getCrossReference(ConnectionHandle ch, String parentCatalog, String parentSchema,
      String parentTable, String foreignCatalog, String foreignSchema, String foreignTable) {
    return call(ch, () -> super.getCrossReference(ch, parentCatalog, parentSchema, parentTable, foreignCatalog,
        foreignSchema, foreignTable), "getCrossReference", parentCatalog, parentSchema, parentTable, foreignCatalog,
        foreignSchema, foreignTable);
  }

  @Override
  public MetaResultSet getIndexInfo(ConnectionHandle ch, String catalog, String schema, String table,
      boolean unique, boolean approximate) {
    return call(ch, () -> super.getIndexInfo(ch, catalog, schema, table, unique, approximate), "getIndexInfo",
        catalog, schema, table, unique, approximate);
  }

  @Override
  public MetaResultSet getFunctions(ConnectionHandle ch, String catalog, Pat schemaPattern,
      Pat functionNamePattern) {
    return call(ch, () -> super.getFunctions(ch, catalog, schemaPattern, functionNamePattern), "getFunctions",
        catalog, schemaPattern.s, functionNamePattern.s);
  }

  /**
   * Sends the call to a stripe-sql gateway on a new statement, which the result set closes; any other
   * server gets {@code elsewhere}.
   */
  private MetaResultSet call(ConnectionHandle ch, Supplier<MetaResultSet> elsewhere, String name, Object... args) {
    Object product = delegate.getDatabaseProperties(ch).get(DatabaseProperty.GET_DATABASE_PRODUCT_NAME);
    if (!StripeSqlDriver.PRODUCT_NAME.equals(product)) {
      return elsewhere.get();
    }
    StatementHandle h = delegate.createStatement(ch);
    try {
      return delegate.prepareAndExecute(h, text(name, args), -1, -1, NoCallback.INSTANCE).resultSets.get(0);
    } catch (NoSuchStatementException | RuntimeException e) {
      delegate.closeStatement(h);
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }

  /** The statement text of a call: the prefix and {@code {"call": name, "args": [...]}}. */
  static String text(String name, Object... args) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("call", name);
    ArrayNode list = body.putArray("args");
    for (Object a : args) {
      if (a == null) {
        list.addNull();
      } else if (a instanceof Boolean b) {
        list.add(b);
      } else {
        list.add(a.toString());
      }
    }
    try {
      return PREFIX + " " + MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Metadata results need no callback: nothing of the statement's state changes on the client. */
  private enum NoCallback implements PrepareCallback {
    INSTANCE;

    private final Object monitor = new Object();

    @Override
    public Object getMonitor() {
      return monitor;
    }

    @Override
    public void clear() {
    }

    @Override
    public void assign(Signature signature, Frame firstFrame, long updateCount) {
    }

    @Override
    public void execute() {
    }
  }
}
