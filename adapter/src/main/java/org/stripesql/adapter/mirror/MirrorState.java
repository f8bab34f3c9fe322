package org.stripesql.adapter.mirror;

import java.util.Locale;

/**
 * The state of one mirrored table (docs/mirror.md says what each means). {@link #LOADING}, {@link #LIVE},
 * {@link #RELOADING} and {@link #FAILED} are what the store records; the others follow from what happens
 * now: {@link #STALE} a live copy the mirror no longer keeps fresh (its last successful poll or rescan is
 * older than the table's bound, or the last poll failed), {@link #WAITING} a table another gateway has
 * not loaded yet, {@link #STARTING} before the store is open.
 */
public enum MirrorState {
  STARTING, LOADING, LIVE, STALE, RELOADING, FAILED, WAITING;

  /** The name {@code mirror_status}, the store and the metrics use: lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state with this label. */
  public static MirrorState of(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }

  /** Whether the store holds a complete copy of the table (fresh or not). */
  public boolean complete() {
    return this == LIVE || this == STALE;
  }
}
