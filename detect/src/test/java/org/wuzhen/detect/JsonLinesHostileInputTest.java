package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Hostile input to the line-rate EVE and JSON-lines readers: each case is read both ways ({@link
 * LineRateDifferential}) and must give a clear bad line or the match it holds, never a crash, a
 * lost line after it, or a silent miss.
 */
class JsonLinesHostileInputTest {
  private static final DetectionEngine PLAN = EveLineRateTest.PRESENT;
  private static final String MATCHING =
      "{\"timestamp\":\"2018-03-24T17:15:20.865716+0000\",\"event_type\":\"dns\","
          + "\"src_ip\":\"10.47.1.100\",\"src_port\":41772,\"dest_ip\":\"10.0.0.100\","
          + "\"dest_port\":53,\"proto\":\"UDP\",\"dns\":{\"version\":2,\"type\":\"answer\","
          + "\"rrname\":\"a.example\",\"answers\":[{\"rrname\":\"a.example\",\"rdata\":\"134.71.3.16\"}]}}";
  private static final String QUIET = MATCHING.replace("134.71.3.16", "10.0.0.7");

  private static LineRateDifferential.Outcome read(byte[] content) {
    LineRateDifferential.agreeMapped("hostile.json", content, PLAN, MappedLineRateTest.EVE_MAPPING);
    return LineRateDifferential.agreeEve("hostile.json", content, PLAN);
  }

  private static byte[] lines(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String match(int line) {
    return "hostile.json:" + line + " " + Fixtures.id(1);
  }

  @Test
  void theQuietLineIsOnlyCountedAndTheMatchingOneBuilt() {
    LineRateDifferential.Outcome o = read(lines(QUIET, MATCHING));
    assertThat(o.unmatched()).isEqualTo(1);
    assertThat(o.matches()).containsExactly(match(2));
  }

  @Test
  void aTruncatedLineIsOneBadLineAndTheNextIsRead() {
    LineRateDifferential.Outcome o = read(lines(QUIET, MATCHING.substring(0, 150), MATCHING));
    assertThat(o.report().badLines())
        .singleElement()
        .satisfies(b -> assertThat(b.line()).isEqualTo(2));
    assertThat(o.matches()).containsExactly(match(3));
  }

  @Test
  void invalidUtf8IsReadAsTheExactReaderReadsIt() {
    byte[] good = MATCHING.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = MATCHING.indexOf("a.example");
    out.write(good, 0, at);
    out.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, 0, 3);
    out.write(good, at, good.length - at);
    out.write('\n');
    out.writeBytes(lines(MATCHING));
    assertThat(read(out.toByteArray()).matches()).containsExactly(match(1), match(2));
  }

  @Test
  void aHugeLineIsOneBadLineWithoutBeingHeld() {
    String huge = MATCHING.replace("a.example", "x".repeat(8 << 20));
    LineRateDifferential.Outcome o = read(lines(huge, MATCHING));
    assertThat(o.report().badLines())
        .singleElement()
        .satisfies(b -> assertThat(b.problem()).contains("more than 1048576 characters"));
    assertThat(o.matches()).containsExactly(match(2));
  }

  @Test
  void deepNestingIsABadLineAndNestingBeyondTheScanIsReadExactly() {
    String deep =
        QUIET.replace("\"version\":2", "\"x\":" + "[".repeat(100_000) + "]".repeat(100_000));
    String deeper =
        MATCHING.replace("\"version\":2", "\"x\":" + "{\"y\":".repeat(30) + "1" + "}".repeat(30));
    LineRateDifferential.Outcome o = read(lines(deep, deeper, MATCHING));
    assertThat(o.report().badLines())
        .singleElement()
        .satisfies(b -> assertThat(b.problem()).contains("nest"));
    assertThat(o.matches()).containsExactly(match(2), match(3));
  }

  @Test
  void escapedFieldNamesAreStillTheFields() {
    String section = MATCHING.replace("\"dns\":{", "\"d\\u006es\":{");
    String inner = MATCHING.replace("\"rdata\"", "\"rd\\u0061ta\"");
    assertThat(read(lines(section, inner)).matches()).containsExactly(match(1), match(2));
  }

