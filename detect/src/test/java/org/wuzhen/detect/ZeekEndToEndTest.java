package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wuzhen.detect.Fixtures.id;
import static org.wuzhen.detect.Fixtures.indicator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;

/**
 * The engine on real Zeek logs (brimdata/zed-sample-data, a 2018 WRCCDC capture; see
 * src/test/resources/zeek/SOURCE and LICENSE). Expected counts are hard-coded from the data and
 * recounted here by reading the raw lines with plain JSON logic, independent of the adapters and
 * the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZeekEndToEndTest {
  private static final String CERT =
      "b2dafbcdbc75210672f137f27ce882ccb799887631655d4f11191d5a678e44fe";

  private final List<StixObject> indicators =
      List.of(
          indicator(1, "[domain-name:value = 'ise.wrccdc.org']"),
          indicator(2, "[domain-name:value LIKE '%.wrccdc.org']"),
          indicator(3, "[ipv4-addr:value ISSUBSET '134.71.0.0/16']"),
          indicator(
              4,
              "[network-traffic:dst_ref.value = '10.0.0.100' AND network-traffic:dst_port = 53]"),
          indicator(5, "[domain-name:value = 'absent.example.invalid']"),
          indicator(6, "[ipv4-addr:value ISSUBSET '192.0.2.0/24']"),
          indicator(7, "[x509-certificate:hashes.'SHA-256' = '" + CERT + "']"),
          indicator(8, "[x509-certificate:serial_number = 'CC57FE54011E']"),
          indicator(9, "[email-addr:value = 'nessus49048747@hotmail.com']"));

  private DetectionEngine engine;

  @BeforeAll
  void compile() {
    engine = DetectionEngine.compile(indicators);
    assertThat(engine.report().indexed()).isEqualTo(indicators.size());
  }

  private static InputStream resource(String name) {
    InputStream in = ZeekEndToEndTest.class.getResourceAsStream("/zeek/" + name);
    assertThat(in).as(name).isNotNull();
    return in;
  }

  /** Matches per indicator id over a whole file, and the reader's report. */
  private record Run(Map<String, Integer> counts, ReadReport report) {
    int count(int indicator) {
      return counts.getOrDefault(id(indicator), 0);
    }
  }

  private Run run(String name) throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    ReadReport report;
    try (InputStream in = resource(name)) {
      report =
          ZeekReader.read(
              name,
              in,
              e -> engine.match(e).forEach(m -> counts.merge(m.indicatorId(), 1, Integer::sum)));
    }
    return new Run(counts, report);
  }

  /** Raw JSON lines of a gzip resource. */
  private static List<JsonObject> lines(String name) {
    List<JsonObject> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(resource(name)), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        out.add((JsonObject) Json.parse(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static long count(List<JsonObject> lines, Predicate<JsonObject> p) {
    return lines.stream().filter(p).count();
  }

  private static boolean isIpv4(String s) {
    return s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** Names a DNS line shows: the query and the answers that are neither addresses nor text. */
  private static List<String> names(JsonObject l) {
    List<String> out = new ArrayList<>(l.string("query").stream().toList());
    for (String a : l.strings("answers")) {
      if (!isIpv4(a) && !a.contains(":") && !a.contains(" ")) {
        out.add(a);
      }
    }
    return out;
  }

  private static List<String> ipv4s(JsonObject l) {
    List<String> out = new ArrayList<>();
    l.string("id.orig_h").ifPresent(out::add);
    l.string("id.resp_h").ifPresent(out::add);
    out.addAll(l.strings("answers"));
    return out.stream().filter(ZeekEndToEndTest::isIpv4).toList();
  }

  @Test
  void countsDnsMatchesOnTheJsonLogExactly() throws IOException {
    Run run = run("json/dns.json.gz");
    List<JsonObject> lines = lines("json/dns.json.gz");

    assertThat(run.report().events()).isEqualTo(53_615);
    assertThat(run.report().badLineCount()).isZero();
    assertThat(run.count(1))
        .isEqualTo(22_160)
        .isEqualTo(count(lines, l -> names(l).contains("ise.wrccdc.org")));
    assertThat(run.count(2))
        .isEqualTo(22_186)
        .isEqualTo(count(lines, l -> names(l).stream().anyMatch(n -> n.endsWith(".wrccdc.org"))));
    assertThat(run.count(3))
        .isEqualTo(14_902)
        .isEqualTo(count(lines, l -> ipv4s(l).stream().anyMatch(a -> a.startsWith("134.71."))));
    assertThat(run.count(4))
        .isEqualTo(33_952)
        .isEqualTo(
            count(
                lines,
                l ->
                    l.string("id.resp_h").orElse("").equals("10.0.0.100")
                        && l.get("id.resp_p").orElseThrow().equals(JsonNumber.of(53))));
    assertThat(run.count(5)).isZero();
    assertThat(run.count(6)).isZero();
  }

  @Test
  void theTsvLogGivesTheSameMatchesAsItsJsonTwin() throws IOException {
    Run tsv = run("tsv/dns.log.gz");

    assertThat(tsv.report().events()).isEqualTo(53_615);
    assertThat(tsv.report().badLineCount()).isZero();
    assertThat(tsv.counts()).isEqualTo(run("json/dns.json.gz").counts());
  }

  @Test
  void matchesCertificateHashesInSslAndX509Logs() throws IOException {
    Run ssl = run("json/ssl.json.gz");
    Run x509 = run("json/x509.json.gz");

    assertThat(ssl.count(7))
        .isEqualTo(1_761)
        .isEqualTo(
            count(lines("json/ssl.json.gz"), l -> l.strings("cert_chain_fps").contains(CERT)));
    assertThat(x509.count(7)).isEqualTo(1);
    assertThat(x509.count(8)).isEqualTo(1);
    assertThat(run("tsv/x509.log.gz").counts()).isEqualTo(x509.counts());
  }

  @Test
  void matchesSmtpSenders() throws IOException {
    Run smtp = run("json/smtp.json.gz");

    assertThat(smtp.count(9))
        .isEqualTo(5)
        .isEqualTo(
            count(
                lines("json/smtp.json.gz"),
                l -> l.string("mailfrom").orElse("").equals("nessus49048747@hotmail.com")));
    assertThat(smtp.report().badLineCount()).isZero();
  }

  /** Every match over a file as indicator@line, reading with the given observable types. */
  private List<String> matches(DetectionEngine plan, String name, ObservableTypes types)
      throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream in = resource(name)) {
      ZeekReader.read(
          name,
          in,
          types,
          e -> plan.match(e).forEach(m -> out.add(m.indicatorId() + "@" + e.source())));
    }
    return out;
  }

  @Test
  void readingOnlyTheTypesThePlanWantsGivesTheSameMatches() throws IOException {
    // Without reference paths (indicator 4 reads dst_ref), the plan wants three types only.
    DetectionEngine lean =
        DetectionEngine.compile(
            indicators.stream().filter(i -> !i.id().text().equals(id(4))).toList());
    ObservableTypes wanted = lean.observableTypes();
    assertThat(wanted.wants("domain-name")).isTrue();
    assertThat(wanted.wants("x509-certificate")).isTrue();
    assertThat(wanted.wants("network-traffic")).isFalse();
    assertThat(engine.observableTypes().wants("network-traffic")).isTrue(); // dst_ref: all types
    for (String log : List.of("json/dns.json.gz", "json/ssl.json.gz", "json/x509.json.gz")) {
      List<String> full = matches(lean, log, ObservableTypes.ALL);
      assertThat(full).as(log).isNotEmpty();
      assertThat(matches(lean, log, wanted)).as(log).isEqualTo(full);
    }
  }
}
