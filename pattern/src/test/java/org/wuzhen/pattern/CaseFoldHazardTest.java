package org.wuzhen.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Found by PatternFuzzTest: {@code [file:name MATCHES '(?i)[1-\uFFFD]']} never finished checking,
 * as RE2J looped forever folding the case of U+1C80..U+1C88. (The timeouts only keep a regression
 * from hanging the build; nothing here measures time.)
 */
class CaseFoldHazardTest {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void refusesCaseFoldingThatReachesTheLettersRe2jCannotFold() {
    List<String> hazards =
        List.of(
            "(?i)\u1c80",
            "(?i)[1-\ufffd]",
            "(?si:x)|[\u0430-\u1c88]",
            "(?i)[\\x{1c80}]",
            "(?i)\\x{1C88}",
            "(?i)[a\\x{400}-\\x{1d00}]",
            "(?i)[[:alpha:]\u0430-\u1c89]",
            "(?i)[]\u0430-\u1c89]",
            "(?i)[\u0000---$-\ufffd]");
    for (String regex : hazards) {
      assertThat(RegexSafety.refusal(regex))
          .as(regex)
          .hasValueSatisfying(why -> assertThat(why).contains("cannot fold the case of U+1C80"));
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void compilesOtherRegexesWithTheLettersOrWithCaseFolding() {
    List<String> safe =
        List.of(
            "\u1c80",
            "[\u0430-\u1c88]",
            "(?-i)\u1c80",
            "(?s)\u1c80",
            "(?i)abc\u0432",
            "(?i)[\\x{0}-\\x{10ffff}]",
            "(?i)[\u1c89-\uffff]",
            "(?i)\\p{Greek}",
            "(?i)[\\t-~]",
            // RE2J's Unicode tables predate the letters, so its classes hold none of them:
            "(?i)\\p{Cyrillic}",
            "(?i)\\P{Ll}",
            "(?i)\\pL");
    for (String regex : safe) {
      assertThat(RegexSafety.refusal(regex)).as(regex).isEmpty();
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void checkerAndMatcherRefuseSuchAPatternInsteadOfHanging() {
    String pattern = "[file:name MATCHES '(?i)[1-\ufffd]']";
    CheckResult checked = Patterns.check(pattern);
    assertThat(checked.errors())
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("cannot fold the case of U+1C80"));
    assertThat(
            Patterns.match(
                pattern, org.wuzhen.stix.Json.parse("{\"type\":\"bundle\",\"objects\":[]}")))
        .isInstanceOf(MatchOutcome.InvalidPattern.class);
  }
}
