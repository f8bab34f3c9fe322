package org.stripesql.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stripesql} command line: serve, emulator, catalog. */
@Command(name = "stripesql", mixinStandardHelpOptions = true, version = "stripesql 0.1.0",
    description = "SQL over the Stripe API: an Avatica JDBC gateway, a Stripe emulator for demos"
        + " and tests, and the catalog generator.",
    subcommands = {ServeCommand.class, EmulatorCommand.class, CatalogCommand.class,
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
    return new CommandLine(new StripeSqlCli()).execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
