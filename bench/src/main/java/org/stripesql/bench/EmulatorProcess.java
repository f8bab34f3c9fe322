package org.stripesql.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.stripesql.emulator.RecordedRequest;
import org.stripesql.emulator.StripeEmulator;

/**
 * The emulator in a JVM of its own, so that a benchmark's heap figures are the gateway's alone. The
 * child reads one command a line from stdin ({@code latency MS}, {@code limits live|test|off},
 * {@code clear}, {@code stats}, {@code count TABLE}) and answers one line; {@link #start} runs it.
 */
final class EmulatorProcess implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Process process;
  private final BufferedReader out;
  private final BufferedWriter in;
  private final String baseUrl;

  private EmulatorProcess(Process process) throws IOException {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    if (first == null || !first.startsWith("ready ")) {
      throw new IOException("the emulator process did not start: " + first);
    }
    this.baseUrl = first.substring("ready ".length());
  }

  /** Starts an emulator (seed 42, anchor 2026-01-01) of {@code scale} in a child JVM. */
  static EmulatorProcess start(int scale) throws IOException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx3g", "-cp", System.getProperty("java.class.path"),
        EmulatorProcess.class.getName(), Integer.toString(scale));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return new EmulatorProcess(pb.start());
  }

  String baseUrl() {
    return baseUrl;
  }

  /** Sends a command; returns the answer line. */
  synchronized String send(String command) throws IOException {
    in.write(command);
    in.newLine();
    in.flush();
    String answer = out.readLine();
    if (answer == null || answer.startsWith("error")) {
      throw new IOException("emulator process: " + command + ": " + answer);
    }
    return answer;
  }

  /** The request log's figures since the last {@code clear}. */
  JsonNode stats() throws IOException {
    return MAPPER.readTree(send("stats"));
  }

  @Override
  public void close() throws IOException {
    try {
      send("quit");
    } catch (IOException e) {
      // gone already
    }
    process.destroy();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The child: arguments: scale. */
  public static void main(String[] args) throws Exception {
    int scale = Integer.parseInt(args[0]);
    try (StripeEmulator emulator = StripeEmulator.builder().seed(42).scale(scale)
        .anchor(Instant.parse("2026-01-01T00:00:00Z")).build().start()) {
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      System.out.println("ready " + emulator.baseUrl());
      System.out.flush();
      String line;
      while ((line = commands.readLine()) != null) {
        String[] w = line.trim().split("\\s+");
        try {
          String answer = switch (w[0]) {
            case "latency" -> {
              emulator.faults().latency(Duration.ofMillis(Long.parseLong(w[1])));
              yield "ok";
            }
            case "limits" -> {
              switch (w[1]) {
                case "live" -> emulator.faults().stripeLimits(true);
                case "test" -> emulator.faults().stripeLimits(false);
                default -> emulator.faults().requestsPerSecond(0).endpointRequestsPerSecond(0)
                    .searchRequestsPerSecond(0);
              }
              yield "ok";
            }
            case "clear" -> {
              emulator.requestLog().clear();
              yield "ok";
            }
            case "stats" -> stats(emulator.requestLog().requests(), emulator.requestLog().maxInWindow(1_000_000_000L));
            case "count" -> Integer.toString(emulator.data().list(w[1]).size());
            case "quit" -> null;
            default -> "error unknown command " + w[0];
          };
          if (answer == null) {
            break;
          }
          System.out.println(answer);
        } catch (RuntimeException e) {
          System.out.println("error " + e);
        }
        System.out.flush();
      }
    }
    System.exit(0);
  }

  /** Requests, 429s and the peak per second, in all and per endpoint (the path with ids as {@code *}). */
  private static String stats(List<RecordedRequest> log, int peak) {
    ObjectNode all = MAPPER.createObjectNode();
    all.put("requests", log.size());
    all.put("throttled", log.stream().filter(r -> r.status() == 429).count());
    all.put("peakPerSecond", peak);
    long first = log.stream().mapToLong(RecordedRequest::arrivedNanos).min().orElse(0);
    long last = log.stream().mapToLong(RecordedRequest::arrivedNanos).max().orElse(0);
    all.put("spanSeconds", (last - first) / 1e9);
    ObjectNode by = all.putObject("byEndpoint");
    for (RecordedRequest r : log) {
      String key = endpoint(r.path());
      ObjectNode e = by.has(key) ? (ObjectNode) by.get(key) : by.putObject(key);
      e.put("requests", e.path("requests").asLong() + 1);
      e.put("throttled", e.path("throttled").asLong() + (r.status() == 429 ? 1 : 0));
    }
    return all.toString();
  }

  /** {@code /v1/invoices/in_1Ab/lines} is {@code /v1/invoices/* /lines} (a segment with a digit or capital is an id). */
  static String endpoint(String path) {
    List<String> segs = new ArrayList<>();
    for (String s : path.split("/")) {
      segs.add(!s.equals("v1") && s.chars().anyMatch(c -> Character.isDigit(c) || Character.isUpperCase(c)) ? "*" : s);
    }
    return String.join("/", segs);
  }
}
