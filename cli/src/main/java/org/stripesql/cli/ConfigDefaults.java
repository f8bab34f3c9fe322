package org.stripesql.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code serve}'s configuration below its flags: an option {@code --some-name} is read from the
 * environment variable {@code STRIPESQL_SOME_NAME}, else from the key {@code some-name} of the config
 * file ({@code --config FILE} or {@code STRIPESQL_CONFIG}; Java properties syntax), else its default.
 * Flags given on the command line win over both.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
  private final Properties file = new Properties();
  private final Path path;
  private final Map<String, String> env;

  ConfigDefaults(Path path, Map<String, String> env) throws IOException {
    this.path = path;
    this.env = env;
    if (path != null) {
      try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        file.load(r);
      }
    }
  }

  static String envName(String option) {
    return "STRIPESQL_" + option.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec o) || o.usageHelp() || o.versionHelp()) {
      return null;
    }
    String name = o.longestName();
    String v = env.get(envName(name));
    if (v != null) {
      return v;
    }
    return file.getProperty(name.replaceFirst("^-+", ""));
  }

  /** Keys of the config file that name no option of {@code spec}. */
  Set<String> unknownKeys(CommandLine.Model.CommandSpec spec) {
    Set<String> unknown = new LinkedHashSet<>(file.stringPropertyNames());
    for (OptionSpec o : spec.options()) {
      unknown.remove(o.longestName().replaceFirst("^-+", ""));
    }
    return unknown;
  }

  Path path() {
    return path;
  }

  /** The config path from {@code args} ({@code --config F} or {@code --config=F}) or the environment. */
  static Path configPath(String[] args, Map<String, String> env) {
    for (int i = 0; i < args.length; i++) {
      if ("--config".equals(args[i]) && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    String e = env.get("STRIPESQL_CONFIG");
    return e == null || e.isBlank() ? null : Path.of(e);
  }
}
