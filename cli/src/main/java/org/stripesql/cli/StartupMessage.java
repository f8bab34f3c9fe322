package org.stripesql.cli;

/** The first line of an exception's message, or its class name. */
final class StartupMessage {
  private StartupMessage() {}

  static String of(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl >= 0 ? m.substring(0, nl) : m;
  }
}
