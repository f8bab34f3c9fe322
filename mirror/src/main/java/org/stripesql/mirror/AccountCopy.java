package org.stripesql.mirror;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.schema.Table;
import org.stripesql.catalog.ApiTable;
import org.stripesql.mirror.read.StoreTable;

/** One connected account's mirror in the platform's store. */
final class AccountCopy {
  private final String account;
  private final String schema;
  private final MirrorCredential credential;
  private final AccountMirror mirror;
  private final Map<String, StoreTable> tables = new ConcurrentHashMap<>();
  private volatile JdbcSchema jdbc;

  AccountCopy(String account, String schema, MirrorCredential credential, AccountMirror mirror) {
    this.account = account;
    this.schema = schema;
    this.credential = credential;
    this.mirror = mirror;
  }

  String account() {
    return account;
  }

  String schema() {
    return schema;
  }

  MirrorCredential credential() {
    return credential;
  }

  AccountMirror mirror() {
    return mirror;
  }

  /** The account's copy of a table as the store's convention reads it; null when the store has none yet. */
  StoreTable table(ApiTable definition, PlatformMirror platform) {
    StoreTable t = tables.get(definition.name());
    if (t != null) {
      return t;
    }
    if (jdbc == null) {
      jdbc = platform.schemaFor(schema);
    }
    Table found = StoreSchemas.table(jdbc, definition).orElse(null);
    if (found == null) {
      jdbc = platform.schemaFor(schema);   // the schema may have read the store before the table was made
      found = StoreSchemas.table(jdbc, definition).orElse(null);
    }
    if (found instanceof StoreTable st) {
      tables.put(definition.name(), st);
      return st;
    }
    return null;
  }

  void forgetTables() {
    tables.clear();
    jdbc = null;
  }
}
