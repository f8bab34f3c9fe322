package org.stripesql.adapter.mirror;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Who hears of mirror status changes in this process (the gateway's metrics, through StripeAdapter). */
public final class MirrorStatusListeners {
  private static final CopyOnWriteArrayList<Consumer<MirrorStatus>> LISTENERS = new CopyOnWriteArrayList<>();

  private MirrorStatusListeners() {}

  public static void register(Consumer<MirrorStatus> listener) {
    LISTENERS.add(listener);
  }

  public static void unregister(Consumer<MirrorStatus> listener) {
    LISTENERS.remove(listener);
  }

  /** Tells every listener; a failing listener does not stop the others or the mirror. */
  public static void publish(MirrorStatus status) {
    for (Consumer<MirrorStatus> l : LISTENERS) {
      try {
        l.accept(status);
      } catch (RuntimeException e) {
        // a metrics failure must not stop the mirror
      }
    }
  }
}
