package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The line-rate reader of generic JSON lines against the exact one ({@link
 * LineRateDifferential#agreeMapped}), through mappings of the real EVE lines (nested fields) and of
 * the real Zeek JSON logs (flat, dotted names), and on mutated lines.
 */
class MappedLineRateTest {
  static final FieldMapping EVE_MAPPING =
      FieldMapping.parse(
          """
          {"time": {"field": "timestamp", "format": "iso8601"},
           "objects": [
             {"type": "domain-name", "properties": {"value": "dns.rrname"}},
             {"type": "domain-name", "properties": {"value": "tls.sni"}},
             {"type": "x509-certificate", "properties": {"serial_number": "tls.fingerprint"}},
             {"type": "file", "properties": {"hashes.MD5": "fileinfo.md5", "size": "fileinfo.size"}}
           ],
           "connection": {"src": "src_ip", "dst": "dest_ip", "src_port": "src_port",
                          "dst_port": "dest_port", "protocol": "proto"}}
          """);

  static final FieldMapping ZEEK_MAPPING =
      FieldMapping.parse(
          """
          {"time": {"field": "ts", "format": "iso8601"},
           "objects": [
             {"type": "ip-addr", "properties": {"value": "id.resp_h"}},
             {"type": "domain-name", "properties": {"value": "query"}},
             {"type": "domain-name", "properties": {"value": "server_name"}}
           ]}
          """);

  static final FieldMapping MILLIS_MAPPING =
      FieldMapping.parse(
          """
          {"time": {"field": "flow_id", "format": "epoch-millis"},
           "objects": [{"type": "ip-addr", "properties": {"value": "src_ip"}}]}
          """);

  static final DetectionEngine PLAN =
      EveLineRateTest.plan(
          "[x509-certificate:serial_number = "
              + "'b2:da:fb:cd:bc:75:21:06:72:f1:37:f2:7c:e8:82:cc:b7:99:88:76:31:65:5d:4f:11:19:1d:5a:67:8e:44:fe']");

  @Test
  void agreesOnTheRealLinesAndBuildsOnlyLinesThatMayMatch() {
    LineRateDifferential.Outcome eve =
        LineRateDifferential.agreeMapped("eve.json", EveLineRateTest.EVE, PLAN, EVE_MAPPING);
    assertThat(eve.matches()).hasSizeGreaterThan(1000).anyMatch(m -> m.endsWith(Fixtures.id(100)));
    assertThat(eve.unmatched()).isGreaterThan(50_000);
    LineRateDifferential.Outcome zeek =
        LineRateDifferential.agreeMapped("dns.json", LineRateReadingTest.DNS, PLAN, ZEEK_MAPPING);
    assertThat(zeek.matches()).isNotEmpty();
    assertThat(zeek.unmatched()).isGreaterThan(10_000);
    LineRateDifferential.agreeMapped("ssl.json", LineRateReadingTest.SSL, PLAN, ZEEK_MAPPING);
    LineRateDifferential.agreeMapped(
        "eve.json", LineRateReadingTest.head(EveLineRateTest.EVE, 3000), PLAN, MILLIS_MAPPING);
    LineRateDifferential.agreeMapped("sample.json", EveLineRateTest.SAMPLE, PLAN, EVE_MAPPING);
  }

  @Test
  void agreesWhenPlansNeedWholeEvents() {
    byte[] head = LineRateReadingTest.head(EveLineRateTest.EVE, 3000);
    for (String pattern :
        List.of(
            "[network-traffic:dst_port = 53]",
            "[file:size = 4096]",
            "[domain-name:value != 'x']",
            "[domain-name:resolves_to_refs[*].value = '134.71.3.16']")) {
      DetectionEngine engine = EveLineRateTest.plan(pattern);
      LineRateDifferential.agreeMapped("eve.json", head, engine, EVE_MAPPING);
      LineRateDifferential.agreeMapped("sample.json", EveLineRateTest.SAMPLE, engine, EVE_MAPPING);
    }
  }

  @Test
  void agreesOnMutatedLines() {
    List<String> zeek = LineRateReadingTest.JSON_LINES;
    qt().withExamples(300)
        .withShrinkCycles(50)
        .forAll(longs().all(), integers().between(1, 6))
        .checkAssert(
            (seed, count) -> {
              Random r = new Random(seed);
              ByteArrayOutputStream eve = new ByteArrayOutputStream();
              ByteArrayOutputStream flat = new ByteArrayOutputStream();
              for (int i = 0; i < count; i++) {
                List<String> lines = EveLineRateTest.LINES;
                eve.writeBytes(Mutations.json(lines.get(r.nextInt(lines.size())), r));
                eve.write('\n');
                flat.writeBytes(Mutations.json(zeek.get(r.nextInt(zeek.size())), r));
                flat.write('\n');
              }
              LineRateDifferential.agreeMapped("gen.json", eve.toByteArray(), PLAN, EVE_MAPPING);
              LineRateDifferential.agreeMapped("gen.json", flat.toByteArray(), PLAN, ZEEK_MAPPING);
            });
  }
}
