package org.stripesql.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.stripesql.server.security.LoginThrottle;

/**
 * In front of the login: a request carrying credentials from an address, or for a user name, that the
 * {@link LoginThrottle} has locked out gets 429 with {@code Retry-After}, before any password is hashed.
 */
final class LoginThrottleHandler extends HandlerWrapper {
  private final LoginThrottle throttle;

  LoginThrottleHandler(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    String authorization = request.getHeader("Authorization");
    if (authorization != null) {
      Duration wait = throttle.retryAfter(request.getRemoteAddr(), basicUser(authorization));
      if (!wait.isZero()) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        byte[] body = ("Too many failed logins: try again in " + seconds + " s.\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        baseRequest.setHandled(true);
        return;
      }
    }
    super.handle(target, baseRequest, request, response);
  }

  /** The user name of Basic credentials, or null. */
  static String basicUser(String authorization) {
    if (!authorization.regionMatches(true, 0, "basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
          StandardCharsets.ISO_8859_1);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(0, colon);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
