package org.wuzhen.misp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.wuzhen.federation.CommunityRules;
import org.wuzhen.federation.ExportPolicy;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.CollectionId;

/**
 * Whatever the export policy says (max_tlp, relation, unmarked_tlp, onward_sharing for the feed
 * reader), no object marked RED or AMBER+STRICT (TLP 1.0 or 2.0 marking ids) reaches any file of a
 * MISP feed.
 */
class FeedPolicyPropertyTest {
  static final String MEMBER = SharedEventsImportTest.MEMBER.toString();

  /** One random object: an indicator of a report, or a loose one, with a TLP or none. */
  record Drawn(Optional<Tlp> tlp, boolean tlp1, boolean inReport, boolean byMember) {}

  record Policy(String relation, Tlp maxTlp, Tlp unmarked, boolean onward) {}

  static Gen<Optional<Tlp>> tlps() {
    return arbitrary().enumValues(Tlp.class).toOptionals(20);
  }

  static Gen<Drawn> drawn() {
    return tlps().zip(booleans().all(), booleans().all(), booleans().all(), Drawn::new);
  }

  static Gen<Policy> policies() {
    return arbitrary()
        .pick("external", "community", "member", "same-organisation")
        .zip(
            arbitrary().enumValues(Tlp.class),
            arbitrary().enumValues(Tlp.class),
            booleans().all(),
            Policy::new);
  }

  @Test
  void noRedOrAmberStrictObjectEntersAnyFeedFile() {
    qt().withExamples(300)
        .forAll(lists().of(drawn()).ofSizeBetween(1, 12), policies(), integers().between(0, 2))
        .checkAssert(FeedPolicyPropertyTest::nothingStrictLeaks);
  }

  static void nothingStrictLeaks(List<Drawn> draws, Policy p, int scope) {
    ExportPolicy policy =
        ExportPolicy.parse(
                Json.parse(
                    "{\"peers\": {\""
                        + FeedPolicy.PRINCIPAL
                        + "\": {\"relation\": \""
                        + p.relation()
                        + "\", \"max_tlp\": \""
                        + p.maxTlp().tlp2Value()
                        + "\", \"unmarked_tlp\": \""
                        + p.unmarked().tlp2Value()
                        + "\", \"onward_sharing\": "
                        + p.onward()
                        + "}}}"),
                "export_policy")
            .withOwnIdentities(Set.of(MEMBER));
    FeedPolicy feedPolicy =
        scope == 0 ? FeedPolicy.of(policy, CommunityRules.NONE) : FeedPolicy.defaults();
    List<StixObject> objects = new ArrayList<>();
    List<String> strict = new ArrayList<>();
    List<String> refs = new ArrayList<>();
    for (Drawn d : draws) {
      String uuid = UUID.randomUUID().toString();
      JsonObject.Builder b =
          JsonObject.builder()
              .put("type", "indicator")
              .put("spec_version", "2.1")
              .put("id", "indicator--" + uuid)
              .put("created_by_ref", d.byMember() ? MEMBER : "identity--" + UUID.randomUUID())
              .put("created", "2026-01-01T00:00:00.000Z")
              .put("modified", "2026-01-01T00:00:00.000Z")
              .put("pattern", "[ipv4-addr:value = '198.51.100." + objects.size() + "']")
              .put("pattern_type", "stix")
              .put("valid_from", "2026-01-01T00:00:00Z");
      if (d.tlp().isPresent()) {
        Tlp t = d.tlp().get();
        String id = d.tlp1() ? t.tlp1MarkingId().orElse(t.markingId()) : t.markingId();
        b.put(
            "object_marking_refs",
            new org.wuzhen.stix.JsonArray(List.of(new org.wuzhen.stix.JsonString(id))));
        if (t == Tlp.RED || t == Tlp.AMBER_STRICT) {
          strict.add(uuid);
        }
      }
      objects.add(StixObject.from(b.build()));
      if (d.inReport()) {
        refs.add("indicator--" + uuid);
      }
    }
    if (!refs.isEmpty()) {
      String reportUuid = UUID.randomUUID().toString();
      JsonObject.Builder r =
          JsonObject.builder()
              .put("type", "report")
              .put("spec_version", "2.1")
              .put("id", "report--" + reportUuid)
              .put("created_by_ref", MEMBER)
              .put("created", "2026-01-01T00:00:00.000Z")
              .put("modified", "2026-01-01T00:00:00.000Z")
              .put("name", "r")
              .put("published", "2026-01-01T00:00:00.000Z")
              .put(
                  "object_refs",
                  new org.wuzhen.stix.JsonArray(
                      refs.stream()
                          .map(x -> (org.wuzhen.stix.JsonValue) new org.wuzhen.stix.JsonString(x))
                          .toList()));
      objects.add(StixObject.from(r.build()));
    }
    FeedFiles feed = FeedFiles.of(MispFeeds.events(CollectionId.random(), objects, feedPolicy));
    StringBuilder all = new StringBuilder();
    feed.all().values().forEach(f -> all.append(new String(f.bytes(), StandardCharsets.UTF_8)));
    for (var f : feed.all().keySet()) {
      feed.fullEvent(f.replace(".json", ""))
          .ifPresent(x -> all.append(new String(x.bytes(), StandardCharsets.UTF_8)));
    }
    for (String uuid : strict) {
      assertThat(all.toString()).doesNotContain(uuid);
    }
  }
}
