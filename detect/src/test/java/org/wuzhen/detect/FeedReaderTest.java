package org.wuzhen.detect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixTimestamp;
import org.wuzhen.stix.validate.StixValidator;

class FeedReaderTest {
  static final StixTimestamp FROM = StixTimestamp.parse("2026-01-01T00:00:00.000Z");

  /** The first 400 lines of the real IPsum feed (see its LICENSE and SOURCE beside it). */
  private static InputStream ipsum() {
    return FeedReaderTest.class.getResourceAsStream("/ipsum/ipsum-head.txt");
  }

  private static FeedReader.Result read(FeedReader.Format format, String... lines)
      throws IOException {
    return new FeedReader(format, FROM)
        .read("feed.txt", new ByteArrayInputStream(String.join("\n", lines).getBytes(UTF_8)));
  }

  private static List<String> patterns(FeedReader.Result result) {
    return result.indicators().stream().map(o -> o.string("pattern").orElseThrow()).toList();
  }

  private static List<String> ids(FeedReader.Result result) {
    return result.indicators().stream().map(o -> o.string("id").orElseThrow()).toList();
  }

  @Test
  void ipsumBecomesOneValidIndicatorPerAddressWithDeterministicIds() throws IOException {
    long addresses;
    try (InputStream in = ipsum()) {
      addresses =
          new String(in.readAllBytes(), UTF_8)
              .lines()
              .filter(l -> !l.isBlank() && !l.startsWith("#"))
              .count();
    }
    FeedReader.Result first;
    FeedReader.Result second;
    try (InputStream a = ipsum();
        InputStream b = ipsum()) {
      first = new FeedReader(FeedReader.Format.IPSUM, FROM).read("ipsum-head.txt", a);
      second = new FeedReader(FeedReader.Format.IPSUM, FROM).read("ipsum-head.txt", b);
    }
    assertThat(first.badLineCount()).isZero();
    assertThat(first.indicators()).hasSize((int) addresses);
    assertThat(ids(first)).isEqualTo(ids(second));
    JsonObject top = first.indicators().getFirst();
    assertThat(top.string("pattern")).hasValue("[ipv4-addr:value = '77.90.185.20']");
    assertThat(top.string("description")).hasValue("IPsum: listed on 10 blocklists");
    assertThat(top.string("valid_from")).hasValue(FROM.text());

    JsonObject bundle =
        JsonObject.builder()
            .put("type", "bundle")
            .put("id", "bundle--6a1e4f0e-8a57-4a3f-9d0c-2b7e5c1d9f10")
            .put("objects", new JsonArray(new ArrayList<JsonValue>(first.indicators())))
            .build();
    assertThat(new StixValidator().validate(bundle)).noneMatch(f -> f.isError());
    for (String p : patterns(first)) {
      assertThat(Patterns.check(p).ok()).as(p).isTrue();
    }
  }

  @Test
  void plainFeedsRecogniseEachKindAndSkipBadLinesWithTheirNumberAndReason() throws IOException {
    FeedReader.Result result =
        read(
            FeedReader.Format.PLAIN,
            "# a comment",
            "198.51.100.7",
            "203.0.113.0/24",
            "2001:db8::/32",
            "Evil.Example.ORG",
            "http://evil.example.org/a?b='c'",
            "mallory@example.org",
            "D41D8CD98F00B204E9800998ECF8427E",
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "not a value",
            "999.1.1.1/99",
            "");
    assertThat(patterns(result))
        .containsExactly(
            "[ipv4-addr:value = '198.51.100.7']",
            "[ipv4-addr:value ISSUBSET '203.0.113.0/24']",
            "[ipv6-addr:value ISSUBSET '2001:db8::/32']",
            "[domain-name:value = 'evil.example.org']",
            "[url:value = 'http://evil.example.org/a?b=\\'c\\'']",
            "[email-addr:value = 'mallory@example.org']",
            "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
            "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']");
    for (String p : patterns(result)) {
      assertThat(Patterns.check(p).ok()).as(p).isTrue();
    }
    assertThat(result.badLineCount()).isEqualTo(2);
    assertThat(result.badLines())
        .extracting(ReadReport.BadLine::toString)
        .containsExactly(
            "feed.txt:10: not a valid plain line: 'not a value' (holds a space or a control"
                + " character; expected one value per line)",
            "feed.txt:11: not a valid plain line: '999.1.1.1/99' (not a valid IP address or CIDR"
                + " block)");
  }

