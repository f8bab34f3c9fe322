package org.stripesql.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.servlet.ServletException;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.server.security.CurrentUser;

/**
 * Around Avatica's handler: an error answer keeps its message and SQLSTATE but loses the server's stack
 * traces, which Avatica puts in every {@code ErrorResponse}; the traces go to the server log with the
 * request id. An error without a SQLSTATE (one no part of the gateway expected) says only that the gateway
 * failed. Successful answers pass through unbuffered.
 */
final class ErrorScrubber extends HandlerWrapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorScrubber.class);
  private static final ProtobufTranslationImpl PROTOBUF = new ProtobufTranslationImpl();

  private final Driver.Serialization serialization;

  ErrorScrubber(Driver.Serialization serialization) {
    this.serialization = serialization;
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    Buffering wrapped = new Buffering(response);
    try {
      super.handle(target, baseRequest, request, wrapped);
    } finally {
      if (wrapped.writer != null) {
        wrapped.writer.flush();
      }
      if (wrapped.buffer != null) {
        byte[] scrubbed = scrub(wrapped.buffer.toByteArray(), baseRequest.getAttribute(CurrentUser.REQUEST_ID));
        response.getOutputStream().write(scrubbed);
      }
    }
  }

  /** The error answer without its traces, which are logged. */
  private byte[] scrub(byte[] body, Object requestId) throws IOException {
    Service.ErrorResponse e;
    try {
      Service.Response r = serialization == Driver.Serialization.JSON
          ? JsonService.MAPPER.readValue(body, Service.Response.class) : PROTOBUF.parseResponse(body);
      e = r instanceof Service.ErrorResponse err ? err : null;
    } catch (IOException | RuntimeException ex) {
      e = null;
    }
    if (e == null) {
      LOG.warn("Unreadable error answer (request {}) replaced by a generic one", requestId);
      e = new Service.ErrorResponse(List.of(), "Internal error (request " + requestId + ")", -1, "HY000",
          AvaticaSeverity.ERROR, null);
    } else {
      log(e, requestId);
    }
    Service.ErrorResponse clean = new Service.ErrorResponse(List.of(), clientMessage(e, requestId), e.errorCode,
        known(e) ? e.sqlState : AvaticaErrorBody.INTERNAL, e.severity, e.rpcMetadata);
    return serialization == Driver.Serialization.JSON
        ? JsonService.MAPPER.writeValueAsBytes(clean) : PROTOBUF.serializeResponse(clean);
  }

  /** Whether the error has a SQLSTATE of its own (Avatica gives "00000" to any exception it did not expect). */
  private static boolean known(Service.ErrorResponse e) {
    return e.sqlState != null && !e.sqlState.isEmpty() && !Service.ErrorResponse.UNKNOWN_SQL_STATE.equals(e.sqlState);
  }

  /**
   * The message the client sees: the error's own when it has a SQLSTATE; for an unknown connection,
   * Avatica's words (the thin driver opens the connection again on that answer, error code 1); else only
   * that the gateway failed, with the request id (Avatica's message would name the Java exceptions).
   */
  private static String clientMessage(Service.ErrorResponse e, Object requestId) {
    if (e.errorCode == Service.ErrorResponse.MISSING_CONNECTION_ERROR_CODE) {
      return "Connection not found: invalid id, closed, or expired";
    }
    return known(e) ? e.errorMessage : "Internal error (request " + requestId + ")";
  }

  /** Client mistakes (SQLSTATE classes 2x, 4x, 5x, a malformed request: bad SQL, refused, over a cap) at INFO; the rest at WARN. */
  private static void log(Service.ErrorResponse e, Object requestId) {
    String traces = e.exceptions == null ? "" : String.join("\n", e.exceptions);
    char c = e.sqlState == null || e.sqlState.isEmpty() ? '0' : e.sqlState.charAt(0);
    if (c == '2' || c == '4' || c == '5' || AvaticaErrorBody.PROTOCOL_VIOLATION.equals(e.sqlState)) {
      LOG.info("Error answered (request {}, SQLSTATE {}): {}\n{}", requestId, e.sqlState, e.errorMessage, traces);
    } else {
      LOG.warn("Error answered (request {}, SQLSTATE {}): {}\n{}", requestId, e.sqlState, e.errorMessage, traces);
    }
  }

  /** Passes a 200 answer through; buffers any other, for {@link #scrub}. */
  private static final class Buffering extends HttpServletResponseWrapper {
    private ByteArrayOutputStream buffer;
    private ServletOutputStream stream;
    private PrintWriter writer;

    Buffering(HttpServletResponse response) {
      super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (stream == null) {
        if (getStatus() == HttpServletResponse.SC_OK) {
          stream = super.getOutputStream();
        } else {
          buffer = new ByteArrayOutputStream();
          stream = new BufferStream(buffer);
        }
      }
      return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (writer == null) {
        writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), StandardCharsets.UTF_8), true);
      }
      return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
      if (writer != null) {
        writer.flush();
      }
      if (buffer == null) {
        super.flushBuffer();
      }
    }
  }

  /** A servlet stream into a byte buffer. */
  private static final class BufferStream extends ServletOutputStream {
    private final ByteArrayOutputStream out;

    BufferStream(ByteArrayOutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      out.write(b, off, len);
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      throw new UnsupportedOperationException("blocking writes only");
    }
  }
}
