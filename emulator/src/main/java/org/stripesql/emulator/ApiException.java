package org.stripesql.emulator;

/** A Stripe-style error answer. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String type;
  final String code;
  final String param;

  ApiException(int status, String type, String code, String param, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  static ApiException invalid(String param, String message) {
    return new ApiException(400, "invalid_request_error", null, param, message);
  }

  static ApiException unknownParam(String param) {
    return new ApiException(400, "invalid_request_error", "parameter_unknown", param,
        "Received unknown parameter: " + param);
  }

  static ApiException missingParam(String param) {
    return new ApiException(400, "invalid_request_error", "parameter_missing", param,
        "Missing required param: " + param + ".");
  }

  static ApiException noSuch(String what, String id, String param) {
    return new ApiException(404, "invalid_request_error", "resource_missing", param,
        "No such " + what + ": '" + id + "'");
  }
}
