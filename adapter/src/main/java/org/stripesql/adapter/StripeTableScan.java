package org.stripesql.adapter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;
import org.stripesql.adapter.query.ListQuery;
import org.stripesql.adapter.query.NoRowsQuery;
import org.stripesql.adapter.query.StripeQuery;
import org.stripesql.adapter.scan.TableReader;
import org.stripesql.catalog.ApiTable;
import org.stripesql.catalog.ConnectedCatalog;
import org.stripesql.catalog.TableKind;

/**
 * Scan of a Stripe table: carries the {@link StripeQuery} it will run, prints it in EXPLAIN, and
 * generates the call that runs it. Pushdown rules replace it with a scan of a narrower query.
 */
public final class StripeTableScan extends TableScan implements EnumerableRel {
  /**
   * What the table's schema lets the planner push into its scans.
   *
   * @param enabled      the Pushdown operand
   * @param maxFanOut    most list calls one IN list may become
   * @param useSearchApi whether predicates list endpoints cannot take may go to the Search API
   * @param searchLagWindowSeconds seconds of new and changed objects a search also reads (SearchLagWindow)
   */
  public record Pushdown(boolean enabled, int maxFanOut, boolean useSearchApi, long searchLagWindowSeconds) {}

  private final ApiTable definition;
  private final Pushdown pushdown;
  private final TableReader reader;
  private final StripeQuery query;
  /**
   * For a child table inside a batched nested-loop join: the outer rows' parent ids, as correlation
   * variables ({@code $cor0.id}, ...), evaluated for each batch. Empty otherwise.
   */
  private final List<RexNode> outerParents;
  /** The columns the plan reads (set by {@link ScanColumns} after planning); null: all of them. */
  private final ImmutableBitSet columns;
  /** For a mirrored table read live: why (set by {@link MirrorRoutes} after planning, for EXPLAIN); else null. */
  private final String mirrorNote;
  /**
   * For a table of connected accounts: the accounts a pushed {@code account = / IN} admits (ids, or
   * placeholders of the statement's parameters); null: every account of the schema.
   */
  private final List<String> accounts;

  private StripeTableScan(RelOptCluster cluster, RelTraitSet traitSet, RelOptTable table, ApiTable definition,
      Pushdown pushdown, TableReader reader, StripeQuery query, List<RexNode> outerParents, ImmutableBitSet columns,
      String mirrorNote, List<String> accounts) {
    super(cluster, traitSet, List.of(), table);
    this.accounts = accounts == null ? null : List.copyOf(accounts);
    this.definition = definition;
    this.pushdown = pushdown;
    this.reader = reader;
    this.query = query;
    this.outerParents = List.copyOf(outerParents);
    this.columns = columns;
    this.mirrorNote = mirrorNote;
  }

  /** A scan in the enumerable convention, advertising the order Stripe returns its rows in. */
  static StripeTableScan create(RelOptCluster cluster, RelOptTable table, ApiTable definition, Pushdown pushdown,
      TableReader reader, StripeQuery query) {
    return create(cluster, table, definition, pushdown, reader, query, List.of(), null);
  }

  private static StripeTableScan create(RelOptCluster cluster, RelOptTable table, ApiTable definition,
      Pushdown pushdown, TableReader reader, StripeQuery query, List<RexNode> outerParents, List<String> accounts) {
    RelCollation order = naturalCollation(definition, query);
    RelTraitSet traits = cluster.traitSetOf(EnumerableConvention.INSTANCE)
        .replaceIf(RelCollationTraitDef.INSTANCE, () -> order);
    return new StripeTableScan(cluster, traits, table, definition, pushdown, reader, query, outerParents, null, null,
        accounts);
  }

  /**
   * A single top-level list returns rows newest first ({@code created DESC}); child walks, fan-outs,
   * retrieves, searches and reads of several connected accounts promise no order.
   */
  private static RelCollation naturalCollation(ApiTable definition, StripeQuery query) {
    if (ConnectedCatalog.isConnected(definition)) {
      return RelCollations.EMPTY;
    }
    int created = definition.columnIndex("created");
    boolean single = query instanceof NoRowsQuery || query instanceof ListQuery list && list.fanOut() == null;
    boolean ordered = created >= 0 && definition.kind() == TableKind.LIST && single
        && definition.filters().stream().noneMatch(f -> f.isRequired());
    return ordered ? RelCollations.of(new RelFieldCollation(created, RelFieldCollation.Direction.DESCENDING))
        : RelCollations.EMPTY;
  }

  /** The order this scan's rows arrive in. */
  public RelCollation naturalCollation() {
    return naturalCollation(definition, query);
  }

  /** The table's catalog definition. */
  public ApiTable definition() {
    return definition;
  }

  public StripeQuery query() {
    return query;
  }

  /** What the planner may push into this scan. */
  public Pushdown pushdown() {
    return pushdown;
  }

  public List<RexNode> outerParents() {
    return outerParents;
  }

