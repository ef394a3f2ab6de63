package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixTimestamp;

/**
 * {@link TimeText} against the general readers and writers it stands in for: {@code
 * OffsetDateTime.parse}, {@code BigDecimal} epoch seconds, and {@code
 * StixTimestamp.parse(instant.toString())}. Each answer it gives is theirs, and it answers for
 * every text of the shape it claims.
 */
class TimeTextTest {
  private static final Pattern STRICT_ISO =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
  private static final Pattern PLAIN_EPOCH = Pattern.compile("\\d{1,15}(\\.\\d{1,9})?");

  @Test
  void isoUtcReadsExactlyWhatOffsetDateTimeReads() {
    qt().withExamples(20_000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              String text = isoText(new Random(seed));
              Instant expected;
              try {
                expected = OffsetDateTime.parse(text).toInstant();
              } catch (DateTimeException e) {
                expected = null;
              }
              Instant actual = TimeText.isoUtc(text);
              if (actual != null) {
                assertThat(actual).as(text).isEqualTo(expected);
              } else if (expected != null) {
                assertThat(STRICT_ISO.matcher(text).matches())
                    .as("'%s' is of the shape, yet not read", text)
                    .isFalse();
              }
            });
  }

  @Test
  void isoUtcReadsTheZeekTimes() {
    assertThat(TimeText.isoUtc("2018-03-24T17:15:20.600843Z"))
        .isEqualTo(Instant.parse("2018-03-24T17:15:20.600843Z"));
    assertThat(TimeText.isoUtc("2024-02-29T23:59:59Z"))
        .isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
    assertThat(TimeText.isoUtc("2023-02-29T00:00:00Z")).isNull();
    assertThat(TimeText.isoUtc("2023-02-28T24:00:00Z")).isNull();
    assertThat(TimeText.isoUtc("2023-02-28T00:00:60Z")).isNull();
    assertThat(TimeText.isoUtc("2023-02-28T00:00:00.Z")).isNull();
    assertThat(TimeText.isoUtc("2023-02-28t00:00:00z")).isNull(); // read the general way
  }

  private static String isoText(Random r) {
    StringBuilder b = new StringBuilder();
    b.append(pad(r.nextInt(10) == 0 ? r.nextInt(10_000) : 1970 + r.nextInt(80), 4)).append('-');
    b.append(pad(r.nextInt(14), 2)).append('-');
    b.append(pad(r.nextInt(33), 2)).append('T');
    b.append(pad(r.nextInt(26), 2)).append(':');
    b.append(pad(r.nextInt(62), 2)).append(':');
    b.append(pad(r.nextInt(62), 2));
    int fraction = r.nextInt(13) - 1;
    if (fraction >= 0) {
      b.append('.');
      for (int i = 0; i < fraction; i++) {
        b.append((char) ('0' + r.nextInt(10)));
      }
    }
    b.append('Z');
    for (int flips = r.nextInt(4) - 1; flips > 0; flips--) {
      int at = r.nextInt(b.length());
      b.setCharAt(at, "0123456789-:.TZtz+ x".charAt(r.nextInt(20)));
    }
    return b.toString();
  }

  @Test
  void epochSecondsReadsExactlyWhatBigDecimalReads() {
    qt().withExamples(20_000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random r = new Random(seed);
              StringBuilder b = new StringBuilder();
              if (r.nextInt(10) == 0) {
                b.append("+-e".charAt(r.nextInt(3)));
              }
              for (int i = r.nextInt(18); i >= 0; i--) {
                b.append((char) ('0' + r.nextInt(10)));
              }
              if (r.nextBoolean()) {
                b.append('.');
                for (int i = r.nextInt(12); i > 0; i--) {
                  b.append((char) ('0' + r.nextInt(10)));
                }
              }
              if (r.nextInt(10) == 0) {
                b.append("e1");
              }
              String text = b.toString();
              Instant expected = bigDecimalSeconds(text);
              Instant actual = TimeText.epochSeconds(text);
              if (actual != null) {
                assertThat(actual).as(text).isEqualTo(expected);
              } else {
                assertThat(PLAIN_EPOCH.matcher(text).matches()).as(text).isFalse();
              }
            });
  }

  /** The general reading, as {@link ZeekRecord#epochSeconds} did it before; null when refused. */
  private static Instant bigDecimalSeconds(String text) {
    try {
      BigDecimal s = new BigDecimal(text);
      long seconds = s.setScale(0, RoundingMode.FLOOR).longValueExact();
      int nanos = s.subtract(BigDecimal.valueOf(seconds)).movePointRight(9).intValue();
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (ArithmeticException | NumberFormatException | DateTimeException e) {
      return null;
    }
  }

  @Test
  void stixTimestampOfAnInstantIsTheParsedTextOfIt() {
    qt().withExamples(20_000)
        .forAll(
            longs().between(-62_167_219_200L - 86_400, 253_402_300_800L + 86_400),
            integers().between(0, 999_999_999),
            integers().between(0, 3))
        .checkAssert(
            (seconds, nanos, rounding) -> {
              int nano =
                  switch (rounding) {
                    case 0 -> 0;
                    case 1 -> nanos / 1_000_000 * 1_000_000;
                    case 2 -> nanos / 1_000 * 1_000;
                    default -> nanos;
                  };
              Instant t = Instant.ofEpochSecond(seconds, nano);
              StixTimestamp expected;
              try {
                expected = StixTimestamp.parse(t.toString());
              } catch (StixFormatException e) {
                assertThatThrownBy(() -> TimeText.stix(t)).isInstanceOf(StixFormatException.class);
                return;
              }
              assertThat(TimeText.stix(t)).as(t.toString()).isEqualTo(expected);
            });
  }

  private static String pad(int value, int width) {
    String s = Integer.toString(value);
    return "0".repeat(Math.max(0, width - s.length())) + s;
  }
}
