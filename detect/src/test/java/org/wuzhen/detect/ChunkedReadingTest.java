package org.wuzhen.detect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;

/**
 * {@link ChunkedReading}: one input read by several threads gives exactly the reports (line numbers
 * of bad lines included), counts and sightings (samples and their order included) of one thread, on
 * real Zeek logs as several gzip members, on TSV headers met in the middle, and on hostile input: a
 * truncated member, garbage after a member, lines longer than a chunk, bare carriage returns, an
 * unterminated last line.
 */
class ChunkedReadingTest {
  private static final Path ZEEK = Path.of("src/test/resources/zeek");

  private static byte[] log(String name) throws IOException {
    return Files.readAllBytes(ZEEK.resolve(name));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(plain);
    }
    return out.toByteArray();
  }

  private record Run(ReadReport report, LiveDetection.Summary summary, List<String> objects) {}

  private static List<StixObject> indicators() {
    List<StixObject> indicators = new ArrayList<>(LineRateReadingTest.present());
    indicators.add(Fixtures.indicator(50, "[x509-certificate:hashes.'SHA-1' LIKE '0%']"));
    indicators.add(Fixtures.indicator(51, "[network-traffic:dst_port = 443]"));
    return indicators;
  }

  private static Run run(byte[] input, int threads) throws UnreadableInputException {
    InMemorySightingSink sink = new InMemorySightingSink();
    List<StixObject> indicators = indicators();
    LiveDetection live =
        LiveDetection.start(
            Fixtures.zeekRun(
                Fixtures.sightings().withSampleSize(3).withBucket(Duration.ofMinutes(1))),
            () -> indicators,
            sink,
            e -> {
              throw new AssertionError(e);
            });
    List<ReadReport> reports =
        live.read(
            List.of(new TelemetryInput.Opened("input.log", new ByteArrayInputStream(input))),
            threads);
    LiveDetection.Summary summary = live.finish();
    List<String> objects = new ArrayList<>();
    for (JsonObject o : sink.last()) {
      objects.add(o.without("created").without("modified").toString());
    }
    return new Run(reports.getFirst(), summary, objects);
  }

  /** The serial run, then 3 threads: 2 readers (and any others given): all the same. */
  private static Run agree(byte[] input, int... more) throws UnreadableInputException {
    Run serial = run(input, 1);
    int[] counts = Arrays.copyOf(more, more.length + 1);
    counts[more.length] = 3;
    for (int threads : counts) {
      Run chunked = run(input, threads);
      assertThat(chunked.report()).as("%d threads", threads).isEqualTo(serial.report());
      assertThat(chunked.summary()).as("%d threads", threads).isEqualTo(serial.summary());
      assertThat(chunked.objects()).as("%d threads", threads).isEqualTo(serial.objects());
    }
    return serial;
  }

  @Test
  void gzipMembersOfRealLogsGiveTheSerialRun() throws Exception {
    byte[] input =
        concat(log("json/dns.json.gz"), log("json/ssl.json.gz"), log("json/dns.json.gz"));
    assertThat(gunzip(input).length).as("many chunks").isGreaterThan(20 * ChunkedReading.CHUNK);
    Run run = agree(input, 4);
    assertThat(run.summary().matches()).as("not vacuous").isGreaterThan(10_000);
    assertThat(run.summary().events()).isEqualTo(run.report().events());
    assertThat(run.objects()).hasSizeGreaterThan(10);
  }

  @Test
  void tsvHeadersAtTheStartAndInTheMiddleAreReadInOrder() throws Exception {
    Run tsv = agree(concat(log("tsv/dns.log.gz"), log("tsv/x509.log.gz")));
    assertThat(tsv.summary().matches()).isPositive();
    // JSON lines, then a TSV log: its header is met several chunks in.
    Run mixed = agree(concat(log("json/dns.json.gz"), log("tsv/dns.log.gz")));
    assertThat(mixed.report().events()).isGreaterThan(tsv.report().events());
  }

  @Test
  void aTruncatedMemberIsTheSameBadLineAtTheSameLine() throws Exception {
    byte[] ssl = log("json/ssl.json.gz");
    byte[] input = concat(log("json/dns.json.gz"), Arrays.copyOf(ssl, ssl.length / 2));
    Run run = agree(input);
    assertThat(run.report().badLines())
        .singleElement()
        .satisfies(b -> assertThat(b.problem()).startsWith("compressed data"));
    assertThat(run.report().badLines().getFirst().line()).isGreaterThan(53_615);
  }

  @Test
  void garbageAfterAMemberIsReadAsOneThreadReadsIt() throws Exception {
    byte[] garbage = new byte[5000];
    new Random(18).nextBytes(garbage);
    agree(concat(log("json/dns.json.gz"), garbage));
    garbage[0] = 0x1f;
    garbage[1] = (byte) 0x8b;
    agree(concat(log("json/dns.json.gz"), log("json/ssl.json.gz"), garbage));
  }

  @Test
  void longLinesCarriageReturnsAndAnUnterminatedEndGiveTheSerialRun() throws Exception {
    String dns = new String(gunzip(log("json/dns.json.gz")), UTF_8);
    String[] lines = dns.split("\n");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      text.append(lines[i]);
      text.append(
          switch (i % 7) {
            case 3 -> "\r\n";
            case 5 -> "\r";
            default -> "\n";
          });
      if (i % 5000 == 17) {
        text.append("\n\n"); // empty lines count as lines
      }
      if (i == 20_000) {
        // Longer than a chunk, within the line bound: a chunk cannot hold it, so it and the rest
        // are read in order.
        text.append("{\"_path\":\"dns\",\"query\":\"").append("x".repeat(700_000)).append("\"}\n");
      }
    }
    text.setLength(text.length() - 1); // the last line without terminator
    byte[] plain = text.toString().getBytes(UTF_8);
    Run run = agree(plain);
    assertThat(run.report().records()).isGreaterThan(50_000);
    agree(gzip(plain));

    // A line over the byte bound early on, read whole neither way.
    String huge =
        "{\"_path\":\"dns\",\"query\":\"" + "y".repeat(ByteLines.MAX_LINE_BYTES) + "\"}\n";
    Run bad = agree(concat(gzip(huge.getBytes(UTF_8)), log("json/ssl.json.gz")));
    assertThat(bad.report().badLines().getFirst().line()).isEqualTo(1);
  }

  @Test
  void countsLinesAsByteLinesFindsThem() throws IOException {
    Random r = new Random(7);
    for (int round = 0; round < 500; round++) {
      byte[] bytes = new byte[1 + r.nextInt(100)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] =
            (byte)
                switch (r.nextInt(6)) {
                  case 0 -> '\n';
                  case 1 -> '\r';
                  default -> 'a' + r.nextInt(3);
                };
      }
      bytes[bytes.length - 1] = '\n';
      ByteLines lines = new ByteLines(new ByteArrayInputStream(bytes));
      long expected = 0;
      while (lines.next()) {
        expected++;
      }
      assertThat(ChunkedReading.lineCount(bytes, bytes.length))
          .as(new String(bytes, UTF_8))
          .isEqualTo(expected);
      assertThat(ChunkedReading.lastLineFeed(bytes, bytes.length)).isEqualTo(bytes.length);
    }
  }
}