  @Test
  void aLiteralDottedNameIsReadAsTheReaderReadsIt() {
    // JsonZeekRecord finds "dns.rrname" literally before walking into "dns".
    String dotted =
        QUIET.replace("\"proto\"", "\"dns.answers\":[{\"rdata\":\"134.71.3.16\"}],\"proto\"");
    assertThat(read(lines(dotted)).matches()).containsExactly(match(1));
  }

  @Test
  void duplicateAndWrongTypedNestedMembersAreBadLinesNamingThem() {
    String twice = QUIET.replace("\"type\":\"answer\"", "\"type\":\"answer\",\"type\":\"query\"");
    String wrong = QUIET.replace("[{\"rrname\"", "[\"x\",{\"rrname\"");
    String port = QUIET.replace("41772", "\"41772\"");
    LineRateDifferential.Outcome o = read(lines(twice, wrong, port, MATCHING));
    assertThat(o.report().badLines())
        .extracting(ReadReport.BadLine::problem)
        .satisfiesExactly(
            p -> assertThat(p).endsWith("duplicate member name 'type'"),
            p -> assertThat(p).isEqualTo("dns.answers: expected an array of objects, found string"),
            p -> assertThat(p).isEqualTo("src_port: expected an integer, found string"));
    assertThat(o.matches()).containsExactly(match(4));
  }

  @Test
  void oddTimesAreReadExactly() {
    List<String> times =
        List.of(
            "\"2018-03-24T17:15:20.865716-0000\"",
            "\"2018-03-24T17:15:20+05:30\"",
            "\"0001-01-01T00:00:00+0100\"",
            "\"2018-02-30T00:00:00Z\"",
            "99999999999999",
            "1521911720.123456789123",
            "-1");
    for (String t : times) {
      String line = MATCHING.replace("\"2018-03-24T17:15:20.865716+0000\"", t);
      read(lines(line, QUIET));
    }
  }

  /**
   * The check remembers the last good minute ({@code YYYY-MM-DDTHH:MM}): a time that shares it with
   * the line before and is bad in its seconds, fraction or zone, or differs from it in one place
   * only to name no real date or time, is still a bad line, as the exact reader has it.
   */
  @Test
  void badTimesAfterAGoodOneOfTheSameMinuteAreReadExactly() {
    String good = "\"2018-03-24T17:15:20.865716+0000\"";
    List<String> times =
        List.of(
            "\"2018-03-24T17:15:60+0000\"",
            "\"2018-03-24T17:15:2x+0000\"",
            "\"2018-03-24T17:15:20.+0000\"",
            "\"2018-03-24T17:15:20.1234567890+0000\"",
            "\"2018-03-24T17:15:20+2400\"",
            "\"2018-03-24T17:15:20+0000Z\"",
            "\"2018-03-24T17:15:20\"",
            "\"2018-03-24T17:60:20+0000\"",
            "\"2018-03-24T24:15:20+0000\"",
            "\"2018-02-29T17:15:20+0000\"",
            "\"2016-02-29T17:15:20+0000\"",
            "\"2018-03-32T17:15:20+0000\"",
            "\"2018-03-24X17:15:20+0000\"");
    List<String> lines = new java.util.ArrayList<>();
    for (String t : times) {
      lines.add(QUIET);
      lines.add(MATCHING.replace(good, t));
    }
    LineRateDifferential.Outcome o = read(lines(lines.toArray(String[]::new)));
    // All bad but the leap day of 2016 and "20." (a point without a fraction), which match:
    // the exact reader takes "20.", and the check leaves it to that reader.
    assertThat(o.report().badLines()).hasSize(times.size() - 2);
    assertThat(o.matches()).containsExactly(match(6), match(22));
  }

  @Test
  void aTruncatedGzipStreamKeepsWhatCameBeforeAndSaysSo() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      for (int i = 0; i < 2000; i++) {
        out.write(lines(i % 2 == 0 ? QUIET : MATCHING));
      }
    }
    byte[] cut = java.util.Arrays.copyOf(gz.toByteArray(), gz.size() - 20);
    LineRateDifferential.Outcome o = read(cut);
    assertThat(o.report().badLines().getLast().problem()).startsWith("compressed data:");
    assertThat(o.report().events()).isGreaterThan(0);
  }
}
