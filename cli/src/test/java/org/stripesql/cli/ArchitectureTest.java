package org.stripesql.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The build's checks on the shape of the code, read by {@code jdeps} from the main classes of every
 * module on the test class path: the {@code org.stripesql.*} packages form a stack (a package cycle, a
 * strongly connected component of more than one package, fails the build naming its edges), and the
 * gateway and its PostgreSQL endpoint use the adapter only through its face, {@code StripeAdapter}.
 */
class ArchitectureTest {
  private static final Pattern EDGE = Pattern.compile("^\\s+(org\\.stripesql\\.\\S+)\\s+->\\s+(org\\.stripesql\\.\\S+)");

  @Test
  void noPackageCycleAmongTheProjectsPackages() throws Exception {
    List<String> roots = projectClassRoots();
    assertTrue(roots.size() >= 3, "expected the main classes of several modules on the class path: " + roots);
    Map<String, Set<String>> graph = packageGraph(roots);
    assertTrue(graph.keySet().stream().anyMatch(p -> p.startsWith("org.stripesql.adapter")), graph.toString());
    List<Set<String>> cycles = cycles(graph);
    StringBuilder report = new StringBuilder();
    for (Set<String> cycle : cycles) {
      report.append("\ncycle:");
      for (String from : cycle) {
        for (String to : graph.getOrDefault(from, Set.of())) {
          if (cycle.contains(to)) {
            report.append("\n  ").append(from).append(" -> ").append(to);
          }
        }
      }
    }
    assertEquals(List.of(), cycles, "package cycles (jdeps -verbose:package):" + report);
  }

  @Test
  void theGatewayUsesTheAdapterOnlyThroughItsFace() throws Exception {
    List<String> hosts = projectClassRoots().stream()
        .filter(r -> r.contains("server") || r.contains("pgwire")).toList();
    assertTrue(hosts.stream().anyMatch(r -> r.contains("server")), "no server classes on the class path: " + hosts);
    assertTrue(hosts.stream().anyMatch(r -> r.contains("pgwire")), "no pgwire classes on the class path: " + hosts);
    for (String host : hosts) {
      Set<String> used = new TreeSet<>();
      Pattern ref = Pattern.compile("->\\s+(org\\.stripesql\\.adapter\\.\\S+)");
      for (String line : jdeps("-verbose:class", "-e", "org\\.stripesql\\.adapter\\..*", host).split("\n")) {
        Matcher m = ref.matcher(line);
        if (m.find()) {
          used.add(m.group(1));
        }
      }
      assertTrue(used.stream().anyMatch(c -> c.startsWith("org.stripesql.adapter.StripeAdapter")), host + ": " + used);
      assertEquals(Set.of(), used.stream().filter(c -> !c.matches("org\\.stripesql\\.adapter\\.StripeAdapter(\\$.*)?"))
          .collect(Collectors.toSet()), host + " may use the adapter only through StripeAdapter");
    }
  }

  /** The main-class directories and jars of this project's modules on the class path. */
  private static List<String> projectClassRoots() throws IOException {
    List<String> out = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.contains("test-classes") || entry.endsWith("-tests.jar")) {
        continue;
      }
      if (Files.isDirectory(p) && Files.isDirectory(p.resolve("org/stripesql"))) {
        out.add(entry);
      } else if (entry.endsWith(".jar") && p.getFileName().toString().startsWith("stripesql-")) {
        try (ZipFile zip = new ZipFile(p.toFile())) {
          if (zip.getEntry("org/stripesql/") != null) {
            out.add(entry);
          }
        }
      }
    }
    return out;
  }

  private static Map<String, Set<String>> packageGraph(List<String> roots) {
    List<String> args = new ArrayList<>(List.of("-verbose:package", "-e", "org\\.stripesql\\..*"));
    args.addAll(roots);
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String line : jdeps(args.toArray(new String[0])).split("\n")) {
      Matcher m = EDGE.matcher(line);
      if (m.find() && !m.group(1).equals(m.group(2))) {
        graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
      }
    }
    return graph;
  }

  private static String jdeps(String... args) {
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException("no jdeps"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), args);
    assertEquals(0, code, "jdeps failed: " + err);
    return out.toString();
  }

  /** Tarjan's strongly connected components with more than one package. */
  private static List<Set<String>> cycles(Map<String, Set<String>> graph) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : graph.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, graph, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
      Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out, int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : graph.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, graph, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> component = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        out.add(component);
      }
    }
  }
}
