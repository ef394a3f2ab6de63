package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wuzhen.detect.Fixtures.indicator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wuzhen.pattern.ObjectPath;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;

/**
 * The narrowing of EVE's probe to the types each field feeds ({@link EveFeeds}): what it finds for
 * each field, checked apart from how it finds it on the real capture, and the line-rate reader
 * against the exact one with indicators on the values of every field the reader copies.
 */
class EveFeedsTest {
  private static Set<String> feeds(String... path) {
    return EveFields.INSTANCE.feeds(List.of(path)).orElseThrow();
  }

  @Test
  void eachFieldFeedsOnlyTheTypesItsTextIsCopiedInto() {
    assertThat(feeds("src_ip")).containsExactlyInAnyOrder("ipv4-addr", "ipv6-addr");
    assertThat(feeds("dest_ip")).containsExactlyInAnyOrder("ipv4-addr", "ipv6-addr");
    assertThat(feeds("dns.rrname")).containsExactly("domain-name");
    assertThat(feeds("dns.queries", "rrname")).containsExactly("domain-name");
    assertThat(feeds("dns.answers", "rdata"))
        .containsExactlyInAnyOrder("ipv4-addr", "ipv6-addr", "domain-name");
    assertThat(feeds("tls.sni")).containsExactly("domain-name");
    // The host is the http-request-ext's Host header too.
    assertThat(feeds("http.hostname")).containsExactlyInAnyOrder("domain-name", "network-traffic");
    assertThat(feeds("tls.fingerprint")).containsExactly("x509-certificate");
    assertThat(feeds("tls.subject")).containsExactly("x509-certificate");
    assertThat(feeds("fileinfo.md5")).containsExactly("file");
    assertThat(feeds("fileinfo.filename")).containsExactly("file");
    // Copied into the network traffic's protocols only (never a verbatim index).
    assertThat(feeds("proto")).containsExactly("network-traffic");
    // Read and checked, never copied, and no other value of it changes the event: not probed.
    assertThat(feeds("event_type")).isEmpty();
    // Not strings: answered alike in every run of the trace, so never told to feed nothing.
    assertThat(EveFields.INSTANCE.feeds(List.of("tls.notbefore"))).isEmpty();
    assertThat(EveFields.INSTANCE.feeds(List.of("flow.start"))).isEmpty();
    assertThat(EveFields.INSTANCE.feeds(List.of("src_port"))).isEmpty();
    // Not read: probed against every index of the record, should a caller ever ask.
    assertThat(EveFields.INSTANCE.feeds(List.of("no such field"))).isEmpty();
  }

  /** The string fields read at the root that feed nothing, by {@link EveFeeds}. */
  private static List<String> feedingNothing() {
    List<String> out = new ArrayList<>();
    for (JsonLineCheck.Read read : EveFields.INSTANCE.reads()) {
      if (read.kind() == JsonLineCheck.Kind.TEXT
          && EveFields.INSTANCE.feeds(List.of(read.name())).map(Set::isEmpty).orElse(false)) {
        out.add(read.name());
      }
    }
    return out;
  }

