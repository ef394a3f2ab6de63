package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The line-rate reading of Zeek TSV ({@link TsvLineCheck}) against the exact one ({@link
 * LineRateDifferential}): every line of the real dns, ssl and x509 logs under several plans,
 * hostile input (truncated lines, bad and changing headers, invalid UTF-8, huge lines, escapes),
 * each read both ways and giving a clear bad line or the match it holds, never a crash or a silent
 * miss.
 */
class TsvLineRateTest {
  private static final DetectionEngine PLAN = LineRateReadingTest.PRESENT;
  static final byte[] SSL_TSV = LineRateReadingTest.resource("tsv/ssl.log.gz");

  /** The eight header lines of the real dns log: data lines start at line 9. */
  private static final String HEADER = header(LineRateReadingTest.DNS_TSV);

  private static final String QUIET =
      String.join(
          "\t",
          "1521911720.865716",
          "CqKst53mF3det3eDV9",
          "10.47.1.100",
          "41772",
          "10.0.0.100",
          "53",
          "udp",
          "36329",
          "0.000870",
          "quiet.example",
          "1",
          "C_INTERNET",
          "1",
          "A",
          "0",
          "NOERROR",
          "F",
          "F",
          "T",
          "T",
          "0",
          "a.example,10.0.0.7",
          "2230.000000,41830.000000",
          "F");
  private static final String MATCHING = QUIET.replace("quiet.example", "ise.wrccdc.org");

  private static String header(byte[] log) {
    String text = new String(log, StandardCharsets.UTF_8);
    return text.substring(0, text.indexOf("\n1") + 1);
  }

  private static LineRateDifferential.Outcome read(String... lines) {
    return readUnder(HEADER, lines);
  }

  private static LineRateDifferential.Outcome readUnder(String header, String... lines) {
    return LineRateDifferential.agree("hostile.log", bytes(header, lines), PLAN);
  }

