package org.stripesql.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * The tables of a Connect platform that reads its connected accounts in one schema: every table gains a
 * first column {@code account} (the connected account a row belongs to), first in its primary key. A
 * column the object itself calls {@code account} (a person's account, an event's, an application fee's)
 * keeps its value under the name {@code object_account}. The scans read the platform catalog's tables
 * (without the column) and put the account in front of each row.
 */
public final class ConnectedCatalog {
  /** The column naming a row's connected account. */
  public static final String ACCOUNT = "account";
  /** What an object's own {@code account} field is called in a connected table. */
  public static final String OBJECT_ACCOUNT = "object_account";

  private ConnectedCatalog() {}

  /** The catalog with the {@code account} column in every table. */
  public static Catalog of(Catalog base) {
    return base.withTables(base.tables().stream().map(ConnectedCatalog::table).toList());
  }

  /** Whether {@code table} is a connected table (its first column is the synthetic {@code account}). */
  public static boolean isConnected(ApiTable table) {
    List<ApiColumn> columns = table.columns();
    return !columns.isEmpty() && ACCOUNT.equals(columns.get(0).name()) && columns.get(0).path().isEmpty();
  }

  /** The table with the {@code account} column first, in the primary key and renaming the object's own. */
  public static ApiTable table(ApiTable t) {
    if (isConnected(t)) {
      return t;
    }
    List<ApiColumn> columns = new ArrayList<>();
    columns.add(new ApiColumn(ACCOUNT, ColumnType.VARCHAR, false, List.of(), "account",
        "The connected account the row belongs to (its Stripe-Account).", null));
    t.columns().forEach(c -> columns.add(c.name().equals(ACCOUNT) ? rename(c) : c));
    List<ApiFilter> filters = t.filters().stream().map(f -> ACCOUNT.equals(f.column())
        ? new ApiFilter(f.param(), f.kind(), OBJECT_ACCOUNT, f.valueType(), f.values(), f.required()) : f).toList();
    Search search = t.search() == null ? null : new Search(t.search().path(), t.search().fields().stream()
        .map(f -> ACCOUNT.equals(f.column()) ? new Search.SearchField(f.field(), OBJECT_ACCOUNT, f.kind()) : f)
        .toList(), t.search().eventTypes());
    Parent parent = t.parent() == null || !ACCOUNT.equals(t.parent().column()) ? t.parent()
        : new Parent(t.parent().table(), t.parent().pathParam(), t.parent().queryParam(), OBJECT_ACCOUNT);
    List<String> key = new ArrayList<>();
    if (!t.primaryKey().isEmpty()) {
      key.add(ACCOUNT);
      t.primaryKey().forEach(c -> key.add(renamed(c)));
    }
    List<ForeignKey> foreignKeys = t.foreignKeys().stream().map(k -> new ForeignKey(renamed(k.column()), k.table()))
        .toList();
    List<PolymorphicReference> polymorphic = t.polymorphicReferences().stream()
        .map(p -> new PolymorphicReference(renamed(p.column()), p.objects())).toList();
    List<ListOmit> omits = t.listOmitsOrEmpty().stream().map(o -> new ListOmit(renamed(o.column()), o.values()))
        .toList();
    return new ApiTable(t.name(), t.kind(), t.object(), t.path(), t.retrievePath(), parent, columns, filters,
        t.scanParams(), search, t.explode(), key, foreignKeys, polymorphic, t.remarks(), t.listParams(),
        t.topRetrievePath(), t.scanPer(), omits);
  }

  private static ApiColumn rename(ApiColumn c) {
    return new ApiColumn(OBJECT_ACCOUNT, c.type(), c.nullable(), c.path(), c.ref(), c.remarks(), c.values(),
        c.gather());
  }

  private static String renamed(String column) {
    return ACCOUNT.equals(column) ? OBJECT_ACCOUNT : column;
  }
}
