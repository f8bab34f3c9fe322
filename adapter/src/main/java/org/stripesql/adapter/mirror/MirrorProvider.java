package org.stripesql.adapter.mirror;

/**
 * What the adapter asks of the mirror module, found with {@link java.util.ServiceLoader} when a schema has
 * the {@code Mirror} operand (docs/mirror.md): the mirror of the account a schema reads.
 */
public interface MirrorProvider {
  /**
   * The mirror of the schema's account and store: created and started (in the background) on the first
   * call, the same one for every later schema of the process that reads that account.
   *
   * @throws org.stripesql.adapter.config.StripeConfigException naming the problem, for an unknown or
   *     unmirrorable table or an unusable store
   */
  MirrorHandle open(MirrorRequest request);

  /** Stops every mirror of the process (their threads, stores and connections); hosts call it on shutdown. */
  void closeAll();
}
