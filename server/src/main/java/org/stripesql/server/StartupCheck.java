package org.stripesql.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.stripesql.adapter.StripeAdapter;

/**
 * Checks, before the gateway serves anything, that the model can be used: the file exists and is
 * JSON, every {@code ${env:NAME}} it uses is set, and one Calcite connection opens and closes. A
 * failure is a {@link StartupException} whose message names the cause and the fix.
 */
public final class StartupCheck {
  private static final String DEMO_HINT = "or run 'stripesql serve --demo' to try it without a"
      + " Stripe account";

  private final UnaryOperator<String> env;

  /** A check that reads the process environment. */
  public StartupCheck() {
    this(System::getenv);
  }

  /** A check that reads variables through {@code env} (tests pass a map). */
  public StartupCheck(UnaryOperator<String> env) {
    this.env = env;
  }

  /** Runs every check. */
  public void run(ModelSource model) throws StartupException {
    checkModelText(model);
    openOnce(model);
  }

  /** File present, valid JSON, a "schemas" array, and Stripe schemas whose operands the adapter accepts. */
  public void checkModelText(ModelSource model) throws StartupException {
    if (model.path() != null) {
      if (!Files.isRegularFile(model.path())) {
        throw new StartupException("Model file not found: " + model.path()
            + ". Fix: pass --model PATH to an existing model.json, " + DEMO_HINT + ".");
      }
      if (!Files.isReadable(model.path())) {
        throw new StartupException("Model file is not readable: " + model.path()
            + ". Fix: check its permissions.");
      }
    }
    String text;
    try {
      text = model.text();
    } catch (IOException e) {
      throw new StartupException("Cannot read " + model.describe() + ": " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new StartupException("The " + model.describe() + " is not valid JSON" + where + ": "
          + firstLine(e.getOriginalMessage()) + ". Fix: correct the JSON.", e);
    }
    if (root == null || !root.isObject() || !root.path("schemas").isArray()) {
      throw new StartupException("The " + model.describe() + " is not a Calcite model: it needs a"
          + " JSON object with a \"schemas\" array. Fix: start from model/stripe.json.");
    }
    try {
      StripeAdapter.schemas(text, env);
    } catch (IllegalArgumentException e) {
      throw new StartupException("Cannot use the " + model.describe() + ": " + firstLine(e.getMessage())
          + " (" + DEMO_HINT + ").", e);
    }
  }

  /**
   * Refuses a file others may write, or replace: a directory on its way others may write without the
   * sticky bit, on the path as given and, through every symbolic link, on the way to the file itself
   * (the model and the users file are trusted configuration: docs/deployment.md).
   */
  public static void checkNotWritableByOthers(Path file, String what) throws StartupException {
    Path abs = file.toAbsolutePath().normalize();
    Path real;
    try {
      real = abs.toRealPath();
    } catch (IOException e) {
      real = abs;   // a missing file is reported by whoever reads it
    }
    if (othersMayWrite(real, false)) {
      throw new StartupException("The " + what + " " + abs + (real.equals(abs) ? "" : " (" + real + ")")
          + " is writable by others, who could change who may log in or what the gateway reads. Fix: chmod o-w "
          + real + ".");
    }
    for (Path step : LinkPath.steps(abs)) {
      for (Path dir = step.getParent(); dir != null; dir = dir.getParent()) {
        if (othersMayWrite(dir, true)) {
          throw new StartupException("The directory " + dir + " on the way to the " + what + " " + abs
              + " is writable by others, who could replace the file. Fix: chmod o-w " + dir
              + " (or +t), or keep the file elsewhere.");
        }
      }
    }
  }

  /**
   * Whether others (not the owner, not the group) may read {@code file}: the users file's hashes are
   * enough to log in over SCRAM, and to guess passwords offline.
   */
  public static boolean readableByOthers(Path file) throws StartupException {
    try {
      Path real = file.toRealPath();
      if (!Files.getFileStore(real).supportsFileAttributeView("posix")) {
        return false;
      }
      return ((Integer) Files.getAttribute(real, "unix:mode") & 0004) != 0;
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    } catch (IOException e) {
      throw new StartupException("Cannot read the permissions of " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether others (not owner, not group) may write {@code p}; for a directory, unless it is sticky. */
  private static boolean othersMayWrite(Path p, boolean directory) throws StartupException {
    try {
      if (!Files.getFileStore(p).supportsFileAttributeView("posix")) {
        return false;
      }
      int mode = (Integer) Files.getAttribute(p, "unix:mode");
      boolean othersWrite = (mode & 0002) != 0;
      boolean sticky = (mode & 01000) != 0;
      return othersWrite && !(directory && sticky);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return false;   // no POSIX modes here
    } catch (IOException e) {
      throw new StartupException("Cannot read the permissions of " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * With authentication off, refuses a model that configures Stripe Connect client credentials: anyone
   * who reaches the gateway could connect or replace its Stripe account.
   */
  public void checkNoOAuthClient(ModelSource model) throws StartupException {
    List<StripeAdapter.SchemaSettings> schemas;
    try {
      schemas = StripeAdapter.schemas(model.text(), env);
    } catch (IOException | RuntimeException e) {
      return;   // a model that cannot be read is reported by checkModelText
    }
    for (StripeAdapter.SchemaSettings s : schemas) {
      if (s.oauthClient()) {
        throw new StartupException("Refusing --insecure-no-auth: schema " + s.name() + " of the "
            + model.describe() + " configures Stripe Connect (OAuthClientId, OAuthClientSecret), so anyone who"
            + " reaches the gateway could connect or replace its Stripe account. Fix: pass --users FILE instead.");
      }
    }
  }

  /**
   * Refuses models whose Stripe Connect schemas keep their tokens in one file: a user's own model would
   * read (and refresh) the gateway's connected account, or another user's.
   */
  public void checkOwnOAuthFiles(List<ModelSource> models) throws StartupException {
    Map<Path, String> seen = new HashMap<>();
    for (ModelSource m : models) {
      List<StripeAdapter.SchemaSettings> schemas;
      try {
        schemas = StripeAdapter.schemas(m.text(), env);
      } catch (IOException | RuntimeException e) {
        continue;   // reported by checkModelText
      }
      for (StripeAdapter.SchemaSettings s : schemas) {
        if (!s.oauthClient()) {
          continue;
        }
        String here = "schema " + s.name() + " of the " + m.describe();
        String other = seen.putIfAbsent(s.oauthSettingsLocation(), here);
        if (other != null) {
          throw new StartupException("The " + here + " and the " + other + " keep their OAuth tokens in the same"
              + " file " + s.oauthSettingsLocation() + ", so each would use the other's Stripe account. Fix: give"
              + " one of them an OAuthSettingsLocation operand of its own.");
        }
      }
    }
  }

  /** Opens one Calcite connection with the model (the schema factory runs) and closes it. */
  public void openOnce(ModelSource model) throws StartupException {
    try {
      Class.forName("org.apache.calcite.jdbc.Driver");
    } catch (ClassNotFoundException e) {
      throw new StartupException("Calcite is not on the classpath. Fix: rebuild (mvn package).", e);
    }
    try (Connection c = DriverManager.getConnection(ModelSource.CALCITE_URL,
        model.calciteProperties())) {
      c.getMetaData();
    } catch (Exception | LinkageError e) {
      throw new StartupException("Cannot open the Stripe schema from the " + model.describe()
          + ": " + rootMessage(e) + ". Fix: check the model (schema factory "
          + StripeAdapter.SCHEMA_FACTORY + ", operands OAuthAccessToken, apiBase, StripeVersion,"
          + " AccountId).", e);
    }
  }

  /**
   * The most specific message in a cause chain: the innermost one, skipping wrappers whose message
   * is only the class name of their cause.
   */
  static String rootMessage(Throwable t) {
    String best = null;
    Set<Throwable> seen = new HashSet<>();
    for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
      String msg = c.getMessage();
      if (msg == null || msg.isBlank()) {
        continue;
      }
      if (c.getCause() != null && msg.equals(c.getCause().toString())) {
        continue;
      }
      best = firstLine(msg);
    }
    return best != null ? best : t.getClass().getSimpleName();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = (nl >= 0 ? s.substring(0, nl) : s).trim();
    while (line.endsWith(".")) {
      line = line.substring(0, line.length() - 1);
    }
    return line;
  }
}
