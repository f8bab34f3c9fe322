package org.stripesql.emulator.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.stripesql.catalog.ApiTable;

/** A Stripe-style error answer: its HTTP status and Stripe's error object ({@link #toJson()}). */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String type;
  private final String code;
  private final String param;
  private final String what;

  public ApiException(int status, String type, String code, String param, String message) {
    this(status, type, code, param, message, null);
  }

  private ApiException(int status, String type, String code, String param, String message, String what) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.what = what;
  }

  public static ApiException invalid(String param, String message) {
    return new ApiException(400, "invalid_request_error", null, param, message);
  }

  public static ApiException unknownParam(String param) {
    return new ApiException(400, "invalid_request_error", "parameter_unknown", param,
        "Received unknown parameter: " + param);
  }

  /** A value that is not an integer ({@code limit=abc}). */
  public static ApiException invalidInteger(String param, String value) {
    return new ApiException(400, "invalid_request_error", "parameter_invalid_integer", param,
        "Invalid integer: " + value);
  }

  /** An empty value, which Stripe reads as an attempt to unset the parameter. */
  public static ApiException emptyValue(String param) {
    return new ApiException(400, "invalid_request_error", "parameter_invalid_empty", param,
        "You passed an empty string for '" + param + "'. We assume empty values are an attempt to unset a"
            + " parameter; however '" + param + "' cannot be unset. You should remove '" + param
            + "' from your request or supply a non-empty value.");
  }

  public static ApiException missingParam(String param) {
    return new ApiException(400, "invalid_request_error", "parameter_missing", param,
        "Missing required param: " + param + ".");
  }

  public static ApiException noSuch(String what, String id, String param) {
    return new ApiException(404, "invalid_request_error", "resource_missing", param,
        "No such " + what + ": '" + id + "'", what);
  }

  /** An object a query parameter names does not exist: 400, where the object a path names gets 404. */
  public static ApiException noSuchParam(String what, String id, String param) {
    return new ApiException(400, "invalid_request_error", "resource_missing", param,
        "No such " + what + ": '" + id + "'", what);
  }

  /** No row of this table has the id; a table of several object types names the one Stripe names. */
  public static ApiException noSuchRow(ApiTable t, String id, String param) {
    String what = t.object();
    if (what.contains("|")) {
      what = t.name().contains("source") ? "source" : "external_account";
    }
    return noSuch(what, id, param);
  }

  public int status() {
    return status;
  }

  /** For a resource_missing error, the kind of object that does not exist ({@code customer}); else null. */
  String what() {
    return what;
  }

  /** Stripe's error object: {@code {"error": {"code", "doc_url", "message", "param", "type"}}}. */
  public ObjectNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode err = root.putObject("error");
    if (code != null) {
      err.put("code", code);
    }
    if (code != null && status < 500) {
      err.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
    }
    err.put("message", getMessage());
    if (param != null) {
      err.put("param", param);
    }
    err.put("type", type);
    return root;
  }
}
