package org.wuzhen.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.wuzhen.detect.DetectionEngine;
import org.wuzhen.detect.ObservableTypes;
import org.wuzhen.detect.RecordReader;
import org.wuzhen.detect.SightingOptions;
import org.wuzhen.detect.Sightings;
import org.wuzhen.detect.StreamMatcher;
import org.wuzhen.detect.TelemetryReader;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/**
 * The real Zeek DNS log of detect's tests (brimdata/zed-sample-data, CC BY-SA 4.0), indicators
 * whose values it holds, and the sightings {@code wuzhen detect}'s engine gives for them: what the
 * Kafka app must give too.
 */
final class Telemetry {
  static final Path DNS = Path.of("../detect/src/test/resources/zeek/json/dns.json.gz");

  /**
   * detect's EVE lines made from the same capture's Zeek dns and ssl logs (dns, tls, flow and alert
   * records; CC BY-SA 4.0, see detect/src/test/resources/eve/SOURCE and LICENSE).
   */
  static final Path EVE = Path.of("../detect/src/test/resources/eve/wrccdc-eve.json.gz");

  static final SightingOptions OPTIONS =
      new SightingOptions(
          StixId.parse("identity--5a8e1f2c-3b4d-4e6f-8a9b-0c1d2e3f4a5b"),
          Duration.ofMinutes(10),
          2,
          true);

  private Telemetry() {}

  static StixObject indicator(String uuid, String pattern, String modified, boolean revoked) {
    JsonObject.Builder b =
        JsonObject.builder()
            .put("type", "indicator")
            .put("spec_version", "2.1")
            .put("id", "indicator--" + uuid)
            .put("created", "2024-01-01T00:00:00.000Z")
            .put("modified", modified)
            .put("pattern", pattern)
            .put("pattern_type", "stix")
            .put("valid_from", "2018-01-01T00:00:00Z");
    if (revoked) {
      b.put("revoked", true);
    }
    return StixObject.from(b.build());
  }

  static StixObject indicator(String uuid, String pattern) {
    return indicator(uuid, pattern, "2024-01-01T00:00:00.000Z", false);
  }

  /** Values the log holds, a LIKE, an address among the answers, and one that never matches. */
  static List<StixObject> indicators() {
    return List.of(
        indicator(
            "00000000-0000-4000-8000-000000000001",
            "[domain-name:value = 'videosearch.ubuntu.com']"),
        indicator(
            "00000000-0000-4000-8000-000000000002", "[domain-name:value = 'docs.google.com']"),
        indicator(
            "00000000-0000-4000-8000-000000000003", "[domain-name:value LIKE '%.oompa.loompa']"),
        indicator("00000000-0000-4000-8000-000000000004", "[ipv4-addr:value = '134.71.3.16']"),
        indicator("00000000-0000-4000-8000-000000000005", "[domain-name:value = 'never.example']"));
  }

  /** The log's lines, each one record as zeek-kafka writes it untagged (with {@code _path}). */
  static List<byte[]> dnsRecords() {
    return lines(DNS);
  }

  /** The EVE file's lines, each one record as Suricata writes it to a Kafka topic. */
  static List<byte[]> eveRecords() {
    return lines(EVE);
  }

