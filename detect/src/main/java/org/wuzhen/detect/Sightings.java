package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.ScoIds;
import org.wuzhen.stix.StixTimestamp;

/**
 * Aggregates matches into STIX 2.1 sightings (§5.7): one sighting per indicator and time bucket,
 * with {@code first_seen}, {@code last_seen}, {@code count} (events that matched; an event counts
 * once per indicator) and a bounded sample of observed-data objects holding the event's
 * observables. A million hits of one indicator in one bucket make one sighting with count
 * 1,000,000, not a million objects.
 *
 * <p>Ids are deterministic (UUIDv5 over indicator, bucket and sighter), so a later snapshot of the
 * same bucket is a new version of the same sighting, and two runs over the same telemetry name the
 * same objects. Thread-safe.
 */
public final class Sightings {
  /** STIX 2.1 §5.7: count is at most 999,999,999. */
  public static final long MAX_COUNT = 999_999_999L;

  private static final UUID NAMESPACE = UUID.fromString("6d1b6f0a-3c2e-5b8e-9a51-2f4c7e1d9b30");

  private final SightingOptions options;
  private final Map<Key, Aggregate> aggregates = new TreeMap<>();
  private long matches;

  private record Key(String indicatorId, long bucketStartMicros) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = indicatorId.compareTo(o.indicatorId);
      return c != 0 ? c : Long.compare(bucketStartMicros, o.bucketStartMicros);
    }
  }

  private static final class Aggregate {
    StixTimestamp first;
    StixTimestamp last;
    long count;
    final List<Event> sample = new ArrayList<>();
  }

  public Sightings(SightingOptions options) {
    this.options = requireNonNull(options, "options");
  }

  /** Counts one match (one event that matched one indicator). */
  public synchronized void add(Match match) {
    Event event = match.event();
    long bucket = bucketStartMicros(options, event.time());
    Aggregate a =
        aggregates.computeIfAbsent(new Key(match.indicatorId(), bucket), k -> new Aggregate());
    if (a.first == null || event.time().isBefore(a.first)) {
      a.first = event.time();
    }
    if (a.last == null || a.last.isBefore(event.time())) {
      a.last = event.time();
    }
    a.count++;
    if (options.includeObservedData() && a.sample.size() < options.sampleSize()) {
      a.sample.add(event);
    }
    matches++;
  }

  /** How many matches were added. */
  public synchronized long matchCount() {
    return matches;
  }

  /** How many sightings a snapshot holds. */
  public synchronized int size() {
    return aggregates.size();
  }

  /**
   * The sightings so far, each followed by its observed-data objects, then every observable those
   * name (once each); ordered by indicator id then bucket. {@code now} becomes created and
   * modified.
   */
  public synchronized List<JsonObject> snapshot(StixTimestamp now) {
    List<JsonObject> out = new ArrayList<>();
    Map<String, JsonObject> observables = new LinkedHashMap<>();
    for (Map.Entry<Key, Aggregate> e : aggregates.entrySet()) {
      Key key = e.getKey();
      Aggregate a = e.getValue();
      Tally tally =
          new Tally(key.indicatorId(), key.bucketStartMicros(), a.first, a.last, a.count, a.sample);
      sighting(options, tally, now, now, out, observables);
    }
    out.addAll(observables.values());
    return out;
  }

  /**
   * What one sighting counts, for a caller that keeps its own aggregates (the Kafka deployment
   * keeps them in a state store).
   *
   * @param bucketStartMicros the bucket's start, {@link #bucketStartMicros}
   * @param sample the first events, at most the options' sample size
   */
  public record Tally(
      String indicatorId,
      long bucketStartMicros,
      StixTimestamp firstSeen,
      StixTimestamp lastSeen,
      long count,
      List<Event> sample) {
    public Tally {
      requireNonNull(indicatorId, "indicatorId");
      requireNonNull(firstSeen, "firstSeen");
      requireNonNull(lastSeen, "lastSeen");
      sample = List.copyOf(sample);
    }
  }

  /** The start of the bucket that holds {@code time}, in microseconds since the epoch. */
  public static long bucketStartMicros(SightingOptions options, StixTimestamp time) {
    long bucketMicros = options.bucket().toNanos() / 1000;
    return Math.floorDiv(micros(time.instant()), bucketMicros) * bucketMicros;
  }

  /**
   * One sighting as {@link #snapshot} writes it (the same deterministic ids), followed by its
   * observed-data and their observables.
   */
  public static List<JsonObject> objects(
      SightingOptions options, Tally tally, StixTimestamp created, StixTimestamp modified) {
    List<JsonObject> out = new ArrayList<>();
    Map<String, JsonObject> observables = new LinkedHashMap<>();
    sighting(options, tally, created, modified, out, observables);
    out.addAll(observables.values());
    return out;
  }

  private static void sighting(
      SightingOptions options,
      Tally tally,
      StixTimestamp created,
      StixTimestamp modified,
      List<JsonObject> out,
      Map<String, JsonObject> observables) {
    String sighter = options.sighter().text();
    String sightingId =
        "sighting--"
            + ScoIds.uuidV5(
                NAMESPACE, tally.indicatorId() + "|" + tally.bucketStartMicros() + "|" + sighter);
    List<JsonObject> observed = new ArrayList<>();
    for (Event event : tally.sample()) {
      observed.add(observedData(options, sightingId, event, created, modified, observables));
    }
    JsonObject.Builder s =
        JsonObject.builder()
            .put("type", "sighting")
            .put("spec_version", "2.1")
            .put("id", sightingId)
            .put("created_by_ref", sighter)
            .put("created", created.text())
            .put("modified", modified.text())
            .put("first_seen", tally.firstSeen().text())
            .put("last_seen", tally.lastSeen().text())
            .put("count", Math.min(tally.count(), MAX_COUNT))
            .put("sighting_of_ref", tally.indicatorId());
    if (!observed.isEmpty()) {
      List<JsonValue> refs = new ArrayList<>();
      for (JsonObject o : observed) {
        refs.add(new JsonString(o.string("id").orElseThrow()));
      }
      s.put("observed_data_refs", new JsonArray(refs));
    }
    s.put("where_sighted_refs", new JsonArray(List.of(new JsonString(sighter))));
    out.add(s.build());
    out.addAll(observed);
  }

  private static JsonObject observedData(
      SightingOptions options,
      String sightingId,
      Event event,
      StixTimestamp created,
      StixTimestamp modified,
      Map<String, JsonObject> observables) {
    List<JsonValue> refs = new ArrayList<>();
    for (JsonObject o : event.objects()) {
      String id = o.string("id").orElseThrow();
      refs.add(new JsonString(id));
      observables.putIfAbsent(id, withSpecVersion(o));
    }
    return JsonObject.builder()
        .put("type", "observed-data")
        .put("spec_version", "2.1")
        .put("id", "observed-data--" + ScoIds.uuidV5(NAMESPACE, sightingId + "|" + event.source()))
        .put("created_by_ref", options.sighter().text())
        .put("created", created.text())
        .put("modified", modified.text())
        .put("first_observed", event.time().text())
        .put("last_observed", event.time().text())
        .put("number_observed", 1)
        .put("object_refs", new JsonArray(refs))
        .build();
  }

  /** SCOs published on their own carry spec_version (STIX 2.1 §3.1 recommends it). */
  private static JsonObject withSpecVersion(JsonObject sco) {
    return sco.get("spec_version").isPresent()
        ? sco
        : sco.with("spec_version", new JsonString("2.1"));
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }
}
