package org.wuzhen.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.wuzhen.detect.Event;
import org.wuzhen.detect.SightingOptions;
import org.wuzhen.detect.Sightings;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixTimestamp;

/**
 * Stage C: the tally of one sighting (indicator, bucket) kept in a changelogged store, and the STIX
 * objects it publishes. {@code created} is set at the first match and {@code modified} moves
 * forward at every change, so each emitted state is a new version of the same sighting; the state
 * and its output commit in one transaction (exactly-once), so a version once written never changes
 * and a sink that posts it again is answered as a duplicate.
 */
final class SightingTally {
  private final SightingOptions options;
  private final Clock clock;

  SightingTally(SightingOptions options, Clock clock) {
    this.options = options;
    this.clock = clock;
  }

  /** The tally with one more match; {@code tally} is null for the first. */
  JsonValue add(String key, JsonValue match, JsonValue tally) {
    JsonFields m = JsonFields.of(match, "match");
    StixTimestamp time = StixTimestamp.parse(m.string("time"));
    long treeSize = m.integer("plan_tree_size");
    StixTimestamp now = StixTimestamp.ofMillis(clock.instant());
    if (tally == null) {
      List<JsonValue> sample = new ArrayList<>();
      if (options.includeObservedData() && options.sampleSize() > 0) {
        sample.add(eventJson(m));
      }
      return JsonObject.builder()
          .put("indicator", key.substring(0, key.lastIndexOf('|')))
          .put("bucket", Long.parseLong(key.substring(key.lastIndexOf('|') + 1)))
          .put("first", time.text())
          .put("last", time.text())
          .put("count", 1)
          .put("sample", new JsonArray(sample))
          .put("created", now.text())
          .put("modified", now.text())
          .put("plan_tree_size", treeSize)
          .build();
    }
    JsonFields t = JsonFields.of(tally, "tally");
    StixTimestamp first = StixTimestamp.parse(t.string("first"));
    StixTimestamp last = StixTimestamp.parse(t.string("last"));
    StixTimestamp modified = StixTimestamp.parse(t.string("modified"));
    Instant next = modified.instant().plus(Duration.ofMillis(1));
    List<JsonValue> sample = new ArrayList<>(t.array("sample"));
    if (options.includeObservedData() && sample.size() < options.sampleSize()) {
      sample.add(eventJson(m));
    }
    return t.json()
        .with("first", string(time.isBefore(first) ? time : first))
        .with("last", string(last.isBefore(time) ? time : last))
        .with("count", JsonNumber.of(t.integer("count") + 1))
        .with("sample", new JsonArray(sample))
        .with("modified", string(now.instant().isAfter(next) ? now : StixTimestamp.ofMillis(next)))
        .with("plan_tree_size", JsonNumber.of(Math.max(treeSize, t.integer("plan_tree_size"))));
  }

  /**
   * The sighting (first, carrying {@code x_wuzhen_plan_tree_size}), its observed-data and their
   * observables.
   */
  JsonArray objects(JsonValue tally) {
    JsonFields t = JsonFields.of(tally, "tally");
    List<Event> sample = new ArrayList<>();
    for (JsonFields e : t.objects("sample")) {
      sample.add(MatchingProcessor.MatchRecord.event(e));
    }
    Sightings.Tally counted =
        new Sightings.Tally(
            t.string("indicator"),
            t.integer("bucket"),
            StixTimestamp.parse(t.string("first")),
            StixTimestamp.parse(t.string("last")),
            t.integer("count"),
            sample);
    List<JsonObject> out =
        new ArrayList<>(
            Sightings.objects(
                options,
                counted,
                StixTimestamp.parse(t.string("created")),
                StixTimestamp.parse(t.string("modified"))));
    out.set(
        0, out.get(0).with("x_wuzhen_plan_tree_size", JsonNumber.of(t.integer("plan_tree_size"))));
    return new JsonArray(new ArrayList<>(out));
  }

  private static JsonValue eventJson(JsonFields match) {
    return match.json().without("plan_tree_size");
  }

  private static JsonValue string(StixTimestamp t) {
    return new org.wuzhen.stix.JsonString(t.text());
  }
}
