package org.stripesql.pgwire.sql;

import java.util.List;
import java.util.Locale;
import org.stripesql.server.sql.ReadOnlyPolicy;

/**
 * COPY as the gateway serves it: out to the client only ({@code COPY (query) TO STDOUT}, psql's
 * {@code \copy ... to}, psycopg's {@code copy_expert} and {@code cursor.copy}), in text or CSV with
 * PostgreSQL's options, old ({@code WITH CSV HEADER}) and new ({@code WITH (FORMAT csv, HEADER)}) syntax.
 * COPY FROM writes and is refused (25006); COPY TO a server file is not supported (0A000).
 */
final class CopyParser {
  private CopyParser() {
  }

  static Command parse(StatementText text, List<Token> t) {
    try {
      return copy(text, t);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return syntax("incomplete COPY options");
    }
  }

  private static Command copy(StatementText text, List<Token> t) {
    int i = 1;
    StatementText query;
    if (i < t.size() && t.get(i).isSymbol("(")) {
      int close = Operands.matchForward(t, i, "(", ")");
      if (close < 0) {
        return syntax("COPY's query has no closing parenthesis");
      }
      query = text.slice(t.get(i + 1), t.get(close));
      i = close + 1;
    } else {
      int start = i;
      while (i < t.size() && !t.get(i).isWord("TO") && !t.get(i).isWord("FROM")) {
        i++;
      }
      if (i == start) {
        return syntax("COPY needs a query or a table");
      }
      String table = text.sql().substring(t.get(start).start(), t.get(i - 1).end());
      String columns = "*";
      int paren = table.indexOf('(');
      if (paren > 0) {
        columns = table.substring(paren + 1, table.lastIndexOf(')'));
        table = table.substring(0, paren);
      }
      query = StatementText.of("SELECT " + columns + " FROM " + table);
    }
    if (i < t.size() && t.get(i).isWord("FROM")) {
      return new Command.Refused(ReadOnlyPolicy.READ_ONLY_STATE, ReadOnlyPolicy.message("COPY"));
    }
    if (i >= t.size() || !t.get(i).isWord("TO")) {
      return syntax("expected TO STDOUT");
    }
    i++;
    if (i >= t.size() || !t.get(i).isWord("STDOUT")) {
      return new Command.Refused(CommandParser.FEATURE_NOT_SUPPORTED, "COPY to a file or a program is not"
          + " supported: use COPY ... TO STDOUT (psql's \\copy writes the client's file)");
    }
    return options(query, t, i + 1);
  }

  private static Command options(StatementText query, List<Token> t, int from) {
    boolean csv = false;
    boolean header = false;
    Character delimiter = null;
    String nullString = null;
    char quote = '"';
    for (int i = from; i < t.size(); i++) {
      Token k = t.get(i);
      if (k.isWord("WITH") || k.isSymbol("(") || k.isSymbol(")") || k.isSymbol(",")) {
        continue;
      }
      String word = k.kind() == Token.Kind.STRING ? CommandParser.unquote(k.text()) : k.text();
      switch (word.toUpperCase(Locale.ROOT)) {
        case "CSV":
          csv = true;
          break;
        case "BINARY":
          return new Command.Refused(CommandParser.FEATURE_NOT_SUPPORTED, "COPY's binary format is not supported:"
              + " use text or csv");
        case "FORMAT": {
          String f = value(t, ++i);
          if (f.equalsIgnoreCase("binary")) {
            return new Command.Refused(CommandParser.FEATURE_NOT_SUPPORTED, "COPY's binary format is not supported:"
                + " use text or csv");
          }
          csv = f.equalsIgnoreCase("csv");
          break;
        }
        case "HEADER":
          header = i + 1 >= t.size() || !isBoolean(t.get(i + 1)) || truthy(value(t, ++i));
          break;
        case "DELIMITER":
          i += t.get(i + 1).isWord("AS") ? 1 : 0;
          delimiter = value(t, ++i).charAt(0);
          break;
        case "NULL":
          i += t.get(i + 1).isWord("AS") ? 1 : 0;
          nullString = value(t, ++i);
          break;
        case "QUOTE":
          i += t.get(i + 1).isWord("AS") ? 1 : 0;
          quote = value(t, ++i).charAt(0);
          break;
        case "ENCODING":
        case "FORCE_QUOTE":
        case "ESCAPE":
          i++;
          break;
        default:
          return syntax("COPY option \"" + word + "\" not recognized");
      }
    }
    return new Command.Copy(query, csv, header, delimiter != null ? delimiter : csv ? ',' : '\t',
        nullString != null ? nullString : csv ? "" : "\\N", quote);
  }

  private static boolean isBoolean(Token k) {
    return k.kind() == Token.Kind.WORD && (k.isWord("true") || k.isWord("false") || k.isWord("on")
        || k.isWord("off")) || k.kind() == Token.Kind.NUMBER;
  }

  private static boolean truthy(String v) {
    return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("on") || v.equals("1");
  }

  private static String value(List<Token> t, int i) {
    if (i >= t.size()) {
      throw new IllegalArgumentException("COPY option without a value");
    }
    Token k = t.get(i);
    return k.kind() == Token.Kind.STRING ? CommandParser.unquote(k.text()) : k.text();
  }

  private static Command syntax(String message) {
    return new Command.Refused("42601", "syntax error in COPY: " + message);
  }
}
