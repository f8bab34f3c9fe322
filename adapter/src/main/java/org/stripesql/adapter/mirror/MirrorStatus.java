package org.stripesql.adapter.mirror;

/**
 * The state of one mirrored table, as {@code mirror_status} shows it and metrics report it.
 *
 * @param mirror          a label of the mirror (a short hash of account and store: no account id, no key)
 * @param table           the table
 * @param state           its state
 * @param reason          why it failed, reloads or is stale; null otherwise
 * @param rows            rows in the store
 * @param lagSeconds      seconds since the mirror last knew the table complete (its last poll or rescan); -1 before
 */
public record MirrorStatus(String mirror, String table, MirrorState state, String reason, long rows,
    double lagSeconds) {}
