package org.wuzhen.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.CollectionId;

/** Laws of the export policy, over random rules and random objects. */
class ExportPolicyPropertiesTest {
  static final String OWN = ExportPolicyTest.OWN;
  static final String OTHER = ExportPolicyTest.OTHER;
  static final CollectionId A = ExportPolicyTest.SHARED;
  static final CollectionId B = ExportPolicyTest.PRIVATE;
  static final String STATEMENT = "marking-definition--3f1d5c1e-0000-4000-8000-00000000abcd";
  static final OwnInfrastructure INFRA =
      new OwnInfrastructure(
          List.of(IpNetwork.parse("198.51.100.0/24").orElseThrow()), List.of("example.org"));

  @Test
  void redNeverLeavesForAnyPeerUnderAnyRules() {
    qt().withExamples(300)
        .forAll(RULES, OBJECTS, booleans().all())
        .checkAssert(
            (rules, object, tlp1) -> {
              StixObject red =
                  StixObject.from(
                      object
                          .json()
                          .with(
                              "object_marking_refs",
                              Samples.strings(
                                  tlp1
                                      ? Tlp.RED.tlp1MarkingId().orElseThrow()
                                      : Tlp.RED.markingId())));
              ExportPolicy policy = policyWith(rules, OwnInfrastructure.NONE);
              for (CollectionId c : List.of(A, B)) {
                Decision d = policy.decide("peer", c, red);
                assertThat(d.allowed()).isFalse();
                assertThat(d.rule()).isEqualTo("tlp.red");
              }
            });
  }

  /** Where the object is read: from collection A or B, with or without own infrastructure. */
  record Reading(boolean inA, boolean infra) {}

  @Test
  void tighteningNeverLoosens() {
    qt().withExamples(500)
        .forAll(
            RULES,
            arbitrary().enumValues(Tightening.class),
            OBJECTS,
            booleans().all().zip(booleans().all(), Reading::new))
        .checkAssert(
            (rules, tightening, object, reading) -> {
              OwnInfrastructure infra = reading.infra() ? INFRA : OwnInfrastructure.NONE;
              ExportPolicy loose = policyWith(rules, infra);
              ExportPolicy tight =
                  tightening == Tightening.ADD_INFRASTRUCTURE
                      ? loose.withInfrastructure(INFRA)
                      : policyWith(tightening.apply(rules), infra);
              CollectionId c = reading.inA() ? A : B;
              if (tight.decide("peer", c, object).allowed()) {
                assertThat(loose.decide("peer", c, object).allowed())
                    .as("tightened by %s, allowed %s", tightening, object.toJson())
                    .isTrue();
              }
            });
  }

  private static ExportPolicy policyWith(ExportRules rules, OwnInfrastructure infra) {
    return ExportPolicy.DEFAULT
        .withPeerRules("peer", rules)
        .withInfrastructure(infra)
        .withOwnIdentities(Set.of(OWN));
  }

  enum Tightening {
    LOWER_MAX_TLP,
    RAISE_UNMARKED_TLP,
    RAISE_MIN_CONFIDENCE,
    NARROW_COLLECTIONS,
    NARROW_TYPES,
    STOP_ONWARD_SHARING,
    WITHHOLD_MARKING,
    LOWER_RELATION,
    ADD_INFRASTRUCTURE;

