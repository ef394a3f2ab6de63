package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wuzhen.detect.Fixtures.domain;
import static org.wuzhen.detect.Fixtures.event;
import static org.wuzhen.detect.Fixtures.id;
import static org.wuzhen.detect.Fixtures.indicator;
import static org.wuzhen.detect.Fixtures.ip;
import static org.wuzhen.detect.Fixtures.sco;
import static org.wuzhen.detect.Fixtures.traffic;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;

class DetectionEngineTest {

  private static List<String> matches(DetectionEngine engine, Event event) {
    return engine.match(event).stream().map(Match::indicatorId).toList();
  }

  @Test
  void matchesEqualityAndInThroughTheHashIndex() {
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(
                indicator(1, "[ipv4-addr:value = '198.51.100.7']"),
                indicator(2, "[domain-name:value IN ('a.example', 'b.example')]"),
                indicator(3, "[domain-name:value = 'c.example']")));

    assertThat(matches(engine, event(ip("198.51.100.7"), domain("b.example"))))
        .containsExactly(id(1), id(2));
    assertThat(matches(engine, event(ip("198.51.100.8")))).isEmpty();
    assertThat(engine.report().indexed()).isEqualTo(3);
    assertThat(engine.alwaysCheckCount()).isZero();
  }

  @Test
  void matchesCidrBlocksWithIssubsetForBothAddressFamilies() {
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(
                indicator(1, "[ipv4-addr:value ISSUBSET '10.0.0.0/8']"),
                indicator(2, "[ipv4-addr:value ISSUBSET '10.1.0.0/16']"),
                indicator(3, "[ipv6-addr:value ISSUBSET '2001:db8::/32']"),
                indicator(4, "[ipv4-addr:value ISSUBSET '0.0.0.0/0']")));

    assertThat(matches(engine, event(ip("10.1.2.3")))).containsExactly(id(1), id(2), id(4));
    assertThat(matches(engine, event(ip("10.2.0.1")))).containsExactly(id(1), id(4));
    assertThat(matches(engine, event(ip("2001:db8:0:1::5")))).containsExactly(id(3));
    assertThat(matches(engine, event(ip("11.0.0.1")))).containsExactly(id(4));
  }

  @Test
  void matchesLikeByPrefixSuffixExactAndInfix() {
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(
                indicator(1, "[domain-name:value LIKE '%.example.org']"),
                indicator(2, "[domain-name:value LIKE 'mail.%']"),
                indicator(3, "[domain-name:value LIKE 'exact.test']"),
                indicator(4, "[domain-name:value LIKE '%evil%']"),
                indicator(5, "[domain-name:value LIKE '_.example.org']")));

    assertThat(matches(engine, event(domain("mail.example.org")))).containsExactly(id(1), id(2));
    assertThat(matches(engine, event(domain("a.example.org")))).containsExactly(id(1), id(5));
    assertThat(matches(engine, event(domain("exact.test")))).containsExactly(id(3));
    assertThat(matches(engine, event(domain("very-evil-host.test")))).containsExactly(id(4));
    assertThat(matches(engine, event(domain("example.org")))).isEmpty();
  }

  @Test
  void matchesRegularExpressionsAsAnUnanchoredSearch() {
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(indicator(1, "[domain-name:value MATCHES '^x[0-9]+\\\\.test$']")));

    assertThat(matches(engine, event(domain("x42.test")))).containsExactly(id(1));
    assertThat(matches(engine, event(domain("x.test")))).isEmpty();
  }

  @Test
  void andWithinAnObservationNeedsOneObjectAndFollowsReferences() {
    JsonObject client = ip("10.0.0.5");
    JsonObject server = ip("203.0.113.9");
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(
                indicator(
                    1,
                    "[network-traffic:dst_ref.value = '203.0.113.9'"
                        + " AND network-traffic:dst_port = 443]"),
                indicator(
                    2,
                    "[network-traffic:dst_ref.value = '203.0.113.9'"
                        + " AND network-traffic:dst_port = 80]")));

    assertThat(matches(engine, event(client, server, traffic(client, server, 443))))
        .containsExactly(id(1));
  }

  @Test
  void comparesNumbersByValueWhateverTheirScale() {
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(indicator(1, "[file:size = 100.0]"), indicator(2, "[file:size IN (99, 100)]")));

    assertThat(matches(engine, event(sco("{\"type\":\"file\",\"name\":\"a\",\"size\":100}"))))
        .containsExactly(id(1), id(2));
  }

  @Test
  void checksUnindexablePatternsOnEveryEventAndCountsThem() {
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(
                indicator(1, "[domain-name:value != 'good.example']"),
                indicator(2, "[domain-name:value NOT = 'good.example']"),
                indicator(3, "[network-traffic:dst_port > 1024]"),
                indicator(
                    4, "[domain-name:value = 'x.example' OR domain-name:value != 'good.example']"),
                indicator(
                    5, "[domain-name:value = 'x.example' AND network-traffic:dst_port > 1]")));

    assertThat(engine.report().fallback()).isEqualTo(4);
    assertThat(engine.report().indexed()).isEqualTo(1);
    assertThat(engine.alwaysCheckCount()).isEqualTo(4);
    assertThat(matches(engine, event(domain("bad.example")))).containsExactly(id(1), id(2), id(4));
    assertThat(matches(engine, event(domain("good.example")))).isEmpty();
  }

  @Test
  void firesOnlyInsideTheValidityWindow() {
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(
                indicator(
                    1,
                    "[domain-name:value = 'a.example']",
                    "\"valid_until\":\"2024-05-01T12:00:00Z\""),
                indicator(
                    2,
                    "[domain-name:value = 'a.example']",
                    "\"valid_until\":\"2024-05-01T12:00:00.001Z\""),
                indicator(
                    3,
                    "[domain-name:value = 'a.example']",
                    "\"valid_from\":\"2024-05-01T12:00:00Z\""),
                indicator(
                    4,
                    "[domain-name:value = 'a.example']",
                    "\"valid_from\":\"2024-05-01T12:00:01Z\"")));

    // Fixtures.T is 2024-05-01T12:00:00Z: valid_from is inclusive, valid_until exclusive.
    assertThat(matches(engine, event(domain("a.example")))).containsExactly(id(2), id(3));
  }

  @Test
  void revokedIndicatorsDoNotFireAndTheNewestVersionWins() {
    StixObject old = indicator(1, "[domain-name:value = 'a.example']");
    StixObject revoked =
        StixObject.parse(
            old.json()
                .with("modified", new org.wuzhen.stix.JsonString("2024-02-01T00:00:00.000Z"))
                .with("revoked", org.wuzhen.stix.JsonBoolean.TRUE)
                .toString());
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(old, revoked, indicator(2, "[domain-name:value = 'a.example']")));

    assertThat(matches(engine, event(domain("a.example")))).containsExactly(id(2));
    assertThat(engine.report().revoked()).isEqualTo(1);
    assertThat(engine.report().superseded()).isEqualTo(1);
  }

  @Test
  void acceptsButDoesNotYetMatchPatternsNeedingSeveralObservations() {
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(
                indicator(1, "[domain-name:value = 'a.example'] AND [ipv4-addr:value = '1.2.3.4']"),
                indicator(2, "[domain-name:value = 'a.example'] REPEATS 2 TIMES"),
                indicator(
                    3, "[domain-name:value = 'a.example'] FOLLOWEDBY [domain-name:value = 'b']"),
                indicator(
                    4,
                    "([domain-name:value = 'a.example'] AND [ipv4-addr:value = '1.2.3.4'])"
                        + " WITHIN 5 SECONDS")));

    assertThat(engine.report().multiObservation()).isEqualTo(4);
    assertThat(matches(engine, event(domain("a.example"), ip("1.2.3.4")))).isEmpty();
  }

  @Test
  void decidesPatternsWhoseEveryBindingIsOneObservationOnEachEvent() {
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(
                indicator(1, "[domain-name:value = 'a.example'] OR [ipv4-addr:value = '1.2.3.4']"),
                indicator(2, "[domain-name:value = 'a.example'] WITHIN 5 SECONDS"),
                indicator(3, "[domain-name:value = 'a.example'] REPEATS 1 TIMES"),
                indicator(
                    4,
                    "[domain-name:value = 'a.example']"
                        + " START t'2024-05-01T11:00:00Z' STOP t'2024-05-01T13:00:00Z'"),
                indicator(
                    5,
                    "[domain-name:value = 'a.example']"
                        + " START t'2024-05-01T11:00:00Z' STOP t'2024-05-01T12:00:00Z'"),
                indicator(6, "[ipv4-addr:value = '1.2.3.4'] OR [ipv4-addr:value != '1.2.3.4']")));

    assertThat(engine.report().indexed()).isEqualTo(5);
    assertThat(engine.report().fallback()).isEqualTo(1);
    assertThat(engine.report().multiObservation()).isZero();
    // Fixtures.T is 12:00:00, so the STOP of indicator 5 (exclusive) excludes it.
    assertThat(matches(engine, event(domain("a.example"))))
        .containsExactly(id(1), id(2), id(3), id(4));
    assertThat(matches(engine, event(ip("1.2.3.4")))).containsExactly(id(1), id(6));
  }

  @Test
  void rejectsIndicatorsItCannotUseAndSaysWhy() {
    StixObject sigma = indicator(1, "title: x", "\"pattern_type\":\"sigma\"");
    StixObject badPattern = indicator(2, "[domain-name:value = 'a'");
    StixObject badRegex = indicator(3, "[domain-name:value MATCHES '(a)\\\\1']");
    StixObject badUntil = indicator(4, "[domain-name:value = 'a']", "\"valid_until\":\"soon\"");
    StixObject notIndicator =
        StixObject.parse(
            "{\"type\":\"malware\",\"id\":\"malware--00000000-0000-4000-8000-000000000001\"}");
    DetectionEngine engine =
        DetectionEngine.compile(List.of(sigma, badPattern, badRegex, badUntil, notIndicator));

    CompileReport report = engine.report();
    assertThat(report.total()).isEqualTo(5);
    assertThat(report.rejected())
        .extracting(CompileReport.Rejection::reason)
        .satisfiesExactly(
            r -> assertThat(r).isEqualTo("pattern_type 'sigma' is not 'stix'"),
            r -> assertThat(r).startsWith("pattern: ").contains("col"),
            r -> assertThat(r).contains("back-reference"),
            r -> assertThat(r).startsWith("valid_until: "),
            r -> assertThat(r).isEqualTo("type 'malware' is not indicator"));
  }

  @Test
  void reportCountsEveryIndicatorExactlyOnce() {
    StixObject a = indicator(1, "[domain-name:value = 'a']");
    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(
                a,
                a,
                indicator(2, "[domain-name:value != 'a']"),
                indicator(3, "[a:b = 'c'] AND [a:b = 'd']"),
                indicator(4, "[domain-name:value = 'a']", "\"revoked\":true"),
                indicator(5, "[", "\"x\":1")));

    CompileReport r = engine.report();
    assertThat(r.total())
        .isEqualTo(6)
        .isEqualTo(
            r.indexed()
                + r.fallback()
                + r.multiObservation()
                + r.revoked()
                + r.superseded()
                + r.rejected().size());
  }
}
