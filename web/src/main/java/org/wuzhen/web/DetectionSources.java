package org.wuzhen.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.governance.Governance;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.web.view.ObjectPageView.Property;
import org.wuzhen.web.view.StatusView.SourceRow;

/**
 * What this node knows of detection: the sightings it stored in the last hour that the caller may
 * read (the community's index), grouped by their source, the identity that created them ({@code
 * created_by_ref}: the member, or the host identity {@code wuzhen detect} makes up), with the
 * sensors they name ({@code where_sighted_refs}), how many arrived per minute, the events they
 * count and the latest event seen. Nothing here comes from the detectors themselves: a detector
 * that found nothing, or whose sightings went to another node, does not appear.
 */
final class DetectionSources {
  static final Duration WINDOW = Duration.ofHours(1);
  static final int MINUTES = 60;

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private DetectionSources() {}

  private static final class Source {
    final TreeSet<String> sensors = new TreeSet<>();
    final long[] perMinute = new long[MINUTES];
    long sightings;
    long events;
    Optional<Instant> lastReceived = Optional.empty();
    Optional<Instant> lastSeen = Optional.empty();
    boolean stream;
  }

  static List<SourceRow> of(
      Governance governance, ObjectReader reader, Optional<Charter> charter, Instant now) {
    Instant since = now.minus(WINDOW);
    Map<String, Source> by = new LinkedHashMap<>();
    for (Governance.StoredSighting s : governance.sightings(reader, since)) {
      StixObject o = s.sighting();
      Source source = by.computeIfAbsent(o.createdByRef().orElse(""), k -> new Source());
      source.sensors.addAll(o.json().strings("where_sighted_refs"));
      long minute = Duration.between(since, s.added()).toMinutes();
      source.perMinute[(int) Math.max(0, Math.min(MINUTES - 1, minute))]++;
      source.sightings++;
      source.events += s.count();
      source.lastReceived = later(source.lastReceived, s.added());
      Optional<Instant> seen =
          o.timestamp("last_seen").or(() -> o.timestamp("first_seen")).map(StixTimestamp::instant);
      if (seen.isPresent()) {
        source.lastSeen = later(source.lastSeen, seen.get());
      }
      // wuzhen stream (Kafka Streams) marks its sightings with the plan they were matched against.
      source.stream |= o.get("x_wuzhen_plan_tree_size").isPresent();
    }
    List<SourceRow> rows = new ArrayList<>();
    by.forEach(
        (ref, s) -> {
          List<Property> minutes = new ArrayList<>();
          for (int i = 0; i < MINUTES; i++) {
            minutes.add(
                new Property(
                    MINUTE.format(since.plus(Duration.ofMinutes(i))),
                    Long.toString(s.perMinute[i]),
                    List.of()));
          }
          rows.add(
              new SourceRow(
                  name(ref, charter),
                  Links.object(ref).map(l -> l.href()).orElse(""),
                  s.stream ? "wuzhen stream (Kafka Streams)" : "",
                  String.join(", ", s.sensors.stream().map(x -> name(x, charter)).toList()),
                  s.sightings,
                  s.events,
                  s.lastReceived.map(Instant::toString).orElse(""),
                  s.lastSeen.map(Instant::toString).orElse("not given"),
                  SightingsChart.of(minutes)));
        });
    rows.sort(Comparator.comparing(SourceRow::name));
    return rows;
  }

  private static Optional<Instant> later(Optional<Instant> known, Instant t) {
    return Optional.of(known.filter(k -> k.isAfter(t)).orElse(t));
  }

  private static String name(String identity, Optional<Charter> charter) {
    if (identity.isEmpty()) {
      return "(no created_by_ref)";
    }
    return charter
        .flatMap(c -> c.memberByIdentity(identity))
        .map(CharterMember::name)
        .map(n -> "member " + n)
        .orElse(identity);
  }
}
