package org.wuzhen.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StixTimestampTest {

  @Test
  void keepsTextAndPrecision() {
    StixTimestamp t = StixTimestamp.parse("2016-05-12T08:17:27.000000Z");
    assertThat(t.text()).isEqualTo("2016-05-12T08:17:27.000000Z");
    assertThat(t.fractionDigits()).isEqualTo(6);
    assertThat(t.instant()).isEqualTo(Instant.parse("2016-05-12T08:17:27Z"));
  }

  @Test
  void ordersByInstantNotText() {
    assertThat(StixTimestamp.parse("2020-01-01T00:00:00.5Z"))
        .isGreaterThan(StixTimestamp.parse("2020-01-01T00:00:00.499999Z"));
    assertThat(StixTimestamp.parse("2020-01-01T00:00:00Z"))
        .isEqualByComparingTo(StixTimestamp.parse("2020-01-01T00:00:00.000Z"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2020-01-01",
        "2020-01-01T00:00:00",
        "2020-01-01T00:00:00+00:00",
        "2020-13-01T00:00:00Z",
        "2020-02-30T00:00:00Z",
        "2020-01-01T24:00:00Z",
        "2020-01-01t00:00:00z",
        "2020-01-01T00:00:00.Z"
      })
  void refusesInvalidText(String text) {
    assertThatThrownBy(() -> StixTimestamp.parse(text))
        .isInstanceOf(StixFormatException.class)
        .hasMessageContaining(text);
  }

  @Test
  void writesMillisecondTimestamps() {
    assertThat(StixTimestamp.ofMillis(Instant.parse("2021-03-04T05:06:07.123456Z")).text())
        .isEqualTo("2021-03-04T05:06:07.123Z");
    assertThat(StixTimestamp.ofMillis(Instant.parse("2021-03-04T05:06:07Z")).text())
        .isEqualTo("2021-03-04T05:06:07.000Z");
  }

  /** The regular expression the parser once used: the language it must still accept. */
  private static final Pattern SYNTAX =
      Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?Z");

  /** The instant the regular expression's reading gives, or empty when it refuses the text. */
  private static Optional<Instant> byRegex(String text) {
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    String fraction = m.group(7) == null ? "" : m.group(7);
    int nanos = 0;
    for (int i = 0; i < 9; i++) {
      nanos = nanos * 10 + (i < fraction.length() ? fraction.charAt(i) - '0' : 0);
    }
    int second = Integer.parseInt(m.group(6));
    try {
      return Optional.of(
          LocalDateTime.of(
                  Integer.parseInt(m.group(1)),
                  Integer.parseInt(m.group(2)),
                  Integer.parseInt(m.group(3)),
                  Integer.parseInt(m.group(4)),
                  Integer.parseInt(m.group(5)),
                  second == 60 ? 59 : second,
                  second == 60 ? 999_999_999 : nanos)
              .toInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** Characters a timestamp is made of, and a few it must not contain (a non-ASCII digit too). */
  private static final String ALPHABET = "0123456789-:.TZtz +\u0663";

  @Test
  void acceptsExactlyWhatTheRegularExpressionAcceptedAndReadsTheSameInstant() {
    qt().withExamples(20_000)
        .forAll(
            longs().between(-62_135_596_800_000L, 253_402_300_799_999L),
            integers().between(0, 12),
            integers().between(0, 40),
            integers().between(0, ALPHABET.length() - 1))
        .checkAssert(
            (millis, fractionDigits, position, pick) -> {
              // A valid timestamp of some precision, often with one character changed.
              String valid = Instant.ofEpochMilli(millis).toString().replace(".", "");
              valid = valid.substring(0, 19) + (fractionDigits == 0 ? "" : ".");
              for (int i = 0; i < fractionDigits; i++) {
                valid += (char) ('0' + (millis + i) % 10);
              }
              valid += "Z";
              String text =
                  position < valid.length() && position % 3 != 0
                      ? valid.substring(0, position)
                          + ALPHABET.charAt(pick)
                          + valid.substring(position + 1)
                      : valid;
              Optional<Instant> expected = byRegex(text);
              if (expected.isEmpty()) {
                assertThatThrownBy(() -> StixTimestamp.parse(text))
                    .isInstanceOf(StixFormatException.class)
                    .hasMessageContaining(text);
              } else {
                StixTimestamp t = StixTimestamp.parse(text);
                assertThat(t.instant()).isEqualTo(expected.get());
                assertThat(t.text()).isEqualTo(text);
                assertThat(t.fractionDigits())
                    .isEqualTo(text.length() == 20 ? 0 : text.length() - 21);
              }
            });
  }

  @Test
  void writesEveryMillisecondTimestampAsInstantDoesPaddedToThreeDigits() {
    qt().withExamples(20_000)
        .forAll(longs().between(-400_000_000_000_000L, 400_000_000_000_000L))
        .checkAssert(
            millis -> {
              Instant at = Instant.ofEpochMilli(millis);
              String text = at.toString();
              String expected =
                  text.contains(".")
                      ? text.substring(0, text.indexOf('.') + 1)
                          + (text.substring(text.indexOf('.') + 1, text.length() - 1) + "000")
                              .substring(0, 3)
                          + "Z"
                      : text.substring(0, text.length() - 1) + ".000Z";
              StixTimestamp t = StixTimestamp.ofMillis(at.plusNanos(999));
              assertThat(t.text()).isEqualTo(expected);
              assertThat(t.instant()).isEqualTo(at);
            });
  }
}
