package org.wuzhen.misp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;

/**
 * The six top-level shared events convert to the ids and patterns misp-stix gives them: the
 * fixtures (taxii's test resources {@code /misp-stix/}) were derived from misp-stix's published
 * mapping independently of this module's code.
 */
class MispStixConventionsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "2018-11-20_Zebrocy",
        "ebury.misp",
        "lazarus_3cx",
        "misp-turla-crutch-event",
        "mozi.misp-event",
        "oceanlotus.misp.event"
      })
  void idsAndPatternsCoincideWithMispStix(String name) throws Exception {
    List<StixObject> ours = new ArrayList<>();
    SharedEventsImportTest.importer()
        .convert(
            SharedEventsImportTest.data().resolve(name + ".json"), e -> ours.addAll(e.objects()));
    List<JsonValue> theirs = fixture(name);

    // Three of the six have to_ids attributes; the others must have none on both sides.
    assertThat(patterns(ours.stream().map(o -> (JsonValue) o.json()).toList()))
        .isEqualTo(patterns(theirs));
    assertThat(ids(ours.stream().map(o -> (JsonValue) o.json()).toList(), "observed-data"))
        .isEqualTo(ids(theirs, "observed-data"));
    assertThat(ids(ours.stream().map(o -> (JsonValue) o.json()).toList(), "report", "grouping"))
        .isEqualTo(ids(theirs, "report", "grouping"));
  }

  /** Indicator id to pattern. */
  private static Map<String, String> patterns(List<JsonValue> objects) {
    Map<String, String> map = new TreeMap<>();
    for (JsonValue v : objects) {
      JsonObject o = (JsonObject) v;
      if (o.string("type").orElseThrow().equals("indicator")) {
        map.put(o.string("id").orElseThrow(), o.string("pattern").orElseThrow());
      }
    }
    return map;
  }

  private static List<String> ids(List<JsonValue> objects, String... types) {
    List<String> ids = new ArrayList<>();
    for (JsonValue v : objects) {
      JsonObject o = (JsonObject) v;
      if (List.of(types).contains(o.string("type").orElseThrow())) {
        ids.add(o.string("id").orElseThrow());
      }
    }
    return ids.stream().sorted().toList();
  }

  static List<JsonValue> fixture(String name) throws IOException {
    try (InputStream in =
        MispStixConventionsTest.class.getResourceAsStream("/misp-stix/" + name + ".stix21.json")) {
      assertThat(in).as(name).isNotNull();
      return ((JsonObject) Json.parse(in.readAllBytes())).array("objects").orElseThrow().elements();
    }
  }
}
