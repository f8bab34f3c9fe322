package org.stripesql.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Keeps web pages out, before the login and Avatica see a request: a {@code Host} the gateway does not
 * answer to (DNS rebinding) gets 400; an RPC that is not a POST gets 405, one with an {@code Origin}
 * header (sent by browsers) 403, one with a content type a page may send without a CORS preflight 415.
 * The web pages ({@code pages}, GETs) need only the right Host. Why: docs/deployment.md.
 */
final class BrowserGuard extends HandlerWrapper {
  /** Content types a cross-origin page may POST without a preflight (the Fetch standard's CORS-safelisted ones). */
  private static final Set<String> SAFELISTED = Set.of("text/plain", "application/x-www-form-urlencoded",
      "multipart/form-data");

  private final HostAllowlist hosts;
  private final Set<String> pages;

  BrowserGuard(HostAllowlist hosts, Set<String> pages) {
    this.hosts = hosts;
    this.pages = Set.copyOf(pages);
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    String refusal = refusal(target, request);
    if (refusal == null) {
      super.handle(target, baseRequest, request, response);
      return;
    }
    int status = Integer.parseInt(refusal.substring(0, 3));
    if (status == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
      response.setHeader("Allow", "POST");
    }
    byte[] body = (refusal.substring(4) + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/plain; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    baseRequest.setHandled(true);
  }

  /** Null when the request may pass, else "STATUS reason". */
  private String refusal(String target, HttpServletRequest request) {
    if (!hosts.allows(request.getHeader("Host"))) {
      return "400 This gateway does not answer to the host name this request was sent to. Operators: add it to"
          + " --allowed-hosts when clients reach the gateway under that name (a proxy or DNS name).";
    }
    if (pages.contains(target)) {
      return null;
    }
    if (!"POST".equals(request.getMethod())) {
      return "405 The gateway takes Avatica RPCs as POST requests only.";
    }
    if (request.getHeader("Origin") != null) {
      return "403 RPCs from web pages are refused (the request has an Origin header).";
    }
    String type = request.getContentType();
    if (type != null && SAFELISTED.contains(type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))) {
      return "415 RPCs with the content type " + type.split(";", 2)[0].trim() + " are refused: a web page can send"
          + " that one. Avatica clients send application/octet-stream.";
    }
    return null;
  }
}
