package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;

/** Suricata EVE JSON records become observables; bad records are counted with their line. */
class EveReaderTest {
  static final Path SAMPLE = Path.of("src/test/resources/eve/eve-sample.json");

  private final List<Event> events = new ArrayList<>();
  private ReadReport report;

  @BeforeEach
  void read() throws IOException {
    try (InputStream in = Files.newInputStream(SAMPLE)) {
      report = TelemetryReader.eve().read("eve.json", in, events::add);
    }
  }

  private static List<JsonObject> ofType(Event e, String type) {
    return e.objects().stream().filter(o -> o.string("type").orElseThrow().equals(type)).toList();
  }

  private static List<String> values(Event e, String type) {
    return ofType(e, type).stream().map(o -> o.string("value").orElseThrow()).toList();
  }

  @Test
  void countsGoodAndBadRecordsWithTheirLineNumbers() {
    assertThat(report.records()).isEqualTo(12);
    assertThat(report.events()).isEqualTo(9);
    assertThat(report.badLineCount()).isEqualTo(3);
    assertThat(report.badLines())
        .extracting(ReadReport.BadLine::line)
        .containsExactly(9L, 10L, 11L);
    assertThat(report.badLines().get(0).problem()).contains("src_port");
    assertThat(report.badLines().get(2).problem()).contains("timestamp: missing");
  }

  @Test
  void dnsQueriesAndAnswersOfEveryVersionBecomeDomainsAndAddresses() {
    Event query = events.get(0);
    assertThat(values(query, "domain-name")).containsExactly("evil.example.org");
    assertThat(values(query, "ipv4-addr")).containsExactly("192.0.2.10", "198.51.100.53");
    JsonObject traffic = ofType(query, "network-traffic").getFirst();
    assertThat(Json.write(traffic.get("protocols").orElseThrow())).isEqualTo("[\"udp\"]");
    assertThat(traffic.get("dst_port").map(Json::write)).hasValue("53");

    Event answer = events.get(1);
    assertThat(values(answer, "domain-name"))
        .containsExactlyInAnyOrder("evil.example.org", "cdn.example.net");
    assertThat(values(answer, "ipv4-addr")).contains("203.0.113.66");
    JsonObject queried =
        ofType(answer, "domain-name").stream()
            .filter(d -> d.string("value").orElseThrow().equals("evil.example.org"))
            .findFirst()
            .orElseThrow();
    assertThat(queried.array("resolves_to_refs").orElseThrow().size()).isEqualTo(2);

    Event v3 = events.get(7);
    assertThat(values(v3, "domain-name")).containsExactly("second.example.org");
  }

  @Test
  void httpGivesHostUrlAndTheRequestExtensionWithTheUserAgent() {
    Event http = events.get(2);
    assertThat(http.time().instant().toString()).isEqualTo("2024-03-01T09:00:01Z");
    assertThat(values(http, "url")).containsExactly("http://cdn.example.net/payload/stage2.bin");
    assertThat(values(http, "domain-name")).containsExactly("cdn.example.net");
    JsonObject traffic = ofType(http, "network-traffic").getFirst();
    JsonObject request =
        traffic.object("extensions").flatMap(x -> x.object("http-request-ext")).orElseThrow();
    assertThat(request.string("request_method")).hasValue("GET");
    assertThat(request.string("request_version")).hasValue("http/1.1");
    assertThat(request.object("request_header").flatMap(h -> h.string("User-Agent")))
        .hasValue("Mozilla/5.0 (EvilBot)");
  }

  @Test
  void tlsGivesTheSniAndTheCertificateWithAPlainHexFingerprint() {
    Event tls = events.get(3);
    assertThat(values(tls, "domain-name")).containsExactly("cdn.example.net");
    JsonObject cert = ofType(tls, "x509-certificate").getFirst();
    assertThat(cert.object("hashes").flatMap(h -> h.string("SHA-1")))
        .hasValue("b2dafbcdbc75210672f137f27ce882ccb7998876");
    assertThat(cert.string("issuer")).hasValue("CN=Example Bad CA");
    assertThat(cert.string("serial_number")).hasValue("0A:1B:2C:3D");
    assertThat(cert.string("validity_not_after")).hasValue("2025-01-01T00:00:00Z");
  }

  @Test
  void fileinfoFlowAndAlertRecordsKeepTheirObservables() {
    Event file = events.get(4);
    JsonObject f = ofType(file, "file").getFirst();
    assertThat(f.object("hashes").flatMap(h -> h.string("SHA-256")))
        .hasValue("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f");
    assertThat(f.get("size").map(Json::write)).hasValue("4096");
    assertThat(
            Json.write(ofType(file, "network-traffic").getFirst().get("protocols").orElseThrow()))
        .isEqualTo("[\"tcp\",\"http\"]");

    JsonObject flow = ofType(events.get(5), "network-traffic").getFirst();
    assertThat(flow.get("dst_byte_count").map(Json::write)).hasValue("8192");
    assertThat(flow.get("src_packets").map(Json::write)).hasValue("12");
    assertThat(flow.string("start")).hasValue("2024-03-01T10:00:02.400Z");

    Event alert = events.get(6);
    assertThat(values(alert, "url")).containsExactly("http://cdn.example.net/beacon");
  }

  @Test
  void theEngineFindsIndicatorsInEveTelemetry() {
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(
                Fixtures.indicator(1, "[domain-name:value = 'cdn.example.net']"),
                Fixtures.indicator(
                    2,
                    "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'"
                        + " LIKE '%EvilBot%']"),
                Fixtures.indicator(
                    3,
                    "[file:hashes.'SHA-256' = "
                        + "'275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f']"),
                Fixtures.indicator(4, "[ipv4-addr:value ISSUBSET '203.0.113.0/24']")));
    List<String> hits = new ArrayList<>();
    for (Event e : events) {
      for (Match m : engine.match(e)) {
        hits.add(m.indicatorId() + "@" + events.indexOf(e));
      }
    }
    assertThat(hits)
        .contains(
            Fixtures.id(1) + "@1",
            Fixtures.id(1) + "@2",
            Fixtures.id(1) + "@3",
            Fixtures.id(2) + "@2",
            Fixtures.id(2) + "@6",
            Fixtures.id(3) + "@4",
            Fixtures.id(4) + "@1")
        .doesNotContain(Fixtures.id(2) + "@4", Fixtures.id(3) + "@2");
  }
}
