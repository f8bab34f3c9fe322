package org.stripesql.server.security;

import java.io.IOException;
import java.util.UUID;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.HandlerWrapper;
import org.slf4j.MDC;

/**
 * The user Jetty's Basic authentication established for the Avatica request being handled on this
 * thread ({@code request.getRemoteUser()}), or null without authentication. Set by {@link Scope},
 * which sits between Jetty's security handler and Avatica's handler; nothing the client sends in the
 * Avatica request itself can set it. Also puts {@code user} and a short {@code req} id in the logging MDC.
 */
public final class CurrentUser {
  /** The request attribute holding the request's id (the access log prints it). */
  public static final String REQUEST_ID = "stripesql.req";
  private static final ThreadLocal<String> USER = new ThreadLocal<>();

  private CurrentUser() {
  }

  public static String get() {
    return USER.get();
  }

  /** Runs {@code r} as {@code user}; for tests and in-process callers. */
  public static void runAs(String user, Runnable r) {
    String prev = USER.get();
    USER.set(user);
    try {
      r.run();
    } finally {
      USER.set(prev);
    }
  }

  /** The handler wrapper that scopes the authenticated user to the request. */
  public static final class Scope extends HandlerWrapper {
    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request,
        HttpServletResponse response) throws IOException, ServletException {
      String prev = USER.get();
      USER.set(request.getRemoteUser());
      String req = UUID.randomUUID().toString().substring(0, 8);
      baseRequest.setAttribute(REQUEST_ID, req);
      MDC.put("req", req);
      if (request.getRemoteUser() != null) {
        MDC.put("user", request.getRemoteUser());
      }
      try {
        super.handle(target, baseRequest, request, response);
      } finally {
        USER.set(prev);
        MDC.remove("req");
        MDC.remove("user");
      }
    }
  }
}
