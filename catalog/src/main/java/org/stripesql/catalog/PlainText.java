package org.stripesql.catalog;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Shortens Stripe's markdown descriptions for REMARKS: links become their text, code marks and emphasis
 * go, whitespace collapses, and only the first sentence is kept, at most {@link #MAX_LENGTH} characters.
 */
final class PlainText {
  /** Longer first sentences are cut at a word and end with an ellipsis. */
  static final int MAX_LENGTH = 250;
  private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");
  private static final Pattern MARKS = Pattern.compile("`|\\*\\*|__");
  private static final Pattern SPACE = Pattern.compile("\\s+");
  /** Stripe's descriptions say "amount in %s" where its documentation says "in the smallest currency unit". */
  private static final String CURRENCY_UNIT = "%s";
  private static final Set<String> ABBREVIATIONS = Set.of("e.g", "i.e", "etc", "vs", "U.S", "Inc", "Ltd", "Co",
      "No", "approx", "incl", "St", "Mr", "Ms", "Dr");

  private PlainText() {}

  /** The first sentence of a description as plain text, or null for a blank one. */
  static String firstSentence(String markdown) {
    if (markdown == null) {
      return null;
    }
    String text = SPACE.matcher(MARKS.matcher(LINK.matcher(markdown).replaceAll("$1")).replaceAll(""))
        .replaceAll(" ").replace(CURRENCY_UNIT, "the smallest currency unit").strip();
    if (text.isEmpty()) {
      return null;
    }
    return cap(text.substring(0, sentenceEnd(text)));
  }

  /** The index just past the first sentence's final punctuation, or the text's length. */
  private static int sentenceEnd(String text) {
    for (int i = 0; i < text.length() - 2; i++) {
      char c = text.charAt(i);
      if ((c == '.' || c == '!' || c == '?') && text.charAt(i + 1) == ' '
          && Character.isUpperCase(text.charAt(i + 2)) && !(c == '.' && abbreviation(text, i))) {
        return i + 1;
      }
    }
    return text.length();
  }

  private static boolean abbreviation(String text, int dot) {
    int start = text.lastIndexOf(' ', dot - 1) + 1;
    String word = text.substring(start, dot);
    if (word.startsWith("(")) {
      word = word.substring(1);
    }
    return ABBREVIATIONS.contains(word) || word.length() == 1;
  }

  private static String cap(String sentence) {
    if (sentence.length() <= MAX_LENGTH) {
      return sentence;
    }
    int cut = sentence.lastIndexOf(' ', MAX_LENGTH - 1);
    return sentence.substring(0, cut > 0 ? cut : MAX_LENGTH - 1) + "…";
  }
}
