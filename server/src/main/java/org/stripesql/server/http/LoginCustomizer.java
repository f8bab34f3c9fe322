package org.stripesql.server.http;

import java.util.ArrayList;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.server.Server;
import org.stripesql.server.security.CurrentUser;
import org.stripesql.server.security.LoginThrottle;

/**
 * The login: Avatica's Basic authentication, checked by the gateway's own login service (salted
 * hashes, {@code PasswordLoginService}) in place of the {@link HashLoginService} Avatica built, with the
 * {@link LoginThrottleHandler} in front and the {@link CurrentUser} scope between the security handler
 * and Avatica's handler, so the Meta knows who sent each request.
 */
public final class LoginCustomizer implements ServerCustomizer<Server> {
  private final LoginService login;
  private final LoginThrottle throttle;
  private final Driver.Serialization serialization;

  public LoginCustomizer(LoginService login, LoginThrottle throttle, Driver.Serialization serialization) {
    this.login = login;
    this.throttle = throttle;
    this.serialization = serialization;
  }

  @Override
  public void customize(Server jetty) {
    for (HashLoginService h : new ArrayList<>(jetty.getBeans(HashLoginService.class))) {
      jetty.removeBean(h);
    }
    ConstraintSecurityHandler sec = AvaticaSecurityHandler.of(jetty);
    sec.setLoginService(login);
    jetty.addBean(login);
    CurrentUser.Scope scope = new CurrentUser.Scope();
    scope.setHandler(sec.getHandler());
    sec.setHandler(scope);
    LoginThrottleHandler guard = new LoginThrottleHandler(throttle, serialization);
    guard.setHandler(jetty.getHandler());
    jetty.setHandler(guard);
  }
}
