package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Hostile input to the line-rate Zeek reader: each case is read both ways ({@link
 * LineRateDifferential}) and must give a clear bad line or the match it holds, never a crash, a
 * lost line after it, or a silent miss.
 */
class LineRateHostileInputTest {
  private static final DetectionEngine PLAN = LineRateReadingTest.PRESENT;
  private static final String MATCHING =
      "{\"_path\":\"dns\",\"ts\":\"2018-03-24T17:15:20.865716Z\",\"id.orig_h\":\"10.47.1.100\","
          + "\"id.orig_p\":41772,\"id.resp_h\":\"134.71.3.16\",\"id.resp_p\":53,\"proto\":\"udp\","
          + "\"query\":\"a.example\",\"answers\":[\"b.example\"]}";
  private static final String QUIET = MATCHING.replace("134.71.3.16", "10.0.0.100");

  private static LineRateDifferential.Outcome read(byte[] content) {
    return LineRateDifferential.agree("hostile.json", content, PLAN);
  }

  private static byte[] lines(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aTruncatedLineIsOneBadLineAndTheNextIsRead() {
    LineRateDifferential.Outcome o = read(lines(QUIET, MATCHING.substring(0, 90), MATCHING, QUIET));
    assertThat(o.report().badLineCount()).isEqualTo(1);
    assertThat(o.report().badLines().getFirst().line()).isEqualTo(2);
    assertThat(o.matches()).containsExactly("hostile.json:3 " + Fixtures.id(1));
    assertThat(o.report().events()).isEqualTo(3);
  }

  @Test
  void invalidUtf8IsReadAsTheExactReaderReadsIt() {
    byte[] good = MATCHING.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = MATCHING.indexOf("a.example");
    out.write(good, 0, at);
    out.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, 0, 3); // invalid sequences
    out.write(good, at, good.length - at);
    out.write('\n');
    out.writeBytes(lines(MATCHING));
    LineRateDifferential.Outcome o = read(out.toByteArray());
    // Decoded with replacement characters, the line is still a record and still matches.
    assertThat(o.matches())
        .containsExactly("hostile.json:1 " + Fixtures.id(1), "hostile.json:2 " + Fixtures.id(1));
  }

  @Test
  void aHugeLineIsOneBadLineWithoutBeingHeld() {
    String huge = "{\"_path\":\"dns\",\"query\":\"" + "x".repeat(8 << 20) + "\"}";
    LineRateDifferential.Outcome o = read(lines(huge, MATCHING));
    assertThat(o.report().badLines())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.line()).isEqualTo(1);
              assertThat(b.problem()).contains("more than 1048576 characters");
            });
    assertThat(o.matches()).containsExactly("hostile.json:2 " + Fixtures.id(1));
  }

  @Test
  void aLineJustBelowTheByteBoundIsCheckedByItsCharacters() {
    String big = "{\"_path\":\"dns\",\"query\":\"" + "x".repeat(2 << 20) + "\"}";
    LineRateDifferential.Outcome o = read(lines(big, MATCHING));
    assertThat(o.report().badLines().getFirst().problem())
        .isEqualTo("line has " + big.length() + " characters, more than 1048576");
  }

  @Test
  void deepNestingIsABadLine() {
    String deep = MATCHING.replace("[\"b.example\"]", "[".repeat(100_000) + "]".repeat(100_000));
    LineRateDifferential.Outcome o = read(lines(deep, MATCHING));
    assertThat(o.report().badLines().getFirst().problem()).contains("nest");
    assertThat(o.matches()).containsExactly("hostile.json:2 " + Fixtures.id(1));
  }

  @Test
  void anEscapedFieldNameIsStillTheFieldAndStillMatches() {
    String escaped = MATCHING.replace("\"id.resp_h\"", "\"id.resp\\u005fh\"");
    LineRateDifferential.Outcome o = read(lines(escaped));
    assertThat(o.matches()).containsExactly("hostile.json:1 " + Fixtures.id(1));
  }

  @Test
  void anEscapedLogNameIsStillThatLog() {
    String escaped =
        QUIET.replace("\"dns\"", "\"dn\\u0073\"").replace("a.example", "ise.wrccdc.org");
    // Only the query can match: read as another log, the line would hit nothing.
    DetectionEngine domainOnly =
        DetectionEngine.compile(
            java.util.List.of(Fixtures.indicator(2, "[domain-name:value = 'ise.wrccdc.org']")));
    LineRateDifferential.Outcome o =
        LineRateDifferential.agree("hostile.json", lines(escaped), domainOnly);
    assertThat(o.matches()).containsExactly("hostile.json:1 " + Fixtures.id(2));
  }

  @Test
  void anEscapedValueStillMatches() {
    String escaped = MATCHING.replace("134.71.3.16", "134\\u002e71.3.16");
    LineRateDifferential.Outcome o = read(lines(escaped));
    assertThat(o.matches()).containsExactly("hostile.json:1 " + Fixtures.id(1));
  }

  @Test
  void aDuplicateMemberIsABadLine() {
    String twice = QUIET.replace("}", ",\"query\":\"c.example\"}");
    LineRateDifferential.Outcome o = read(lines(twice, QUIET));
    assertThat(o.report().badLines())
        .singleElement()
        .satisfies(b -> assertThat(b.problem()).contains("duplicate member name 'query'"));
    assertThat(o.report().events()).isEqualTo(1);
  }

  @Test
  void aFieldOfTheWrongTypeIsABadLineNamingIt() {
    String wrong = QUIET.replace("41772", "\"41772\"");
    LineRateDifferential.Outcome o = read(lines(wrong));
    assertThat(o.report().badLines().getFirst().problem())
        .isEqualTo("id.orig_p: expected an integer, found string");
  }

  @Test
  void aTimeBeyondFourDigitYearsIsABadLineBothWays() {
    // 10^14 seconds is in the year 3,170,843: no STIX timestamp can hold it.
    String far = QUIET.replace("\"2018-03-24T17:15:20.865716Z\"", "99999999999999");
    String negative = MATCHING.replace("\"2018-03-24T17:15:20.865716Z\"", "-99999999999.5");
    LineRateDifferential.Outcome o = read(lines(far, negative, QUIET));
    assertThat(o.report().badLineCount()).isEqualTo(2);
    assertThat(o.report().events()).isEqualTo(1);
  }

  @Test
  void carriageReturnsEndLinesAsTheExactReaderEndsThem() {
    byte[] content =
        (QUIET + "\r" + MATCHING + "\r\n" + QUIET + "\r\r" + MATCHING)
            .getBytes(StandardCharsets.UTF_8);
    LineRateDifferential.Outcome o = read(content);
    assertThat(o.report().events()).isEqualTo(4);
    assertThat(o.matches())
        .containsExactly("hostile.json:2 " + Fixtures.id(1), "hostile.json:5 " + Fixtures.id(1));
  }

  @Test
  void aTruncatedGzipStreamKeepsWhatCameBeforeAndSaysSo() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      for (int i = 0; i < 2000; i++) {
        out.write(lines(i % 2 == 0 ? QUIET : MATCHING));
      }
    }
    byte[] whole = gz.toByteArray();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 20);
    LineRateDifferential.Outcome o = read(cut);
    assertThat(o.report().badLines().getLast().problem()).startsWith("compressed data:");
    assertThat(o.report().events()).isGreaterThan(0);
  }
}