  /**
   * Checked apart from the trace: on every line of the real capture (one in five) and of the
   * sample, a field found to feed nothing given another value gives the same event, so no index
   * could have been hit through it and leaving it unprobed loses nothing.
   */
  @Test
  void aFieldThatFeedsNothingChangesNoEventOfTheRealCapture() {
    List<String> fields = feedingNothing();
    assertThat(fields).contains("event_type");
    int checked = 0;
    for (Line line : lines()) {
      JsonObject object = ((JsonZeekRecord) line.record()).json();
      for (String field : fields) {
        for (String other : List.of("other", "192.0.2.77", "f.example.org", "2001:db8::77")) {
          Optional<JsonObject> changed = replaced(object, field, other);
          if (changed.isEmpty()) {
            continue;
          }
          Event event =
              EveObservables.toEvent(
                  new JsonZeekRecord("eve", changed.get()), "t", ObservableTypes.ALL);
          assertThat(event.objects()).as("%s = %s", field, other).isEqualTo(line.event().objects());
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(20_000);
  }

  /** {@code object} with the string at {@code field} (a dotted name walked) set to {@code text}. */
  private static Optional<JsonObject> replaced(JsonObject object, String field, String text) {
    int dot = field.indexOf('.');
    if (dot < 0) {
      return object.string(field).isEmpty()
          ? Optional.empty()
          : Optional.of(with(object, field, new JsonString(text)));
    }
    String first = field.substring(0, dot);
    return object
        .object(first)
        .flatMap(inner -> replaced(inner, field.substring(dot + 1), text))
        .map(inner -> with(object, first, inner));
  }

  private static JsonObject with(JsonObject object, String name, JsonValue value) {
    JsonObject.Builder b = JsonObject.builder();
    for (int i = 0; i < object.size(); i++) {
      b.put(object.nameAt(i), object.nameAt(i).equals(name) ? value : object.valueAt(i));
    }
    return b.build();
  }

  /** A good line as a record, and the event the exact reader builds from it. */
  private record Line(JsonRecord record, Event event) {}

  /** Every line of the real capture (one in five) and the good ones of the hand-written sample. */
  private static List<Line> lines() {
    String[] real = new String(EveLineRateTest.EVE, StandardCharsets.UTF_8).split("\n");
    List<String> text = new ArrayList<>();
    for (int i = 0; i < real.length; i += 5) {
      text.add(real[i]);
    }
    text.addAll(List.of(new String(EveLineRateTest.SAMPLE, StandardCharsets.UTF_8).split("\n")));
    List<Line> out = new ArrayList<>();
    for (String line : text) {
      try {
        JsonRecord r = new JsonZeekRecord("eve", (JsonObject) Json.parse(line));
        out.add(new Line(r, EveObservables.toEvent(r, "t", ObservableTypes.ALL)));
      } catch (RuntimeException e) {
        // one of the sample's bad lines
      }
    }
    return out;
  }

  /** The texts of every string field the reader reads, by the field's path, as the probe sees. */
  private static Map<String, List<List<String>>> fieldTexts(JsonRecord r) {
    Map<String, List<List<String>>> out = new LinkedHashMap<>();
    texts(r, List.of(), EveFields.INSTANCE.reads(), out);
    return out;
  }

  private static void texts(
      JsonRecord r,
      List<String> outer,
      List<JsonLineCheck.Read> reads,
      Map<String, List<List<String>>> out) {
    for (JsonLineCheck.Read read : reads) {
      List<String> path = new ArrayList<>(outer);
      path.add(read.name());
      List<String> values = new ArrayList<>();
      switch (read.kind()) {
        case TEXT -> {
          try {
            r.text(read.name()).ifPresent(values::add);
          } catch (ZeekRecord.BadRecordException e) {
            // not a string: the check leaves such a line undecided
          }
        }
        case RECORDS ->
            r.records(read.name()).forEach(inner -> texts(inner, path, read.inner(), out));
        default -> {}
      }
      for (String v : values) {
        out.computeIfAbsent(v, k -> new ArrayList<>()).add(List.copyOf(path));
        if (read.hex()) {
          out.computeIfAbsent(v.replace(":", "").toLowerCase(Locale.ROOT), k -> new ArrayList<>())
              .add(List.copyOf(path));
        }
      }
    }
  }

  /**
   * Checked apart from how {@link EveFeeds} finds its answer: in the events the exact reader builds
   * from the real capture, every string at a verbatim path is the text of a field that feeds the
   * object's type, so no index the probe leaves out of a field could have hit it.
   */
  @Test
  void everyVerbatimValueOfTheRealCaptureComesFromAFieldThatFeedsItsType() {
    int checked = 0;
    for (Line line : lines()) {
      Map<String, List<List<String>>> from = fieldTexts(line.record());
      for (Verbatim v : verbatim(line.event())) {
        List<List<String>> fields = from.getOrDefault(v.value(), List.of());
        assertThat(fields)
            .as("the fields holding %s, of a %s", v.value(), v.type())
            .anyMatch(
                f ->
                    EveFields.INSTANCE
                        .feeds(f)
                        .map(types -> types.contains(v.type()))
                        .orElse(true));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(50_000);
  }

  /** A string of a built object at a path {@link EveFields#verbatim} names. */
  private record Verbatim(String type, List<String> keys, String value) {
    ObjectPath path() {
      return new ObjectPath(
          type, keys.stream().map(k -> (ObjectPath.Step) new ObjectPath.Step.Key(k)).toList());
    }

    String pattern() {
      StringBuilder p = new StringBuilder("[").append(type).append(':');
      for (int i = 0; i < keys.size(); i++) {
        String k = keys.get(i);
        p.append(i == 0 ? "" : ".").append(k.matches("[a-z_]+") ? k : "'" + k + "'");
      }
      return p.append(" = '")
          .append(value.replace("\\", "\\\\").replace("'", "\\'"))
          .append("']")
          .toString();
    }
  }

  private static List<Verbatim> verbatim(Event event) {
    List<Verbatim> out = new ArrayList<>();
    for (JsonObject o : event.objects()) {
      String type = o.string("type").orElseThrow();
      for (String property : o.names()) {
        o.string(property).ifPresent(s -> out.add(new Verbatim(type, List.of(property), s)));
        o.object(property)
            .ifPresent(
                inner -> {
                  for (String k : inner.names()) {
                    inner
                        .string(k)
                        .ifPresent(s -> out.add(new Verbatim(type, List.of(property, k), s)));
                  }
                });
      }
    }
    out.removeIf(v -> !EveFields.verbatim(v.path()));
    return out;
  }

  /**
   * Indicators on a value of every field the reader copies into an object at a verbatim path (the
   * hundredth line that has it, or its last), the plan clear of every other value: the line-rate
   * reader, each field probed against its own types only, finds what the exact reader finds.
   */
  @Test
  void findsWhatTheExactReaderFindsWithIndicatorsOnEveryField() {
    Map<List<String>, Verbatim> chosen = new LinkedHashMap<>();
    Map<List<String>, Integer> seen = new LinkedHashMap<>();
    for (Line line : lines()) {
      Map<String, List<List<String>>> from = fieldTexts(line.record());
      for (Verbatim v : verbatim(line.event())) {
        for (List<String> field : from.getOrDefault(v.value(), List.of())) {
          if (seen.merge(field, 1, Integer::sum) <= 100) {
            chosen.put(field, v);
          }
        }
      }
    }
    assertThat(chosen.keySet())
        .contains(
            List.of("src_ip"),
            List.of("dest_ip"),
            List.of("dns.rrname"),
            List.of("dns.answers", "rdata"),
            List.of("tls.sni"),
            List.of("tls.fingerprint"),
            List.of("tls.subject"),
            List.of("tls.issuerdn"),
            List.of("tls.serial"),
            List.of("http.hostname"),
            List.of("fileinfo.md5"),
            List.of("fileinfo.filename"));
    List<StixObject> set = new ArrayList<>();
    int n = 0;
    for (Verbatim v : chosen.values()) {
      set.add(indicator(++n, v.pattern()));
    }
    DetectionEngine engine = DetectionEngine.compile(set);
    LineRateDifferential.Outcome real =
        LineRateDifferential.agreeEve("eve.json", EveLineRateTest.EVE, engine);
    LineRateDifferential.Outcome sample =
        LineRateDifferential.agreeEve("sample.json", EveLineRateTest.SAMPLE, engine);
    List<String> matches = new ArrayList<>(real.matches());
    matches.addAll(sample.matches());
    for (int i = 1; i <= n; i++) {
      String id = Fixtures.id(i);
      assertThat(matches).as("indicator %d", i).anyMatch(m -> m.endsWith(id));
    }
    assertThat(real.unmatched()).as("lines only counted").isGreaterThan(10_000);
  }

  private static final String LINE =
      "{\"timestamp\":\"2024-03-01T10:00:00.100000+0000\",\"event_type\":\"dns\","
          + "\"src_ip\":\"192.0.2.10\",\"dest_ip\":\"198.51.100.53\",\"proto\":\"UDP\","
          + "\"dns\":{\"type\":\"query\",\"rrname\":\"10.9.9.9\"},"
          + "\"tls\":{\"sni\":\"10.9.9.9\"}}\n";

  /**
   * An address in fields that feed only domain names ({@code dns.rrname}, {@code tls.sni}): not
   * probed as an address, so the line is only counted under a plan on that address, and still found
   * under a plan on the domain name the exact reader builds from it.
   */
  @Test
  void anAddressInADomainFieldIsNotProbedAsAnAddressAndStillFoundAsADomain() {
    byte[] line = LINE.getBytes(StandardCharsets.UTF_8);
    LineRateDifferential.Outcome address =
        LineRateDifferential.agreeEve(
            "a.json",
            line,
            DetectionEngine.compile(List.of(indicator(1, "[ipv4-addr:value = '10.9.9.9']"))));
    assertThat(address.matches()).isEmpty();
    assertThat(address.events()).as("built").isEmpty();
    assertThat(address.unmatched()).isEqualTo(1);
    LineRateDifferential.Outcome domain =
        LineRateDifferential.agreeEve(
            "d.json",
            line,
            DetectionEngine.compile(List.of(indicator(1, "[domain-name:value = '10.9.9.9']"))));
    assertThat(domain.matches()).hasSize(1);
  }
}
