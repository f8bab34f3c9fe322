package org.stripesql.adapter.mirror;

/**
 * The state of one mirrored table, as {@code mirror_status} shows it and metrics report it.
 *
 * @param mirror          a label of the mirror (a short hash of account and store: no account id, no key)
 * @param table           the table
 * @param state           loading, live, reloading, failed (or waiting, while another gateway loads)
 * @param reason          why it failed or reloads; null otherwise
 * @param rows            rows in the store
 * @param lagSeconds      seconds since the mirror last knew the table complete (its last poll or rescan)
 */
public record MirrorStatus(String mirror, String table, String state, String reason, long rows, double lagSeconds) {}
