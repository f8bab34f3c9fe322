package org.stripesql.server.meta;

import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.stripesql.adapter.StripeAdapter;

/**
 * Gives a failure the SQLSTATE the client should see. Calcite wraps a Stripe error in exceptions that
 * carry none, so the cause chain is searched for a SQLSTATE of the adapter's (a Stripe error: 28000,
 * 08001, 08006, HY000; a stopped statement) or a parse or validation error (42000, 42S02, 42S22), and it
 * is rethrown as an {@link AvaticaRuntimeException}, whose SQLSTATE and message the thin driver's
 * {@code SQLException} carries.
 */
final class SqlStateTranslator {
  private static final int MAX_DEPTH = 32;

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
    int depth = 0;
    for (Throwable t = e; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      String state = StripeAdapter.sqlState(t);
      if (state != null) {
        return new AvaticaRuntimeException(t.getMessage(), StripeAdapter.stripeHttpStatus(t), state,
            AvaticaSeverity.ERROR);
      }
    }
    depth = 0;
    for (Throwable t = e; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      if (t instanceof SqlParseException || t instanceof SqlValidatorException || t instanceof CalciteContextException) {
        return new AvaticaRuntimeException(sqlMessage(e, t), 0, sqlState(t), AvaticaSeverity.ERROR);
      }
    }
    return e;
  }

  /** Calcite's "Error while executing SQL ..." plus the parser's or validator's own words. */
  private static String sqlMessage(Throwable outer, Throwable t) {
    for (Throwable c = outer; c != null; c = c.getCause()) {
      if (c instanceof SQLException && c.getMessage() != null) {
        return c.getMessage();
      }
    }
    return t.getMessage();
  }

  /** 42000 for syntax errors; 42S02 for an unknown table, 42S22 for an unknown column; 42000 otherwise. */
  private static String sqlState(Throwable t) {
    if (t instanceof SqlParseException) {
      return "42000";
    }
    String m = String.valueOf(t.getMessage());
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        m = m + " " + c.getMessage();
      }
    }
    if (m.matches("(?s).*(Object|Table) '[^']*' not found.*")) {
      return "42S02";
    }
    if (m.matches("(?s).*Column '[^']*' not found.*")) {
      return "42S22";
    }
    return "42000";
  }
}
