package org.stripesql.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.calcite.avatica.remote.Driver;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.stripesql.server.security.LoginThrottle;

/**
 * In front of the login: a request carrying credentials from an address, or for a user name, that the
 * {@link LoginThrottle} has locked out gets 429 with {@code Retry-After}, before any password is hashed;
 * Basic credentials that are no base64 of {@code user:password} get 401. Both as Avatica ErrorResponses.
 */
final class LoginThrottleHandler extends HandlerWrapper {
  private final LoginThrottle throttle;
  private final Driver.Serialization serialization;

  LoginThrottleHandler(LoginThrottle throttle, Driver.Serialization serialization) {
    this.throttle = throttle;
    this.serialization = serialization;
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    String authorization = request.getHeader("Authorization");
    if (authorization != null) {
      if (isBasic(authorization) && basicUser(authorization) == null) {
        baseRequest.setHandled(true);
        response.setHeader("WWW-Authenticate", "Basic realm=\"stripe-sql\"");
        AvaticaErrorBody.send(response, serialization, HttpServletResponse.SC_UNAUTHORIZED,
            AvaticaErrorBody.INVALID_AUTHORIZATION, "Malformed Basic credentials: expected base64 of user:password.");
        return;
      }
      Duration wait = throttle.retryAfter(request.getRemoteAddr(), basicUser(authorization));
      if (!wait.isZero()) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        baseRequest.setHandled(true);
        response.setHeader("Retry-After", Long.toString(seconds));
        AvaticaErrorBody.send(response, serialization, 429, AvaticaErrorBody.INVALID_AUTHORIZATION,
            "Too many failed logins: try again in " + seconds + " s.");
        return;
      }
    }
    super.handle(target, baseRequest, request, response);
  }

  private static boolean isBasic(String authorization) {
    return authorization.regionMatches(true, 0, "basic ", 0, 6);
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
