package org.stripesql.cli;

import java.io.PrintWriter;

/** Prints a command's failure: one readable line, plus the stack trace with --verbose. */
final class Failures {
  private Failures() {}

  static int report(PrintWriter err, String message, Throwable t, boolean verbose, int code) {
    err.println("stripesql: " + message);
    if (verbose && t != null) {
      t.printStackTrace(err);
    } else if (t != null && t.getCause() != null) {
      err.println("(run with --verbose for the stack trace)");
    }
    err.flush();
    return code;
  }
}