  /** The same scan with another query. */
  public StripeTableScan withQuery(StripeQuery newQuery) {
    return create(getCluster(), getTable(), definition, pushdown, reader, newQuery, outerParents, accounts);
  }

  /** Whether this scan reads a table of connected accounts (its first column is {@code account}). */
  public boolean connected() {
    return ConnectedCatalog.isConnected(definition);
  }

  /** The accounts a pushed {@code account = / IN} admits; null: all. */
  public List<String> accounts() {
    return accounts;
  }

  /** The same scan reading only {@code newAccounts} (null: all) of a connected table. */
  public StripeTableScan withAccounts(List<String> newAccounts) {
    return create(getCluster(), getTable(), definition, pushdown, reader, query, outerParents, newAccounts);
  }

  /** The same scan with another query whose parent ids come from outer rows. */
  public StripeTableScan withQuery(StripeQuery newQuery, List<RexNode> newOuterParents) {
    return create(getCluster(), getTable(), definition, pushdown, reader, newQuery, newOuterParents, accounts);
  }

  /**
   * The same scan converting only {@code used} of its columns from Stripe's objects (the others are null):
   * for the finished plan, where nothing above reads them.
   */
  StripeTableScan withColumns(ImmutableBitSet used) {
    ImmutableBitSet c = used.cardinality() >= getRowType().getFieldCount() ? null : used;
    return Objects.equals(c, columns) ? this
        : new StripeTableScan(getCluster(), getTraitSet(), getTable(), definition, pushdown, reader, query, outerParents, c,
            mirrorNote, accounts);
  }

  /** The same scan, saying in EXPLAIN why a mirrored table is read live: for the finished plan. */
  StripeTableScan withMirrorNote(String note) {
    return Objects.equals(note, mirrorNote) ? this
        : new StripeTableScan(getCluster(), getTraitSet(), getTable(), definition, pushdown, reader, query, outerParents,
            columns, note, accounts);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StripeTableScan(getCluster(), traitSet, getTable(), definition, pushdown, reader, query, outerParents,
        columns, mirrorNote, accounts);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("stripe", query.describe())
        .itemIf("accounts", accounts, accounts != null)
        .itemIf("outerParents", outerParents, !outerParents.isEmpty())
        .itemIf("columns", columnNames(), columns != null)
        .itemIf("mirror", mirrorNote, mirrorNote != null);
  }

  private List<String> columnNames() {
    List<String> names = new ArrayList<>();
    List<String> all = getRowType().getFieldNames();
    if (columns != null) {
      columns.forEach(i -> names.add(all.get(i)));
    }
    return names;
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return StripeCost.rows(definition, query, outerParents.size()) * accountFactor();
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    RelOptCost one = StripeCost.of(planner, definition, query, outerParents.size());
    return connected() ? one.multiplyBy(accountFactor()) : one;
  }

  /** How many accounts the scan reads, for its cost: the pushed ones, else a platform's assumed number. */
  private double accountFactor() {
    return !connected() ? 1 : accounts == null ? StripeCost.ASSUMED_CONNECTED_ACCOUNTS : Math.max(1, accounts.size());
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    // ARRAY without optimisation: rows are Object[] even for a one-column table
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY, false);
    // reader and query are stashed, not written into the code: scans that differ only in literals share code
    Expression readerExpr = implementor.stash(reader, TableReader.class);
    Expression queryExpr = implementor.stash(query, StripeQuery.class);
    Expression columnsExpr = columns == null ? Expressions.constant(null, int[].class)
        : implementor.stash(columns.toArray(), int[].class);
    if (connected()) {
      Expression accountsExpr = accounts == null ? Expressions.constant(null, String[].class)
          : implementor.stash(accounts.toArray(new String[0]), String[].class);
      return implementor.result(physType, Blocks.toBlock(Expressions.call(readerExpr, "readAccounts",
          implementor.getRootExpression(), queryExpr, columnsExpr, accountsExpr)));
    }
    if (outerParents.isEmpty()) {
      Expression call = Expressions.call(readerExpr, "read", implementor.getRootExpression(), queryExpr, columnsExpr);
      return implementor.result(physType, Blocks.toBlock(call));
    }
    // the outer rows' ids, read from the correlation variables the batched join binds for each batch
    BlockBuilder block = new BlockBuilder();
    List<Expression> ids = new ArrayList<>();
    for (RexNode e : outerParents) {
      RexFieldAccess access = (RexFieldAccess) e;
      String variable = ((RexCorrelVariable) access.getReferenceExpr()).getName();
      ids.add(Expressions.convert_(implementor.getCorrelVariableGetter(variable)
          .field(block, access.getField().getIndex(), Object.class), Object.class));
    }
    block.add(Expressions.return_(null, Expressions.call(readerExpr, "read", implementor.getRootExpression(),
        queryExpr, columnsExpr, Expressions.newArrayInit(Object.class, ids))));
    return implementor.result(physType, block.toBlock());
  }
}
