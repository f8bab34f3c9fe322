package org.stripesql.cli;

import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stripesql} command line: serve, emulator, catalog, passwd. */
@Command(name = "stripesql", mixinStandardHelpOptions = true, version = "stripesql 0.1.0",
    description = "SQL over the Stripe API: an Avatica JDBC gateway, a Stripe emulator for demos"
        + " and tests, and the catalog generator.",
    subcommands = {ServeCommand.class, EmulatorCommand.class, CatalogCommand.class, PasswdCommand.class,
        CommandLine.HelpCommand.class})
public final class StripeSqlCli implements Runnable {
  /** Exit code of a startup error (bad model, missing key, port in use). */
  public static final int EXIT_STARTUP = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** Runs the command line and returns its exit code; never calls System.exit. */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new StripeSqlCli());
    try {
      // serve: STRIPESQL_* environment variables and the --config file under the flags
      cl.getSubcommands().get("serve").setDefaultValueProvider(
          new ConfigDefaults(ConfigDefaults.configPath(args, System.getenv()), System.getenv()));
    } catch (IOException e) {
      cl.getErr().println("Cannot read the config file: " + e);
      return EXIT_STARTUP;
    }
    return cl.execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
