package org.stripesql.adapter.scan;

import java.util.List;

/**
 * One sequentially paged part of a scan (a time slice of a list, one value's or one parent's list, one
 * retrieve), read by {@link OrderedMerger} one page at a time: never by two threads at once.
 */
interface Segment<T> {
  /** Makes one request and returns its rows (possibly none); only called while {@link #done()} is false. */
  List<T> fetch();

  /** Whether nothing is left to fetch. */
  boolean done();

  /** Whether a page was fetched. */
  boolean started();

  /**
   * Gives the older part of what is left to a new segment, to be read after this one, keeping the newer
   * part; null when this segment cannot be split (or is small enough). {@code stealing}: only to give an
   * idle reader work, so only when what is left looks worth two readers. Never called during a fetch.
   */
  default Segment<T> split(boolean stealing) {
    return null;
  }
}
