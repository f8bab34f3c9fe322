package org.stripesql.mirror.store;

import org.stripesql.adapter.mirror.MirrorState;

/**
 * What the store remembers of one mirrored table.
 *
 * @param table            the table
 * @param fingerprint      its columns' digest when it was loaded (a newer catalog rebuilds it)
 * @param state            loading, live, reloading or failed (what the store records; stale is derived)
 * @param reason           why it failed or is reloading; null otherwise
 * @param rows             rows in the live table
 * @param loadSince        a load's starting event: events after it are applied to the load before it goes live
 * @param loadSinceCreated its {@code created}: the version of the rows the load reads
 * @param loadResume       a load's progress: the {@code created} (unix seconds) it continues at; null to start
 * @param loadedRows       rows a load has written so far
 * @param lastEvent        the newest event applied to the table
 * @param lastEventCreated its {@code created}
 * @param completeAt       wall time (ms) the table was last known complete (its last poll or load)
 * @param loadedAt         wall time (ms) its last load finished
 * @param verifiedAt       wall time (ms) of its last verification, 0 for never
 * @param drift            what the last verification found ("none", or the difference)
 */
public record TableRecord(String table, String fingerprint, MirrorState state, String reason, long rows,
    String loadSince, long loadSinceCreated, Long loadResume, long loadedRows, String lastEvent, long lastEventCreated, long completeAt,
    long loadedAt, long verifiedAt, String drift) {
  public TableRecord withState(MirrorState newState, String newReason) {
    return new TableRecord(table, fingerprint, newState, newReason, rows, loadSince, loadSinceCreated, loadResume, loadedRows,
        lastEvent, lastEventCreated, completeAt, loadedAt, verifiedAt, drift);
  }

  /** A load that starts (or starts over) after event {@code since}. */
  public TableRecord startLoad(String newFingerprint, MirrorState newState, String newReason, String since,
      long sinceCreated) {
    return new TableRecord(table, newFingerprint, newState, newReason, rows, since, sinceCreated, null, 0, lastEvent,
        lastEventCreated, completeAt, loadedAt, verifiedAt, drift);
  }

  public TableRecord withProgress(Long resume, long loaded) {
    return new TableRecord(table, fingerprint, state, reason, rows, loadSince, loadSinceCreated, resume, loaded,
        lastEvent,
        lastEventCreated, completeAt, loadedAt, verifiedAt, drift);
  }

  /** The load went live with {@code liveRows}. */
  public TableRecord loaded(long liveRows, long now) {
    return new TableRecord(table, fingerprint, MirrorState.LIVE, null, liveRows, null, 0, null, 0, lastEvent, lastEventCreated, now,
        now, verifiedAt, drift);
  }

  public TableRecord polled(long liveRows, String event, long eventCreated, long now) {
    return new TableRecord(table, fingerprint, state, reason, liveRows, loadSince, loadSinceCreated, loadResume,
        loadedRows,
        event == null ? lastEvent : event, event == null ? lastEventCreated : eventCreated, now, loadedAt,
        verifiedAt, drift);
  }

  public TableRecord verified(long now, String found) {
    return new TableRecord(table, fingerprint, state, reason, rows, loadSince, loadSinceCreated, loadResume, loadedRows, lastEvent,
        lastEventCreated, completeAt, loadedAt, now, found);
  }

  /** A table never loaded. */
  public static TableRecord fresh(String table, String fingerprint) {
    return new TableRecord(table, fingerprint, MirrorState.LOADING, null, 0, null, 0, null, 0, null, 0, 0, 0, 0, null);
  }
}
