package org.stripesql.adapter.config;

/** A Stripe schema's operands are wrong; the message names the operand, the cause and the fix. */
public class StripeConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StripeConfigException(String message) {
    super(message);
  }

  public StripeConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
