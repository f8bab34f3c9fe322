package org.stripesql.pgwire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code options} startup parameter, as PostgreSQL reads it: command-line switches {@code -c name=value}
 * and {@code --name=value}, separated by spaces (a backslash keeps the next character, a space in a value).
 * libpq's {@code PGOPTIONS} and pgJDBC's {@code options} connection property send settings so.
 */
final class StartupOptions {
  private StartupOptions() {}

  /** The settings {@code options} gives, in order; empty for null. */
  static Map<String, String> parse(String options) {
    Map<String, String> out = new LinkedHashMap<>();
    if (options == null) {
      return out;
    }
    String pendingSwitch = null;
    for (String word : words(options)) {
      String setting = null;
      if (pendingSwitch != null) {
        setting = word;
        pendingSwitch = null;
      } else if (word.equals("-c")) {
        pendingSwitch = word;
      } else if (word.startsWith("-c")) {
        setting = word.substring(2);
      } else if (word.startsWith("--")) {
        setting = word.substring(2);
      }
      int eq = setting == null ? -1 : setting.indexOf('=');
      if (eq > 0) {
        out.put(setting.substring(0, eq).replace('-', '_'), setting.substring(eq + 1));
      }
    }
    return out;
  }

  private static List<String> words(String s) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        w.append(s.charAt(++i));
      } else if (Character.isWhitespace(c)) {
        if (w.length() > 0) {
          words.add(w.toString());
          w.setLength(0);
        }
      } else {
        w.append(c);
      }
    }
    if (w.length() > 0) {
      words.add(w.toString());
    }
    return words;
  }
}
