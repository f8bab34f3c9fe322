package org.stripesql.mirror.jobs;

import org.stripesql.catalog.EventTypes;
import org.stripesql.mirror.store.MetaTables;
import org.stripesql.mirror.store.Store;
import org.stripesql.mirror.sync.Poller;
import org.stripesql.mirror.sync.StripeReads;
import org.stripesql.mirror.sync.TableLoader;
import org.stripesql.mirror.sync.Verifier;

/**
 * What a mirror's jobs work with: the store and its bookkeeping, and the Stripe reads of the key that loads
 * (the feed's poller, the loader, the verifier). Made again when the store is made again, or another key loads.
 */
public record MirrorParts(Store store, MetaTables meta, StripeReads reads, Poller poller, TableLoader loader,
    Verifier verifier) {
  public static MirrorParts of(Store store, MetaTables meta, StripeReads reads, EventTypes events) {
    return new MirrorParts(store, meta, reads, new Poller(store, meta, reads, events), new TableLoader(store, meta, reads),
        new Verifier(store, reads));
  }

  /** The same store, read from Stripe with {@code other} (another key loads). */
  public MirrorParts withReads(StripeReads other, EventTypes events) {
    return other == reads ? this : of(store, meta, other, events);
  }
}
