package org.stripesql.mirror.read;

import org.apache.calcite.plan.volcano.RelSubset;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/**
 * The store column a field of a plan passes on unchanged, if any. Calcite's column-origin metadata does
 * not look into the planner's sets of equivalent operators; this does, through projections of plain
 * columns, filters, sorts, joins and grouping keys down to a store table's scan.
 */
final class ColumnOrigin {
  private static final int MAX_DEPTH = 32;

  private ColumnOrigin() {}

  /** Whether field {@code field} of {@code rel} is a JSON column of a store table. */
  static boolean isJson(RelNode rel, int field) {
    return isJson(rel, field, 0);
  }

  private static boolean isJson(RelNode rel, int field, int depth) {
    if (depth > MAX_DEPTH) {
      return false;
    }
    if (rel instanceof RelSubset subset) {
      for (RelNode r : subset.getRelList()) {
        if (isJson(r, field, depth + 1)) {
          return true;
        }
      }
      RelNode best = subset.getBestOrOriginal();
      return best != null && !(best instanceof RelSubset) && isJson(best, field, depth + 1);
    }
    if (rel instanceof TableScan scan) {
      StoreTable table = scan.getTable().unwrap(StoreTable.class);
      return table != null && table.isJson(scan.getRowType().getFieldNames().get(field));
    }
    if (rel instanceof Project p) {
      RexNode e = p.getProjects().get(field);
      return e instanceof RexInputRef ref && isJson(p.getInput(), ref.getIndex(), depth + 1);
    }
    if (rel instanceof Filter || rel instanceof Sort) {
      return isJson(rel.getInput(0), field, depth + 1);
    }
    if (rel instanceof Join j && j.getJoinType().projectsRight()) {
      int left = j.getLeft().getRowType().getFieldCount();
      return field < left ? isJson(j.getLeft(), field, depth + 1) : isJson(j.getRight(), field - left, depth + 1);
    }
    if (rel instanceof Aggregate a && field < a.getGroupCount()) {
      return isJson(a.getInput(), a.getGroupSet().nth(field), depth + 1);
    }
    return false;
  }
}
