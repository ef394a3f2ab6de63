package org.wuzhen.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.CollectionId;

/** Laws of the export policy, over random rules and random objects. */
class ExportPolicyProperties {
  static final String OWN = ExportPolicyTest.OWN;
  static final String OTHER = ExportPolicyTest.OTHER;
  static final CollectionId A = ExportPolicyTest.SHARED;
  static final CollectionId B = ExportPolicyTest.PRIVATE;
  static final String STATEMENT = "marking-definition--3f1d5c1e-0000-4000-8000-00000000abcd";
  static final OwnInfrastructure INFRA =
      new OwnInfrastructure(
          List.of(IpNetwork.parse("198.51.100.0/24").orElseThrow()), List.of("example.org"));

  @Property(tries = 300)
  void redNeverLeavesForAnyPeerUnderAnyRules(
      @ForAll("rules") ExportRules rules,
      @ForAll("objects") StixObject object,
      @ForAll boolean tlp1) {
    StixObject red =
        StixObject.from(
            object
                .json()
                .with(
                    "object_marking_refs",
                    Samples.strings(
                        tlp1 ? Tlp.RED.tlp1MarkingId().orElseThrow() : Tlp.RED.markingId())));
    ExportPolicy policy = policyWith(rules, OwnInfrastructure.NONE);
    for (CollectionId c : List.of(A, B)) {
      Decision d = policy.decide("peer", c, red);
      assertThat(d.allowed()).isFalse();
      assertThat(d.rule()).isEqualTo("tlp.red");
    }
  }

  @Property(tries = 500)
  void tighteningNeverLoosens(
      @ForAll("rules") ExportRules rules,
      @ForAll("tightenings") Tightening tightening,
      @ForAll("objects") StixObject object,
      @ForAll boolean inA,
      @ForAll boolean infra) {
    ExportPolicy loose = policyWith(rules, infra ? INFRA : OwnInfrastructure.NONE);
    ExportPolicy tight =
        tightening == Tightening.ADD_INFRASTRUCTURE
            ? loose.withInfrastructure(INFRA)
            : policyWith(tightening.apply(rules), infra ? INFRA : OwnInfrastructure.NONE);
    CollectionId c = inA ? A : B;
    if (tight.decide("peer", c, object).allowed()) {
      assertThat(loose.decide("peer", c, object).allowed())
          .as("tightened by %s, allowed %s", tightening, object)
          .isTrue();
    }
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

  @Provide
  Arbitrary<Tightening> tightenings() {
    return Arbitraries.of(Tightening.class);
  }

  @Provide
  Arbitrary<ExportRules> rules() {
    return Builders.withBuilder(() -> ExportRules.DEFAULTS)
        .use(Arbitraries.of(Relation.class))
        .in(
            (r, v) ->
                new ExportRules(
                    v,
                    r.collections(),
                    r.types(),
                    r.maxTlp(),
                    r.unmarkedTlp(),
                    r.minConfidence(),
                    r.onwardSharing(),
                    r.withheldMarkings()))
        .use(Arbitraries.of(Tlp.class))
        .in(
            (r, v) ->
                new ExportRules(
                    r.relation(),
                    r.collections(),
                    r.types(),
                    v,
                    r.unmarkedTlp(),
                    r.minConfidence(),
                    r.onwardSharing(),
                    r.withheldMarkings()))
        .use(Arbitraries.of(Tlp.class))
        .in(
            (r, v) ->
                new ExportRules(
                    r.relation(),
                    r.collections(),
                    r.types(),
                    r.maxTlp(),
                    v,
                    r.minConfidence(),
                    r.onwardSharing(),
                    r.withheldMarkings()))
        .use(Arbitraries.integers().between(0, 100))
        .in(
            (r, v) ->
                new ExportRules(
                    r.relation(),
                    r.collections(),
                    r.types(),
                    r.maxTlp(),
                    r.unmarkedTlp(),
                    v,
                    r.onwardSharing(),
                    r.withheldMarkings()))
        .use(Arbitraries.of(true, false))
        .in(
            (r, v) ->
                new ExportRules(
                    r.relation(),
                    r.collections(),
                    r.types(),
                    r.maxTlp(),
                    r.unmarkedTlp(),
                    r.minConfidence(),
                    v,
                    r.withheldMarkings()))
        .use(
            Arbitraries.of(
                Optional.<Set<CollectionId>>empty(),
                Optional.of(Set.of(A)),
                Optional.of(Set.of(A, B))))
        .in(
            (r, v) ->
                new ExportRules(
                    r.relation(),
                    v,
                    r.types(),
                    r.maxTlp(),
                    r.unmarkedTlp(),
                    r.minConfidence(),
                    r.onwardSharing(),
                    r.withheldMarkings()))
        .build();
  }

  @Provide
  Arbitrary<StixObject> objects() {
    Arbitrary<Optional<Tlp>> tlp = Arbitraries.of(Tlp.class).optional(0.8);
    Arbitrary<Optional<String>> creator = Arbitraries.of(OWN, OTHER).optional(0.8);
    Arbitrary<Optional<Integer>> confidence = Arbitraries.integers().between(0, 100).optional(0.5);
    Arbitrary<String> address = Arbitraries.of("198.51.100.7", "203.0.113.7", "198.51.0.0/16");
    Arbitrary<Boolean> statement = Arbitraries.of(true, false);
    return Combinators.combine(tlp, creator, confidence, address, statement)
        .as(
            (t, by, conf, ip, marked) -> {
              StixObject o =
                  Samples.onAddress(
                      Samples.newId("indicator"),
                      "2024-02-01T00:00:00.000Z",
                      t.orElse(null),
                      by.orElse(null),
                      ip);
              if (conf.isPresent()) {
                o = Samples.withConfidence(o, conf.get());
              }
              if (marked) {
                List<String> refs = new java.util.ArrayList<>(o.objectMarkingRefs());
                refs.add(STATEMENT);
                o =
                    StixObject.from(
                        o.json()
                            .with(
                                "object_marking_refs",
                                Samples.strings(refs.toArray(String[]::new))));
              }
              return o;
            });
  }
}
