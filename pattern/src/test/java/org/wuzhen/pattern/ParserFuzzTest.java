package org.wuzhen.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bounded fuzzing of the parser and checker: 20,000 random and mutated inputs, fixed seed. */
class ParserFuzzTest {
  private static final List<String> SEEDS =
      List.of(
          "[file:hashes.'SHA-256' = 'aec0' AND file:size > 5]",
          "[a:b[*].c = 1] FOLLOWEDBY ([x:y IN (1, 2.5, 'z')] OR [EXISTS q:r]) WITHIN 5 SECONDS",
          "[ipv4-addr:value ISSUBSET '10.0.0.0/8'] REPEATS 2 TIMES START t'2020-01-01T00:00:00Z' STOP t'2020-01-02T00:00:00Z'",
          "[file:name NOT LIKE 'a%' OR file:name MATCHES '^x$'] AND [a:b = b'AAE=' AND a:c != h'ff']",
          "[(a:b = true OR a:c = false) AND a:d <= -1.5] /* c */");
  private static final List<String> TOKENS =
      List.of(
          "[",
          "]",
          "(",
          ")",
          ":",
          ".",
          ",",
          "*",
          "=",
          "==",
          "!=",
          "<>",
          "<",
          ">",
          "<=",
          ">=",
          "'",
          "\\",
          "t'",
          "b'",
          "h'",
          "AND",
          "OR",
          "NOT",
          "FOLLOWEDBY",
          "IN",
          "LIKE",
          "MATCHES",
          "ISSUBSET",
          "ISSUPERSET",
          "EXISTS",
          "WITHIN",
          "SECONDS",
          "REPEATS",
          "TIMES",
          "START",
          "STOP",
          "true",
          "file",
          "x-a",
          "a_b",
          "1",
          "-2",
          "3.5",
          ".",
          " ",
          "/*",
          "*/",
          "//",
          "\n",
          "é",
          "\uD83D\uDE00",
          "\uD83D",
          "\u0000");

  @Test
  void parserOnlyEverThrowsItsSyntaxException() {
    Random random = new Random(20_250_101L);
    int parsed = 0;
    for (int i = 0; i < 20_000; i++) {
      String input = i % 2 == 0 ? mutate(random) : tokens(random);
      Pattern pattern;
      try {
        pattern = Patterns.parse(input);
      } catch (PatternSyntaxException expected) {
        assertThat(expected.column()).as(input).isBetween(1, input.length() + 1);
        continue;
      }
      parsed++;
      assertThat(Patterns.parse(pattern.canonical())).as(input).isEqualTo(pattern);
      Patterns.check(input);
    }
    assertThat(parsed).isPositive();
  }

  private static String mutate(Random random) {
    StringBuilder s = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
    for (int k = 1 + random.nextInt(4); k > 0 && s.length() > 0; k--) {
      int at = random.nextInt(s.length());
      switch (random.nextInt(4)) {
        case 0 -> s.deleteCharAt(at);
        case 1 -> s.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
        case 2 -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
        default -> {
          int end = Math.min(s.length(), at + random.nextInt(10));
          s.insert(random.nextInt(s.length()), s.substring(at, end));
        }
      }
    }
    return s.toString();
  }

  private static String tokens(Random random) {
    StringBuilder s = new StringBuilder();
    for (int k = random.nextInt(30); k > 0; k--) {
      s.append(TOKENS.get(random.nextInt(TOKENS.size()))).append(random.nextBoolean() ? " " : "");
    }
    return s.toString();
  }
}
