package org.stripesql.server.meta;

/**
 * A statement that fails with a Java {@link Error} fails alone: Calcite's generated code wraps a failing
 * constant (1/0) in an {@code ExceptionInInitializerError}, and a statement may exhaust the heap or the
 * stack; each becomes the statement's error (with its SQLSTATE) instead of escaping Avatica's handler
 * to Jetty. Errors that say the JVM itself is broken (an {@code InternalError}) still propagate.
 */
final class ErrorsInStatements {
  private ErrorsInStatements() {
  }

  /** {@code t} as the exception the statement fails with; rethrows a JVM error other than heap or stack. */
  static RuntimeException wrap(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof VirtualMachineError && !(t instanceof OutOfMemoryError || t instanceof StackOverflowError)) {
      throw (VirtualMachineError) t;
    }
    return new RuntimeException(t.getClass().getSimpleName(), t);
  }
}
