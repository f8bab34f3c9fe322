package org.stripesql.server.http;

import java.io.IOException;
import java.util.List;
import javax.servlet.http.HttpServletResponse;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

/**
 * An error answer in Avatica's own form, an {@code ErrorResponse} with a message and a SQLSTATE in the
 * gateway's wire format, for the refusals the gateway makes before Avatica sees a request (a 4xx) and
 * for Jetty's own error pages. Never a stack trace or a Java class name.
 */
final class AvaticaErrorBody {
  /** SQLSTATE of a request the gateway cannot read as an Avatica RPC: PostgreSQL's protocol_violation. */
  static final String PROTOCOL_VIOLATION = "08P01";
  /** SQLSTATE of a refused login. */
  static final String INVALID_AUTHORIZATION = "28000";
  /** SQLSTATE of a request over a size cap: program_limit_exceeded. */
  static final String PROGRAM_LIMIT = "54000";
  /** SQLSTATE of a refusal the client may not retry as it is: insufficient_privilege. */
  static final String NOT_ALLOWED = "42501";
  /** SQLSTATE of the gateway's own failure. */
  static final String INTERNAL = "HY000";
  private static final ProtobufTranslationImpl PROTOBUF = new ProtobufTranslationImpl();

  private AvaticaErrorBody() {
  }

  /** The serialized ErrorResponse. */
  static byte[] bytes(Driver.Serialization serialization, String sqlState, String message) throws IOException {
    Service.ErrorResponse e = new Service.ErrorResponse(List.of(), message, 0, sqlState, AvaticaSeverity.ERROR, null);
    return serialization == Driver.Serialization.JSON
        ? JsonService.MAPPER.writeValueAsBytes(e) : PROTOBUF.serializeResponse(e);
  }

  /** The content type Avatica gives answers in this format. */
  static String contentType(Driver.Serialization serialization) {
    return serialization == Driver.Serialization.JSON
        ? "application/json;charset=utf-8" : "application/octet-stream;charset=utf-8";
  }

  /** Answers {@code status} with an ErrorResponse; the caller marks the request handled. */
  static void send(HttpServletResponse response, Driver.Serialization serialization, int status, String sqlState,
      String message) throws IOException {
    byte[] body = bytes(serialization, sqlState, message);
    response.setStatus(status);
    response.setContentType(contentType(serialization));
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The SQLSTATE an HTTP error status stands for. */
  static String sqlStateOf(int status) {
    if (status == 401) {
      return INVALID_AUTHORIZATION;
    }
    if (status == 403) {
      return NOT_ALLOWED;
    }
    if (status == 413 || status == 414 || status == 431) {
      return PROGRAM_LIMIT;
    }
    if (status == 429) {
      return "53300";
    }
    return status >= 400 && status < 500 ? PROTOCOL_VIOLATION : INTERNAL;
  }
}
