package org.stripesql.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.calcite.avatica.remote.Driver;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;

/**
 * Keeps web pages out, before the login and Avatica see a request: a {@code Host} the gateway does not
 * answer to (DNS rebinding; two Host headers; another host in the request line) gets 400; an RPC that is
 * not a POST gets 405, one with an {@code Origin} header (sent by browsers) 403, one with a content type a
 * page may send without a CORS preflight 415, each as an Avatica ErrorResponse. The web pages
 * ({@code pages}, GETs) need only the right Host. Why: docs/deployment.md.
 */
final class BrowserGuard extends HandlerWrapper {
  /** Content types a cross-origin page may POST without a preflight (the Fetch standard's CORS-safelisted ones). */
  private static final Set<String> SAFELISTED = Set.of("text/plain", "application/x-www-form-urlencoded",
      "multipart/form-data");

  private final HostAllowlist hosts;
  private final Set<String> pages;
  private final Driver.Serialization serialization;

  BrowserGuard(HostAllowlist hosts, Set<String> pages, Driver.Serialization serialization) {
    this.hosts = hosts;
    this.pages = Set.copyOf(pages);
    this.serialization = serialization;
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    String refusal = refusal(target, baseRequest, request);
    if (refusal == null) {
      super.handle(target, baseRequest, request, response);
      return;
    }
    int status = Integer.parseInt(refusal.substring(0, 3));
    if (status == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
      response.setHeader("Allow", "POST");
    }
    baseRequest.setHandled(true);
    if (!pages.contains(target)) {
      AvaticaErrorBody.send(response, serialization, status, AvaticaErrorBody.sqlStateOf(status), refusal.substring(4));
      return;
    }
    byte[] body = (refusal.substring(4) + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("text/plain; charset=utf-8");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** Null when the request may pass, else "STATUS reason". */
  private String refusal(String target, Request baseRequest, HttpServletRequest request) {
    if (!hostsAllowed(baseRequest, request)) {
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

  /**
   * Whether the request names only a host the gateway answers to: exactly one {@code Host} header (a
   * second one may be what a proxy checked), and an absolute request line ({@code POST http://h/}) naming
   * an allowed host as well, as Jetty takes that host for the request's.
   */
  private boolean hostsAllowed(Request baseRequest, HttpServletRequest request) {
    List<String> headers = Collections.list(request.getHeaders("Host"));
    if (headers.size() != 1 || !hosts.allows(headers.get(0))) {
      return false;
    }
    HttpURI uri = baseRequest.getHttpURI();
    String host = uri == null ? null : uri.getHost();
    if (host == null) {
      return true;
    }
    String authority = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return hosts.allows(uri.getPort() > 0 ? authority + ":" + uri.getPort() : authority);
  }
}
