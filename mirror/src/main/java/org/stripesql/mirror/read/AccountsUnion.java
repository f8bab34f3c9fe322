package org.stripesql.mirror.read;

import com.google.common.collect.ImmutableList;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.RelOptTableImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.stripesql.adapter.mirror.MirrorRoute;

/**
 * A Connect platform's table in the store: the copies its connected accounts have of it (one schema of the
 * store each), read as one {@code UNION ALL} with the account's id in front of each row, as the table's
 * {@code account} column. Every copy is a table of the same store convention, so {@link StoreRules} sends
 * the union, and the filters, joins and aggregates above it, to the store as one statement. Its version
 * names the accounts it reads: a plan made with other accounts is planned again.
 */
public final class AccountsUnion extends AbstractTable implements TranslatableTable, MirrorRoute.Versioned {
  /** One account's copy: its id and its store table. */
  public record Copy(String account, StoreTable table) {}

  private final List<Copy> copies;
  private final List<String> storeColumns;
  private final String version;

  /**
   * @param copies       the accounts' copies, in the order the platform lists the accounts
   * @param storeColumns the names of the columns in each copy (the platform catalog's: an object's own
   *                     {@code account} field is called so there, {@code object_account} in the platform's table)
   */
  public AccountsUnion(List<Copy> copies, List<String> storeColumns) {
    this.copies = List.copyOf(copies);
    this.storeColumns = List.copyOf(storeColumns);
    this.version = version(copies);
  }

  private static String version(List<Copy> copies) {
    StringBuilder b = new StringBuilder();
    copies.forEach(c -> b.append(c.account()).append(','));
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
      return copies.size() + " accounts " + HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String version() {
    return version;
  }

  /** The row type is the platform table's, which the caller's RelOptTable carries. */
  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    throw new UnsupportedOperationException("read through the platform's table, whose row type has the account");
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    RelOptCluster cluster = context.getCluster();
    RelDataType platform = relOptTable.getRowType();
    List<RelDataTypeField> fields = platform.getFieldList();
    if (fields.size() != storeColumns.size() + 1) {
      throw new IllegalStateException("table " + relOptTable.getQualifiedName() + " has " + fields.size()
          + " columns, its accounts' copies " + storeColumns.size() + " and the account");
    }
    if (copies.isEmpty()) {
      return LogicalValues.createEmpty(cluster, platform);
    }
    // each copy is scanned with the platform's types under the store's names (what the SQL sent names)
    RelDataTypeFactory.Builder b = cluster.getTypeFactory().builder();
    for (int i = 1; i < fields.size(); i++) {
      b.add(storeColumns.get(i - 1), fields.get(i).getType());
    }
    RelDataType copyType = b.build();
    RexBuilder rex = cluster.getRexBuilder();
    RelDataType accountType = fields.get(0).getType();
    List<RelNode> branches = new ArrayList<>();
    for (Copy c : copies) {
      // a name of its own for each copy's scan: scans of one name are one scan to the planner
      List<String> name = new ArrayList<>(relOptTable.getQualifiedName());
      name.add(c.account());
      RelOptTable t = RelOptTableImpl.create(relOptTable.getRelOptSchema(), copyType, c.table(),
          ImmutableList.copyOf(name));
      RelNode scan = c.table().toRel(context, t);
      List<RexNode> exprs = new ArrayList<>();
      exprs.add(rex.makeAbstractCast(accountType, rex.makeLiteral(c.account()), false));
      for (int i = 0; i < copyType.getFieldCount(); i++) {
        exprs.add(rex.makeInputRef(scan, i));
      }
      branches.add(LogicalProject.create(scan, List.of(), exprs, platform.getFieldNames(), Set.of()));
    }
    return branches.size() == 1 ? branches.get(0) : LogicalUnion.create(branches, true);
  }
}
