package org.stripesql.server.meta;

import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.stripesql.server.sql.SqlErrors;

/**
 * Gives a failure the SQLSTATE the client should see ({@link SqlErrors} finds it in the cause chain) by
 * rethrowing it as an {@link AvaticaRuntimeException}, whose SQLSTATE and message the thin driver's
 * {@code SQLException} carries.
 */
final class SqlStateTranslator {
  private SqlStateTranslator() {
  }

  /**
   * The exception to send for {@code e}: an {@link AvaticaRuntimeException} with the SQLSTATE and message
   * of the first cause that has one, or {@code e} itself.
   */
  static RuntimeException translate(RuntimeException e) {
    if (e instanceof AvaticaRuntimeException) {
      return e;
    }
    return SqlErrors.classify(e).<RuntimeException>map(s -> new AvaticaRuntimeException(s.message(),
        s.stripeHttpStatus(), s.sqlState(), AvaticaSeverity.ERROR)).orElse(e);
  }
}
