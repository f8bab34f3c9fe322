package org.stripesql.adapter.mirror;

import org.apache.calcite.schema.Table;

/**
 * What a mirror can give one schema's statement for one table now: the store's table when this schema's
 * credential may read the table and the store holds a complete copy of it, how old that copy is, and
 * the bound its refresh keeps it within; {@link MirrorRouting} decides with the connection's settings.
 *
 * @param store       the store's table (a Calcite JDBC table); null when the mirror cannot answer
 * @param permitted   whether Stripe has shown that this credential may read the table (else it is read live,
 *                    and fails as Stripe makes it fail)
 * @param state       the table's state
 * @param ageSeconds  seconds since the mirror last knew the table complete; NaN when it never was
 * @param boundSeconds the age the mirror keeps the table within while it works (its default MirrorMaxLagSeconds)
 * @param reason      why the store cannot answer, or why the table is stale; null otherwise
 */
public record MirrorFreshness(Table store, boolean permitted, MirrorState state, double ageSeconds, double boundSeconds,
    String reason) {
  /** The mirror cannot answer: {@code state} and why. */
  public static MirrorFreshness unavailable(MirrorState state, String reason) {
    return new MirrorFreshness(null, true, state, Double.NaN, Double.NaN, reason);
  }

  /** The credential has not been shown to read the table: read it live. */
  public static MirrorFreshness notPermitted(MirrorState state, String reason) {
    return new MirrorFreshness(null, false, state, Double.NaN, Double.NaN, reason);
  }
}
