package org.stripesql.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.stripesql.server.security.PasswordHash;
import org.stripesql.server.security.UsersFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stripesql passwd USER}: sets a gateway user's password in the users file (salted PBKDF2, the file
 * rewritten atomically and owner-only). Prompts twice on a terminal; otherwise, or with {@code --stdin},
 * reads the password from the first line of standard input.
 */
@Command(name = "passwd", mixinStandardHelpOptions = true,
    description = "Add a gateway user or change their password in the users file (serve --users FILE).")
final class PasswdCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "USER", description = "User name (letters, digits, . _ @ -).")
  String user;

  @Option(names = "--file", defaultValue = "users.properties", paramLabel = "FILE",
      description = "Users file (default: ${DEFAULT-VALUE}); created owner-only if missing.")
  Path file;

  @Option(names = "--stdin", description = "Read the password from standard input, not the terminal.")
  boolean stdin;

  @Option(names = "--roles", paramLabel = "ROLE,...", split = ",",
      description = "Set the user's roles (admin: may connect the gateway's own Stripe account through"
          + " /oauth/authorize); --roles= clears them. Without it the user keeps the roles they have.")
  List<String> roles;

  /** Where a non-terminal password comes from (tests replace it). */
  InputStream in = System.in;
  /** The terminal, or null (tests set null). */
  Console console = System.console();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!UsersFile.USER_NAME.matcher(user).matches()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "invalid user name '" + user + "': use letters, digits, . _ @ - (at most 64)");
    }
    char[] pw;
    if (!stdin && console != null) {
      pw = console.readPassword("Password for %s: ", user);
      char[] again = console.readPassword("Again: ");
      if (pw == null || again == null || !Arrays.equals(pw, again)) {
        err.println("The passwords differ; nothing changed.");
        return 1;
      }
      Arrays.fill(again, '\0');
    } else {
      String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      pw = line == null ? new char[0] : line.toCharArray();
    }
    if (pw.length < 8) {
      err.println("A password needs at least 8 characters; nothing changed.");
      return 1;
    }
    String hash = PasswordHash.hash(pw);
    Arrays.fill(pw, '\0');
    Set<String> newRoles = null;
    if (roles != null) {
      newRoles = new TreeSet<>();
      for (String r : roles) {
        if (!r.isBlank()) {
          newRoles.add(r.trim());
        }
      }
    }
    try {
      UsersFile.put(file, user, hash, newRoles);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    out.println("Set the password of '" + user + "' in " + file.toAbsolutePath()
        + " (a running gateway reads the change on its next login).");
    return 0;
  }
}
