package org.stripesql.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.servlet.RequestDispatcher;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.calcite.avatica.remote.Driver;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripesql.server.security.CurrentUser;

/**
 * Jetty's error answers (a failure no handler answered, a 401 challenge, a request Jetty's parser
 * refused) in Avatica's form: an ErrorResponse with the status's reason and a SQLSTATE, never Jetty's
 * HTML page naming the Java exception. The browser pages ({@code /oauth/...}) get the reason as text.
 */
final class GatewayErrorPages extends ErrorHandler {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayErrorPages.class);

  private final Driver.Serialization serialization;

  GatewayErrorPages(Driver.Serialization serialization) {
    this.serialization = serialization;
    setShowStacks(false);
    setShowServlet(false);
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    int status = response.getStatus();
    Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    Object id = request.getAttribute(CurrentUser.REQUEST_ID);
    String message = reason(status) + (id == null ? "" : " (request " + id + ")");
    if (failure instanceof Throwable t) {
      LOG.warn("Failure answered with {} (request {})", status, id, t);
    }
    if (!errorPageForMethod(request.getMethod()) || "HEAD".equals(request.getMethod())) {
      return;
    }
    if (target != null && target.startsWith("/oauth/")) {
      byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
      response.setContentType("text/plain; charset=utf-8");
      response.setContentLength(body.length);
      response.getOutputStream().write(body);
      return;
    }
    AvaticaErrorBody.send(response, serialization, status, AvaticaErrorBody.sqlStateOf(status), message);
  }

  /** What Jetty's parser refuses (a malformed request line, too many headers): in Avatica's form too. */
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields fields) {
    try {
      fields.put(HttpHeader.CONTENT_TYPE, AvaticaErrorBody.contentType(serialization));
      return ByteBuffer.wrap(AvaticaErrorBody.bytes(serialization, AvaticaErrorBody.sqlStateOf(status), reason(status)));
    } catch (IOException e) {
      return null;   // Jetty then answers the status without a body
    }
  }

  private static String reason(int status) {
    String r = HttpStatus.getMessage(status);
    return "HTTP " + status + (r == null ? "" : " " + r);
  }
}
