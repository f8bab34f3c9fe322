package org.stripesql.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.stripesql.emulator.StripeEmulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stripesql emulator}: runs the Stripe emulator alone until killed. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
    description = "Run the Stripe API emulator (seeded test data) until killed.")
final class EmulatorCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "12111", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--seed", defaultValue = "42", description = "Data seed (default: ${DEFAULT-VALUE}).")
  int seed;

  @Option(names = "--scale", defaultValue = "1", description = "Data scale (default: ${DEFAULT-VALUE}).")
  int scale;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    StripeEmulator emulator;
    try {
      emulator = EmulatorLauncher.start(host, port, seed, scale);
    } catch (Exception e) {
      return Failures.report(spec.commandLine().getErr(), "Cannot start the emulator on " + host
          + ":" + port + ": " + e.getMessage(), e, verbose, StripeSqlCli.EXIT_STARTUP);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      EmulatorLauncher.closeQuietly(emulator);
      stopped.countDown();
    }, "stripesql-emulator-shutdown"));
    out.println("Stripe emulator at " + emulator.baseUrl() + " (seed " + seed + ", scale " + scale
        + ")");
    out.println("API key: " + EmulatorLauncher.DEMO_KEY + " (any key starting sk_test_ works)");
    out.println("Example: curl -u " + EmulatorLauncher.DEMO_KEY + ": " + emulator.baseUrl()
        + "/v1/customers?limit=3");
    out.println("Gateway over it: bin/stripesql serve --model model/demo.json");
    out.flush();
    stopped.await();
    return 0;
  }
}