  private static byte[] bytes(String header, String... lines) {
    return (header + String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String match(int line) {
    return "hostile.log:" + line + " " + Fixtures.id(2);
  }

  @Test
  void agreesOnEveryLineOfTheRealTsvLogs() {
    DetectionEngine clear =
        DetectionEngine.compile(
            List.of(
                Fixtures.indicator(1, "[ipv4-addr:value = '203.0.113.77']"),
                Fixtures.indicator(2, "[domain-name:value LIKE '%.nowhere.example']"),
                Fixtures.indicator(3, "[ipv4-addr:value ISSUBSET '198.51.100.0/24']"),
                Fixtures.indicator(4, "[ipv6-addr:value ISSUBSET '2001:db8::/32']")));
    for (DetectionEngine plan : List.of(PLAN, clear, DetectionEngine.compile(List.of()))) {
      LineRateDifferential.Outcome dns =
          LineRateDifferential.agree("dns.log", LineRateReadingTest.DNS_TSV, plan);
      LineRateDifferential.Outcome ssl = LineRateDifferential.agree("ssl.log", SSL_TSV, plan);
      LineRateDifferential.agree("x509.log", LineRateReadingTest.X509_TSV, plan);
      assertThat(dns.report().badLineCount()).isZero();
      assertThat(ssl.report().badLineCount()).isZero();
      if (plan != PLAN) {
        assertThat(dns.events()).as("lines built under a plan clear of the log").isEmpty();
        assertThat(ssl.events()).isEmpty();
      }
    }
    LineRateDifferential.Outcome ssl = LineRateDifferential.agree("ssl.log", SSL_TSV, PLAN);
    assertThat(ssl.matches()).as("certificate hashes and blocks of the ssl log").isNotEmpty();
    assertThat(ssl.unmatched()).isGreaterThan(0);
  }

  @Test
  void aTruncatedLineIsOneBadLineAndTheNextIsRead() {
    LineRateDifferential.Outcome o =
        read(QUIET, MATCHING.substring(0, 40), MATCHING.substring(0, MATCHING.length() - 1), QUIET);
    // Cut inside a column: too few columns; cut in the last column: a good line still.
    assertThat(o.report().badLines())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.line()).isEqualTo(10);
              assertThat(b.problem()).isEqualTo("expected 24 columns (#fields), found 3");
            });
    assertThat(o.matches()).containsExactly(match(11));
    assertThat(o.report().events()).isEqualTo(3);
  }

  @Test
  void aLineWithTooManyColumnsIsABadLine() {
    String many = MATCHING + "\textra".repeat(100);
    LineRateDifferential.Outcome o = read(many, MATCHING);
    assertThat(o.report().badLines().getFirst().problem())
        .isEqualTo("expected 24 columns (#fields), found 124");
    assertThat(o.matches()).containsExactly(match(10));
  }

  /** The {@code #fields} line with query and qclass_name swapped. */
  private static String swappedFields() {
    String fields = HEADER.substring(HEADER.indexOf("#fields"), HEADER.indexOf("\n#types"));
    return fields
        .replace("\tquery\t", "\tQ\t")
        .replace("\tqclass_name\t", "\tquery\t")
        .replace("\tQ\t", "\tqclass_name\t");
  }

  /** {@link #MATCHING} with the columns of query and qclass_name swapped. */
  private static String reorderedMatching() {
    String[] c = MATCHING.split("\t", -1);
    String moved = c[9];
    c[9] = c[11];
    c[11] = moved;
    return String.join("\t", c);
  }

  @Test
  void aFieldsLineChangedMidFileMovesTheColumns() {
    // The second header swaps query and qclass_name: a reader keeping the old positions would
    // probe "C_INTERNET" and miss the query.
    LineRateDifferential.Outcome o =
        read(QUIET, swappedFields(), reorderedMatching(), QUIET, MATCHING);
    assertThat(o.matches()).containsExactly(match(11));
    assertThat(o.report().badLineCount()).isZero();
  }

  @Test
  void aFieldsLineWithFewerColumnsMakesLaterLinesBad() {
    String fields = HEADER.substring(HEADER.indexOf("#fields"), HEADER.indexOf("\n#types"));
    String shorter = fields.substring(0, fields.lastIndexOf('\t'));
    LineRateDifferential.Outcome o = read(MATCHING, shorter, MATCHING, "#path\tssl", QUIET);
    assertThat(o.matches()).containsExactly(match(9));
    assertThat(o.report().badLineCount()).isEqualTo(2);
    assertThat(o.report().badLines().getFirst().problem())
        .isEqualTo("expected 23 columns (#fields), found 24");
  }

  @Test
  void oddHeadersAreReadAsTheExactReaderReadsThem() {
    // A comma separator, a two-char set separator, non-ASCII unset and empty markers.
    String commas =
        HEADER
            .replace("#separator \\x09", "#separator \\x2c")
            .replace("\t", ",")
            .replace("#set_separator,,", "#set_separator,;;")
            .replace("#unset_field,-", "#unset_field,\u2013")
            .replace("#empty_field,(empty)", "#empty_field,\u00e9");
    String line = MATCHING.replace(",", ";;").replace("\t", ",");
    String quiet = QUIET.replace(",", ";;").replace("\t", ",");
    LineRateDifferential.Outcome o =
        readUnder(commas, quiet, line, line.replace("ise.wrccdc.org", "\u2013"));
    assertThat(o.report().badLineCount()).isZero();
    assertThat(o.report().events()).isEqualTo(3);
    assertThat(o.matches()).containsExactly(match(10));
    LineRateDifferential.Outcome twoChars =
        readUnder(
            HEADER.replace("#separator \\x09", "#separator \\x09\\x09").replace("\t", "\t\t"),
            MATCHING.replace("\t", "\t\t"),
            QUIET.replace("\t", "\t\t"));
    assertThat(twoChars.report().events()).isEqualTo(2);
    assertThat(twoChars.matches()).hasSize(1);
  }

  @Test
  void invalidUtf8InAColumnIsReadAsTheExactReaderReadsIt() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(HEADER.getBytes(StandardCharsets.UTF_8));
    byte[] good = MATCHING.getBytes(StandardCharsets.UTF_8);
    int at = MATCHING.indexOf("ise.wrccdc.org");
    out.write(good, 0, at);
    out.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF});
    out.write(good, at, good.length - at);
    out.write('\n');
    byte[] quiet = QUIET.getBytes(StandardCharsets.UTF_8);
    out.write(quiet, 0, 5);
    out.write(0xE2); // a truncated sequence in the time
    out.write(quiet, 5, quiet.length - 5);
    out.write('\n');
    out.writeBytes((MATCHING + "\n").getBytes(StandardCharsets.UTF_8));
    LineRateDifferential.Outcome o =
        LineRateDifferential.agree("hostile.log", out.toByteArray(), PLAN);
    assertThat(o.report().badLines())
        .singleElement()
        .satisfies(b -> assertThat(b.line()).isEqualTo(10));
    assertThat(o.matches()).containsExactly(match(11));
  }

  @Test
  void aHugeLineIsOneBadLineAndALongOneIsRead() {
    String huge = MATCHING.replace("ise.wrccdc.org", "x".repeat(8 << 20));
    String longQuery =
        MATCHING
            .replace("quiet", "")
            .replace("ise.wrccdc.org", "y".repeat(700_000) + ".ise.wrccdc.cpp.edu");
    LineRateDifferential.Outcome o = read(huge, longQuery, MATCHING);
    assertThat(o.report().badLines())
        .singleElement()
        .satisfies(b -> assertThat(b.problem()).contains("more than 1048576 characters"));
    assertThat(o.matches()).containsExactly("hostile.log:10 " + Fixtures.id(3), match(11));
  }

  @Test
  void escapesInColumnsAndSetsAreDecodedBeforeMatching() {
    LineRateDifferential.Outcome o =
        read(
            QUIET.replace("quiet.example", "ise.wrccdc\\x2eorg"),
            QUIET.replace("a.example,10.0.0.7", "a.example,134\\x2e71.3.16"),
            QUIET.replace("a.example,10.0.0.7", "x\\x2cy,a\\\\b,ise.wrccdc.org"),
            QUIET.replace("quiet.example", "quiet\\x2"),
            QUIET.replace("quiet.example", "back\\\\slash").replace("10.0.0.7", "134.71.3.16"),
            QUIET.replace("10.47.1.100", "10.47.3.\\x31"));
    assertThat(o.report().badLineCount()).isZero();
    assertThat(o.matches())
        .containsExactly(
            match(9),
            "hostile.log:10 " + Fixtures.id(1),
            match(11),
            "hostile.log:13 " + Fixtures.id(1),
            "hostile.log:14 " + Fixtures.id(4));
  }

  @Test
  void wrongTypesUnsetAndEmptyColumnsAgree() {
    LineRateDifferential.Outcome o =
        read(
            QUIET.replace("1521911720.865716", "-"),
            QUIET.replace("41772", "port"),
            MATCHING.replace("41772", "-"),
            QUIET.replace("a.example,10.0.0.7", "(empty)"),
            MATCHING.replace("a.example,10.0.0.7", "-"),
            QUIET.replace("1521911720.865716", "1e9"),
            MATCHING.replace("quiet", "").replace("ise.wrccdc.org", ""),
            "",
            QUIET.replace("\t", "\t\u00a0"));
    // 1e9 is epoch seconds to the exact reader too (read as a decimal), so read the exact way.
    assertThat(o.report().badLines())
        .extracting(ReadReport.BadLine::line)
        .containsExactly(9L, 10L, 17L);
    assertThat(o.matches()).containsExactly(match(11), match(13));
  }

  @Test
  void aRepeatedValueIsProbedAgainAfterTheHeaderChanges() {
    // The same answers column misses under ',' (one element "x;134.71.3.16") and hits under ';':
    // a miss remembered across the header change would lose the match.
    String answers = QUIET.replace("a.example,10.0.0.7", "x;134.71.3.16");
    LineRateDifferential.Outcome o =
        read(
            answers, answers, "#set_separator\t;", answers, "#empty_field\tx;134.71.3.16", answers);
    assertThat(o.matches()).containsExactly("hostile.log:12 " + Fixtures.id(1));
    assertThat(o.report().events()).isEqualTo(4);
  }

  @Test
  void aTextThatMissedInOneFieldStillHitsInAnother() {
    // The query feeds domain names only, so there the address misses and is remembered; lines
    // later the same text as the responder must still be probed against the addresses.
    DetectionEngine address =
        DetectionEngine.compile(
            List.of(
                Fixtures.indicator(1, "[domain-name:value = 'elsewhere.example']"),
                Fixtures.indicator(2, "[ipv4-addr:value = '10.9.9.9']")));
    String asQuery = QUIET.replace("quiet.example", "10.9.9.9");
    String asResponder = QUIET.replace("10.0.0.100", "10.9.9.9");
    LineRateDifferential.Outcome o =
        LineRateDifferential.agree(
            "hostile.log",
            bytes(HEADER, asQuery, QUIET, asQuery, MATCHING, asResponder, asQuery, asResponder),
            address);
    assertThat(o.matches()).containsExactly(match(13), match(15));
  }

  @Test
  void aValueThatMissedLinesBeforeIsNotProbedAgainButAHitIsAlwaysFound() {
    // Lines alternate between two queries, so the memo of the line before never holds; the
    // answer must stay the same whichever structure remembers the miss.
    String other = QUIET.replace("quiet.example", "other.example");
    LineRateDifferential.Outcome o =
        read(QUIET, other, QUIET, other, MATCHING, QUIET, MATCHING, other, MATCHING);
    assertThat(o.matches()).containsExactly(match(13), match(15), match(17));
    assertThat(o.report().events()).isEqualTo(9);
  }

  @Test
  void aRepeatedValueIsProbedAgainUnderANewPlan() {
    byte[] line = (QUIET + "\n").getBytes(StandardCharsets.UTF_8);
    TsvHeader header = new TsvHeader();
    for (String h : HEADER.split("\n")) {
      header.read(h);
    }
    RawProbe quiet = PLAN.zeekProbe();
    RawProbe matching =
        DetectionEngine.compile(
                List.of(Fixtures.indicator(1, "[domain-name:value = 'quiet.example']")))
            .zeekProbe();
    TsvLineCheck check = new TsvLineCheck();
    int end = line.length - 1;
    assertThat(check.check(line, 0, end, header, "dns", quiet)).isEqualTo(ZeekLineCheck.UNMATCHED);
    assertThat(check.check(line, 0, end, header, "dns", quiet)).isEqualTo(ZeekLineCheck.UNMATCHED);
    assertThat(check.check(line, 0, end, header, "dns", matching))
        .isEqualTo(ZeekLineCheck.READABLE);
    assertThat(check.check(line, 0, end, header, "dns", quiet)).isEqualTo(ZeekLineCheck.UNMATCHED);
  }

  @Test
  void aRepeatedJsonValueIsProbedAgainUnderANewPlan() {
    String json =
        "{\"_path\":\"dns\",\"ts\":1521911720.865716,\"id.orig_h\":\"10.47.1.100\","
            + "\"id.orig_p\":41772,\"id.resp_h\":\"10.0.0.100\",\"id.resp_p\":53,"
            + "\"proto\":\"udp\",\"query\":\"quiet.example\",\"answers\":[\"a.example\"]}";
    byte[] line = json.getBytes(StandardCharsets.UTF_8);
    RawProbe[] current = {PLAN.zeekProbe()};
    ZeekLineCheck check = new ZeekLineCheck(() -> current[0]);
    assertThat(check.json(line, 0, line.length, "dns")).isEqualTo(ZeekLineCheck.UNMATCHED);
    assertThat(check.json(line, 0, line.length, "dns")).isEqualTo(ZeekLineCheck.UNMATCHED);
    current[0] =
        DetectionEngine.compile(List.of(Fixtures.indicator(1, "[domain-name:value = 'a.example']")))
            .zeekProbe();
    assertThat(check.json(line, 0, line.length, "dns")).isEqualTo(ZeekLineCheck.READABLE);
    byte[] other =
        json.replace("\"a.example\"", "\"a.example\",7").getBytes(StandardCharsets.UTF_8);
    assertThat(check.json(other, 0, other.length, "dns"))
        .as("an array holding a number is read the exact way, hit or not")
        .isEqualTo(ZeekLineCheck.UNDECIDED);
  }

  @Test
  void carriageReturnsEndLinesAsTheExactReaderEndsThem() {
    byte[] content =
        (HEADER + QUIET + "\r" + MATCHING + "\r\n" + QUIET + "\r\r" + MATCHING)
            .getBytes(StandardCharsets.UTF_8);
    LineRateDifferential.Outcome o = LineRateDifferential.agree("hostile.log", content, PLAN);
    assertThat(o.report().events()).isEqualTo(4);
    assertThat(o.matches()).containsExactly(match(10), match(13));
  }

  /**
   * Lines enough after the lines of a test that those are read in one pass, their end found while
   * their columns are split ({@link TsvColumns#lineEnd}): only while {@link ByteLines#WHOLE_LINE}
   * bytes are in the buffer.
   */
  private static String[] padded(String... lines) {
    String[] all = Arrays.copyOf(lines, lines.length + 60);
    Arrays.fill(all, lines.length, all.length, QUIET);
    return all;
  }

  @Test
  void linesReadInOnePassAgreeWithTheExactReading() {
    LineRateDifferential.Outcome o =
        read(
            padded(
                QUIET,
                MATCHING,
                "",
                MATCHING + "\tF", // a tab in the last field: one column too many
                QUIET + "\r", // ended by CR LF
                MATCHING + "\r",
                MATCHING.replace("C_INTERNET", "C_INT\u00c9RNET"),
                MATCHING.replace("ise.wrccdc.org", "z".repeat(ByteLines.MAX_LINE_BYTES)),
                "",
                "",
                MATCHING,
                swappedFields(),
                reorderedMatching(),
                QUIET,
                MATCHING.replace("\t", "\t\t")));
    assertThat(o.report().badLines())
        .extracting(ReadReport.BadLine::line)
        .containsExactly(12L, 16L, 23L);
    assertThat(o.report().badLines().get(1).problem()).contains("more than 1048576 characters");
    assertThat(o.matches()).containsExactly(match(10), match(14), match(15), match(19), match(21));
    assertThat(o.unmatched()).isGreaterThanOrEqualTo(60);
  }

  @Test
  void aFileWithoutAFinalNewlineEndsWithItsLastLine() {
    String[] lines = padded(MATCHING);
    lines[lines.length - 1] = MATCHING;
    byte[] content = (HEADER + String.join("\n", lines)).getBytes(StandardCharsets.UTF_8);
    LineRateDifferential.Outcome o = LineRateDifferential.agree("hostile.log", content, PLAN);
    assertThat(o.matches()).containsExactly(match(9), match(9 + lines.length - 1));
    assertThat(o.report().events()).isEqualTo(lines.length);
  }

  @Test
  void aLongLineEndingAtEveryPlaceAroundTheBufferEndIsReadOnce() {
    // A line longer than WHOLE_LINE is asked of the one pass though its end may be at the data's
    // end or past it, where the buffer holds stale bytes of earlier lines (their \n included).
    String longLine = MATCHING.replace("CqKst53mF3det3eDV9", "u".repeat(5000));
    int before = HEADER.length() + 1 + 10 * (QUIET.length() + 1);
    for (int shift = -24; shift <= 24; shift++) {
      int quiet = (65_536 + shift - before - longLine.length()) / (QUIET.length() + 1);
      int rest = 65_536 + shift - before - longLine.length() - quiet * (QUIET.length() + 1);
      String[] lines = new String[10 + quiet + 1 + 40];
      Arrays.fill(lines, QUIET);
      lines[0] = QUIET.replace("CqKst53mF3det3eDV9", "CqKst53mF3det3eDV9" + "v".repeat(rest));
      lines[10 + quiet] = longLine;
      LineRateDifferential.Outcome o = read(lines);
      assertThat(o.matches()).as("shift %d", shift).containsExactly(match(9 + 10 + quiet));
      assertThat(o.report().badLineCount()).isZero();
    }
  }

  @Test
  void longAndShortLinesArrivingInUnevenPiecesAgree() throws Exception {
    // Inflating hands on pieces of any size, so lines longer than WHOLE_LINE are often asked of the
    // one pass before their end has arrived (TsvColumnsTest has the stale bytes past the data).
    Random random = new Random(18);
    String[] lines = new String[3000];
    java.util.List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = random.nextInt(7) == 0 ? MATCHING : QUIET;
      if (random.nextInt(40) == 0) {
        line = line.replace("CqKst53mF3det3eDV9", "u".repeat(4000 + random.nextInt(9000)));
      } else {
        line = line.replace("CqKst53mF3det3eDV9", "u".repeat(random.nextInt(30)));
      }
      lines[i] = line;
      if (line.contains("ise.wrccdc.org")) {
        expected.add(match(9 + i));
      }
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(bytes(HEADER, lines));
    }
    LineRateDifferential.Outcome o =
        LineRateDifferential.agree("hostile.log", gz.toByteArray(), PLAN);
    assertThat(o.matches()).isEqualTo(expected);
    assertThat(o.report().badLineCount()).isZero();
  }
}
