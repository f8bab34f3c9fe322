package org.stripesql.adapter.mirror;

import java.util.Locale;

/**
 * Decides where a statement reads a mirrored table: the store while its copy is at most the connection's
 * MirrorMaxLagSeconds old (by default the bound the mirror's refresh keeps it within) and the credential
 * has been shown to read it; otherwise Stripe, or, with MirrorWhenStale=error, a {@link MirrorStaleException}
 * (never for a table the credential was not shown to read: that one goes to Stripe, which decides).
 */
public final class MirrorRouting {
  private MirrorRouting() {}

  /** The route of {@code table} for a statement of a connection with {@code session}. */
  public static MirrorRoute route(String table, MirrorFreshness f, MirrorSession session) {
    Double asked = session.maxLagSeconds();
    double max = asked != null ? asked : f.boundSeconds();
    if (f.store() != null && f.ageSeconds() <= max) {
      return new MirrorRoute(f.store(), "mirror, " + seconds(f.ageSeconds()) + " old (at most " + seconds(max) + ")");
    }
    String why;
    if (!f.permitted()) {
      return new MirrorRoute(null, "live: " + f.reason());
    } else if (f.store() == null) {
      why = f.state().label() + (f.reason() == null ? "" : ": " + f.reason());
    } else {
      why = "its copy is " + seconds(f.ageSeconds()) + " old, more than the " + seconds(max) + " "
          + (asked != null ? "this connection accepts (" + MirrorSession.MAX_LAG + ")" : "the mirror keeps it within")
          + (f.reason() == null ? "" : "; " + f.reason());
    }
    if (session.whenStale() == MirrorSession.WhenStale.ERROR) {
      throw new MirrorStaleException("the mirror cannot answer for table " + table + ": " + why + "; "
          + MirrorSession.WHEN_STALE + "=error forbids reading Stripe instead (set it to live, or allow an older copy"
          + " with " + MirrorSession.MAX_LAG + ")", false);
    }
    return new MirrorRoute(null, "live: " + why);
  }

  /** Seconds as EXPLAIN and messages print them: {@code 0.4 s}, {@code 412 s}. */
  public static String seconds(double s) {
    if (Double.isNaN(s)) {
      return "unknown";
    }
    return s < 10 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.0f s", s);
  }
}
