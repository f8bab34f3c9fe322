package org.stripesql.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.stripesql.emulator.Faults;
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

  @Option(names = "--connected-accounts", defaultValue = "0", paramLabel = "N",
      description = "Make the emulator a Connect platform with N connected accounts, each with seeded data of its"
          + " own: GET /v1/accounts lists them, the Stripe-Account header reads one (default: ${DEFAULT-VALUE}).")
  int connectedAccounts;

  @Option(names = "--fault-429", defaultValue = "0", paramLabel = "FRACTION",
      description = "Fraction of requests answered 429 rate_limit, 0 to 1 (default: ${DEFAULT-VALUE}).")
  double fault429;

  @Option(names = "--fault-500", defaultValue = "0", paramLabel = "FRACTION",
      description = "Fraction of requests answered 500 api_error (default: ${DEFAULT-VALUE}).")
  double fault500;

  @Option(names = "--fault-drop", defaultValue = "0", paramLabel = "FRACTION",
      description = "Fraction of requests whose connection is closed without an answer (default: ${DEFAULT-VALUE}).")
  double faultDrop;

  @Option(names = "--fault-stall", defaultValue = "0", paramLabel = "FRACTION",
      description = "Fraction of requests that get no answer for --stall-ms (default: ${DEFAULT-VALUE}).")
  double faultStall;

  @Option(names = "--stall-ms", defaultValue = "30000", description = "How long a stalled request hangs (default: ${DEFAULT-VALUE}).")
  long stallMs;

  @Option(names = "--latency-ms", defaultValue = "0", description = "Delay before every answer (default: ${DEFAULT-VALUE}).")
  long latencyMs;

  @Option(names = "--rate-limit", defaultValue = "0", paramLabel = "N",
      description = "Answer 429 beyond N requests per second, like Stripe's limiter; 0 is off (default: ${DEFAULT-VALUE}).")
  int rateLimit;

  @Option(names = "--endpoint-rate-limit", defaultValue = "0", paramLabel = "N",
      description = "Answer 429 beyond N requests per second to one endpoint, like Stripe's per-endpoint limiter;"
          + " 0 is off (default: ${DEFAULT-VALUE}).")
  int endpointRateLimit;

  @Option(names = "--search-rate-limit", defaultValue = "0", paramLabel = "N",
      description = "Answer 429 beyond N search requests per second, like Stripe's Search limiter; 0 is off"
          + " (default: ${DEFAULT-VALUE}).")
  int searchRateLimit;

  @Option(names = "--stripe-limits", paramLabel = "MODE",
      description = "Stripe's documented limits: live (100/s per account, 25/s per endpoint, search 20/s) or test"
          + " (25/s, 25/s, 20/s); --rate-limit, --endpoint-rate-limit and --search-rate-limit override each.")
  String stripeLimits;

  @Option(names = "--lenient", description = "Check parameters against the catalog only, instead of answering"
      + " requests Stripe's spec does not declare with Stripe's 400 (strict, the default).")
  boolean lenient;

  @Option(names = "--fault-seed", defaultValue = "0", description = "Seed of the fault choices (default: ${DEFAULT-VALUE}).")
  long faultSeed;

  @Option(names = "--restricted-key", paramLabel = "KEY=PERMISSION,...",
      description = "A restricted key (rk_test_...) that may use only the permissions given, as Stripe names them"
          + " (rak_charge_read, rak_customer_write; write implies read); repeatable. Other keys may use everything.")
  List<String> restrictedKeys = new ArrayList<>();

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  /** Sets the fault, latency and limit options on {@code faults}; IllegalArgumentException names a bad one. */
  void applyFaults(Faults faults) {
    faults.seed(faultSeed).rateLimit(fault429).serverErrors(fault500).dropConnections(faultDrop)
        .stall(Duration.ofMillis(stallMs), faultStall).latency(Duration.ofMillis(latencyMs));
    if (stripeLimits != null) {
      if (!stripeLimits.equals("live") && !stripeLimits.equals("test")) {
        throw new IllegalArgumentException("--stripe-limits takes live or test, not '" + stripeLimits + "'");
      }
      faults.stripeLimits(stripeLimits.equals("live"));
    }
    if (rateLimit > 0) {
      faults.requestsPerSecond(rateLimit);
    }
    if (endpointRateLimit > 0) {
      faults.endpointRequestsPerSecond(endpointRateLimit);
    }
    if (searchRateLimit > 0) {
      faults.searchRequestsPerSecond(searchRateLimit);
    }
  }

  /** Adds the {@code --restricted-key} options to the builder. */
  StripeEmulator.Builder restrictedKeys(StripeEmulator.Builder b) {
    for (String spec : restrictedKeys) {
      int eq = spec.indexOf('=');
      String key = eq < 0 ? spec : spec.substring(0, eq);
      String[] permissions = eq < 0 || eq == spec.length() - 1 ? new String[0] : spec.substring(eq + 1).split(",");
      b.restrictedKey(key.trim(), Arrays.stream(permissions).map(String::trim).toArray(String[]::new));
    }
    return b;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    StripeEmulator emulator;
    try {
      emulator = EmulatorLauncher.start(host, port, seed, scale, !lenient,
          b -> restrictedKeys(b).connectedAccounts(connectedAccounts));
    } catch (Exception e) {
      return Failures.report(spec.commandLine().getErr(), "Cannot start the emulator on " + host
          + ":" + port + ": " + e.getMessage(), e, verbose, StripeSqlCli.EXIT_STARTUP);
    }
    try {
      applyFaults(emulator.faults());
    } catch (IllegalArgumentException e) {
      EmulatorLauncher.closeQuietly(emulator);
      return Failures.report(spec.commandLine().getErr(), "Invalid fault option: " + e.getMessage(), e, verbose,
          StripeSqlCli.EXIT_STARTUP);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      EmulatorLauncher.closeQuietly(emulator);
      stopped.countDown();
    }, "stripesql-emulator-shutdown"));
    out.println("Stripe emulator at " + emulator.baseUrl() + " (seed " + seed + ", scale " + scale
        + (lenient ? ", lenient" : ", strict") + ")");
    if (connectedAccounts > 0) {
      out.println("Connect platform " + emulator.platformAccountId() + " with " + connectedAccounts
          + " connected accounts: " + String.join(", ", emulator.connectedAccounts()));
    }
    if (fault429 + fault500 + faultDrop + faultStall > 0 || latencyMs > 0 || rateLimit > 0
        || endpointRateLimit > 0 || searchRateLimit > 0 || stripeLimits != null) {
      out.println("Faults: " + emulator.faults());
    }
    out.println("API key: " + EmulatorLauncher.DEMO_KEY + " (any key starting sk_test_ works)");
    out.println("Example: curl -u " + EmulatorLauncher.DEMO_KEY + ": " + emulator.baseUrl()
        + "/v1/customers?limit=3");
    out.println("Gateway over it: bin/stripesql serve --model model/demo.json");
    out.flush();
    stopped.await();
    return 0;
  }
}