  private static List<byte[]> lines(Path gzipped) {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gzipped)), StandardCharsets.UTF_8))) {
      return r.lines()
          .filter(l -> !l.isBlank())
          .map(l -> l.getBytes(StandardCharsets.UTF_8))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sighting id to its tally, as {@code wuzhen detect}'s engine counts the file. */
  static Map<String, String> expected(List<StixObject> indicators) {
    try {
      return expected(indicators, TelemetryReader.zeek(), "dns.log", Files.newInputStream(DNS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same, over the first {@code n} records only. */
  static Map<String, String> expected(List<StixObject> indicators, int n) {
    java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
    for (byte[] r : dnsRecords().subList(0, n)) {
      lines.writeBytes(r);
      lines.write('\n');
    }
    return expected(
        indicators,
        TelemetryReader.zeek(),
        "dns.log",
        new java.io.ByteArrayInputStream(lines.toByteArray()));
  }

  /** The same, over the given records of the log (one per line, in order). */
  static Map<String, String> expected(List<StixObject> indicators, List<byte[]> records) {
    java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
    for (byte[] r : records) {
      lines.writeBytes(r);
      lines.write('\n');
    }
    return expected(
        indicators,
        TelemetryReader.zeek(),
        "dns.log",
        new java.io.ByteArrayInputStream(lines.toByteArray()));
  }

  /** Multi-observation indicators the log completes (AND, FOLLOWEDBY WITHIN, REPEATS). */
  static List<StixObject> multiObservationIndicators() {
    return List.of(
        indicator(
            "00000000-0000-4000-8000-000000000011",
            "[domain-name:value = 'docs.google.com'] AND [domain-name:value = 'videosearch.ubuntu.com']"),
        indicator(
            "00000000-0000-4000-8000-000000000012",
            "([domain-name:value = 'snozberry.oompa.loompa'] FOLLOWEDBY"
                + " [domain-name:value = 'store.oompa.loompa']) WITHIN 60 SECONDS"),
        indicator(
            "00000000-0000-4000-8000-000000000013",
            "[domain-name:value = 'docs.google.com'] REPEATS 3 TIMES"));
  }

  /**
   * Indicators on values of the EVE lines: a name only a TLS SNI carries, a name only DNS carries,
   * a certificate fingerprint, an address among DNS answers, a destination port (every record's
   * network-traffic), a LIKE, and two that never match.
   */
  static List<StixObject> eveIndicators() {
    return List.of(
        indicator(
            "00000000-0000-4000-8000-000000000021",
            "[domain-name:value = 'arena1.wrccdc.cpp.edu']"),
        indicator(
            "00000000-0000-4000-8000-000000000022", "[domain-name:value = 'docs.google.com']"),
        indicator(
            "00000000-0000-4000-8000-000000000023",
            "[x509-certificate:hashes.'SHA-256' ="
                + " '3d67c9cf8d28cbd798e05fc8baf2a4ea670acdc906b5f9072525baf8c6bf43c9']"),
        indicator("00000000-0000-4000-8000-000000000024", "[ipv4-addr:value = '134.71.3.16']"),
        indicator("00000000-0000-4000-8000-000000000025", "[network-traffic:dst_port = 3389]"),
        indicator(
            "00000000-0000-4000-8000-000000000026", "[domain-name:value LIKE '%.oompa.loompa']"),
        indicator("00000000-0000-4000-8000-000000000027", "[domain-name:value = 'never.example']"),
        indicator("00000000-0000-4000-8000-000000000028", "[ipv4-addr:value = '198.51.100.7']"));
  }

  /** Sighting id to its tally, as {@code wuzhen detect}'s engine counts the EVE file. */
  static Map<String, String> expectedEve(List<StixObject> indicators) {
    try {
      return expected(indicators, TelemetryReader.eve(), "eve.json", Files.newInputStream(EVE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> expected(
      List<StixObject> indicators, TelemetryReader reader, String name, InputStream input) {
    // As wuzhen detect matches a file: one StreamMatcher over the events in file order.
    StreamMatcher matcher =
        new StreamMatcher(DetectionEngine.compile(indicators), StreamMatcher.Limits.DEFAULT);
    Sightings sightings = new Sightings(OPTIONS);
    try (InputStream in = input) {
      reader.read(name, in, e -> matcher.accept(e).forEach(sightings::add));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> out = new TreeMap<>();
    for (JsonObject o : sightings.snapshot(StixTimestamp.parse("2026-01-01T00:00:00Z"))) {
      if (o.string("type").orElseThrow().equals("sighting")) {
        out.put(o.string("id").orElseThrow(), tally(o));
      }
    }
    return out;
  }

  /** The newest version of each sighting among records of the sightings topic. */
  static Map<String, String> tallies(List<JsonValue> sightingRecords) {
    Map<String, JsonObject> newest = new TreeMap<>();
    for (JsonValue v : sightingRecords) {
      JsonObject s = (JsonObject) ((JsonArray) v).get(0);
      String id = s.string("id").orElseThrow();
      JsonObject known = newest.get(id);
      if (known == null
          || StixTimestamp.parse(known.string("modified").orElseThrow())
              .isBefore(StixTimestamp.parse(s.string("modified").orElseThrow()))) {
        newest.put(id, s);
      }
    }
    Map<String, String> out = new TreeMap<>();
    newest.forEach((id, s) -> out.put(id, tally(s)));
    return out;
  }

  static String tally(JsonObject sighting) {
    return sighting.string("sighting_of_ref").orElseThrow()
        + " "
        + sighting.string("first_seen").orElseThrow()
        + ".."
        + sighting.string("last_seen").orElseThrow()
        + " x"
        + ((JsonNumber) sighting.get("count").orElseThrow()).asLong().orElseThrow();
  }

  static List<JsonValue> values(List<?> list) {
    return new ArrayList<>(list.stream().map(JsonValue.class::cast).toList());
  }

  /** How many matches the indicator has in the records, read one by one as the app reads them. */
  static long matchesIn(List<byte[]> records, StixObject indicator) {
    DetectionEngine engine = DetectionEngine.compile(List.of(indicator));
    RecordReader reader = RecordReader.zeek("dns", ObservableTypes.ALL);
    long n = 0;
    for (byte[] r : records) {
      if (reader.read(r, "x") instanceof RecordReader.Outcome.Read read) {
        n += engine.match(read.event()).size();
      }
    }
    return n;
  }
}