  @Test
  void badLinesSayWhatWasWrong() throws IOException {
    assertThat(
            read(
                    FeedReader.Format.IPSUM,
                    "198.51.100.7",
                    "198.51.100.7\tmany",
                    "198.51.100.7\t1234567",
                    "198.51.100.0/24\t3",
                    "evil.example.org\t3")
                .badLines())
        .extracting(ReadReport.BadLine::problem)
        .containsExactly(
            "not a valid ipsum line: '198.51.100.7' (expected an IP address, a tab and a count)",
            "not a valid ipsum line: '198.51.100.7\tmany' (count 'many' is not a number of at most"
                + " 6 digits)",
            "not a valid ipsum line: '198.51.100.7\t1234567' (count '1234567' is not a number of"
                + " at most 6 digits)",
            "not a valid ipsum line: '198.51.100.0/24\t3' ('198.51.100.0/24' is a CIDR block,"
                + " expected one address)",
            "not a valid ipsum line: 'evil.example.org\t3' ('evil.example.org' is not an IP"
                + " address)");
    assertThat(read(FeedReader.Format.PLAIN, "2001:db8::1::2", "abcdef", "~evil~").badLines())
        .extracting(ReadReport.BadLine::problem)
        .containsExactly(
            "not a valid plain line: '2001:db8::1::2' (not a valid IP address or CIDR block)",
            "not a valid plain line: 'abcdef' (6 hex digits: an MD5, SHA-1, SHA-256 or SHA-512"
                + " hash has 32, 40, 64 or 128)",
            "not a valid plain line: '~evil~' (not an IP address, CIDR block, URL, e-mail"
                + " address, MD5/SHA-1/SHA-256/SHA-512 hash or domain name)");
  }

  @Test
  void aValueGivesOneIndicatorWhoseIdDependsOnItsPatternOnly() throws IOException {
    FeedReader.Result result =
        read(FeedReader.Format.PLAIN, "198.51.100.7", "evil.example.org", "EVIL.example.org");
    assertThat(patterns(result))
        .containsExactly(
            "[ipv4-addr:value = '198.51.100.7']", "[domain-name:value = 'evil.example.org']");
    FeedReader.Result later =
        new FeedReader(FeedReader.Format.PLAIN, StixTimestamp.parse("2027-06-01T00:00:00Z"))
            .read("other.txt", new ByteArrayInputStream("198.51.100.7\n".getBytes(UTF_8)));
    // Pinned: re-importing a feed must give the ids it gave before, whenever it runs.
    assertThat(ids(later))
        .containsExactly("indicator--1f7cb774-18ac-5f63-bf76-2686c046a73c")
        .containsExactly(ids(result).getFirst());
  }

  @Test
  void onlyTheFirstBadLinesAreKeptAndEveryOneIsCounted() throws IOException {
    String[] lines = new String[FeedReader.MAX_BAD_LINES_KEPT + 50];
    java.util.Arrays.fill(lines, "not a value");
    FeedReader.Result result = read(FeedReader.Format.PLAIN, lines);
    assertThat(result.badLineCount()).isEqualTo(FeedReader.MAX_BAD_LINES_KEPT + 50);
    assertThat(result.badLines()).hasSize(FeedReader.MAX_BAD_LINES_KEPT);
    assertThat(result.badLines().getLast().line()).isEqualTo(FeedReader.MAX_BAD_LINES_KEPT);
    assertThat(result.indicators()).isEmpty();
  }
}