    ExportRules apply(ExportRules r) {
      return switch (this) {
        case LOWER_MAX_TLP -> copy(r, lower(r.maxTlp()), r.unmarkedTlp(), r.minConfidence());
        case RAISE_UNMARKED_TLP -> copy(r, r.maxTlp(), higher(r.unmarkedTlp()), r.minConfidence());
        case RAISE_MIN_CONFIDENCE ->
            copy(r, r.maxTlp(), r.unmarkedTlp(), Math.min(100, r.minConfidence() + 30));
        case NARROW_COLLECTIONS ->
            new ExportRules(
                r.relation(),
                Optional.of(Set.of(A)),
                r.types(),
                r.maxTlp(),
                r.unmarkedTlp(),
                r.minConfidence(),
                r.onwardSharing(),
                r.withheldMarkings());
        case NARROW_TYPES ->
            new ExportRules(
                r.relation(),
                r.collections(),
                Optional.of(Set.of("malware")),
                r.maxTlp(),
                r.unmarkedTlp(),
                r.minConfidence(),
                r.onwardSharing(),
                r.withheldMarkings());
        case STOP_ONWARD_SHARING ->
            new ExportRules(
                r.relation(),
                r.collections(),
                r.types(),
                r.maxTlp(),
                r.unmarkedTlp(),
                r.minConfidence(),
                false,
                r.withheldMarkings());
        case WITHHOLD_MARKING ->
            new ExportRules(
                r.relation(),
                r.collections(),
                r.types(),
                r.maxTlp(),
                r.unmarkedTlp(),
                r.minConfidence(),
                r.onwardSharing(),
                Set.of(STATEMENT));
        case LOWER_RELATION ->
            new ExportRules(
                Relation.values()[Math.min(3, r.relation().ordinal() + 1)],
                r.collections(),
                r.types(),
                r.maxTlp(),
                r.unmarkedTlp(),
                r.minConfidence(),
                r.onwardSharing(),
                r.withheldMarkings());
        case ADD_INFRASTRUCTURE -> r;
      };
    }

    private static ExportRules copy(ExportRules r, Tlp max, Tlp unmarked, int confidence) {
      return new ExportRules(
          r.relation(),
          r.collections(),
          r.types(),
          max,
          unmarked,
          confidence,
          r.onwardSharing(),
          r.withheldMarkings());
    }

    private static Tlp lower(Tlp t) {
      return Tlp.values()[Math.max(0, t.ordinal() - 1)];
    }

    private static Tlp higher(Tlp t) {
      return Tlp.values()[Math.min(Tlp.values().length - 1, t.ordinal() + 1)];
    }
  }

  /**
   * Random rules for the peer: any relation, maximum and unmarked TLP, minimum confidence 0-100,
   * onward sharing on or off, and all collections, only A, or A and B; types and withheld markings
   * at their defaults.
   */
  private static final Gen<ExportRules> RULES =
      ((Gen<ExportRules>)
              in ->
                  new ExportRules(
                      arbitrary().enumValues(Relation.class).generate(in),
                      arbitrary()
                          .pick(
                              List.of(
                                  Optional.<Set<CollectionId>>empty(),
                                  Optional.of(Set.of(A)),
                                  Optional.of(Set.of(A, B))))
                          .generate(in),
                      ExportRules.DEFAULTS.types(),
                      arbitrary().enumValues(Tlp.class).generate(in),
                      arbitrary().enumValues(Tlp.class).generate(in),
                      integers().between(0, 100).generate(in),
                      booleans().all().generate(in),
                      ExportRules.DEFAULTS.withheldMarkings()))
          .describedAs(ExportRules::toString);

  /**
   * Random indicators on an address: a TLP marking (80 %), a creator, own or other (80 %), a
   * confidence 0-100 (50 %), one of three addresses, and or not a statement marking.
   */
  private static final Gen<StixObject> OBJECTS =
      ((Gen<StixObject>)
              in -> {
                Optional<Tlp> tlp = arbitrary().enumValues(Tlp.class).toOptionals(20).generate(in);
                Optional<String> creator =
                    arbitrary().pick(OWN, OTHER).toOptionals(20).generate(in);
                Optional<Integer> confidence =
                    integers().between(0, 100).toOptionals(50).generate(in);
                String address =
                    arbitrary().pick("198.51.100.7", "203.0.113.7", "198.51.0.0/16").generate(in);
                boolean marked = booleans().all().generate(in);
                StixObject o =
                    Samples.onAddress(
                        Samples.newId("indicator"),
                        "2024-02-01T00:00:00.000Z",
                        tlp.orElse(null),
                        creator.orElse(null),
                        address);
                if (confidence.isPresent()) {
                  o = Samples.withConfidence(o, confidence.get());
                }
                if (marked) {
                  List<String> refs = new ArrayList<>(o.objectMarkingRefs());
                  refs.add(STATEMENT);
                  o =
                      StixObject.from(
                          o.json()
                              .with(
                                  "object_marking_refs",
                                  Samples.strings(refs.toArray(String[]::new))));
                }
                return o;
              })
          .describedAs(StixObject::toJson);
}
