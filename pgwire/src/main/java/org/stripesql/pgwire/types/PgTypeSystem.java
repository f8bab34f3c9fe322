package org.stripesql.pgwire.types;

import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;

/**
 * Calcite's type system with PostgreSQL's reading of string literals: they are text, not CHAR(n), so
 * literals of different lengths in one array, CASE, VALUES or UNION are varchar, never blank-padded
 * ({@code 'a' = ANY(ARRAY['a','bb'])} is true, {@code CASE ... THEN 'a' ELSE 'bb' END} is {@code a}).
 */
public final class PgTypeSystem extends RelDataTypeSystemImpl {
  /** The instance a Calcite connection names: {@code typeSystem=org.stripesql.pgwire.types.PgTypeSystem#INSTANCE}. */
  public static final RelDataTypeSystem INSTANCE = new PgTypeSystem();

  private PgTypeSystem() {
  }

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
