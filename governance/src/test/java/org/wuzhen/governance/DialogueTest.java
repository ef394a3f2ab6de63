package org.wuzhen.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.stix.StixObject;

class DialogueTest {
  static final Instant T0 = CharterTest.T0;
  static final CharterMember ACME = CharterTest.ACME;
  static final CharterMember BETA = CharterTest.BETA;
  static final CharterMember GAMMA =
      new CharterMember(
          "gamma",
          "identity--33333333-3333-4333-8333-333333333333",
          List.of(IpNetwork.parse("203.0.113.0/24").orElseThrow()));
  static final String OUTSIDER = "identity--99999999-9999-4999-8999-999999999999";
  static final String IND = "indicator--66666666-6666-4666-8666-666666666666";

  static Charter charter() {
    return Charter.found(
        List.of(ACME, BETA, GAMMA),
        Map.of(CharterRule.MEMBER_SIGNATURES, new RuleValue.Choice("optional")),
        T0);
  }

  static StixObject indicator(String address) {
    return Samples.indicator(IND, ACME.identityId(), address, 80, T0);
  }

  static Dialogue opinions(StixObject... os) {
    return new Dialogue(List.of(), List.of(os), List.of());
  }

  @Test
  void aMemberCountsOnceWithItsLatestOpinionAndOutsidersNotAtAll() {
    List<StixObject> ops = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ops.add(Samples.opinion(ACME.identityId(), IND, "strongly-agree", T0.plusSeconds(i)));
    }
    ops.add(Samples.opinion(ACME.identityId(), IND, "disagree", T0.plusSeconds(100)));
    ops.add(Samples.opinion(BETA.identityId(), IND, "agree", T0.plusSeconds(5)));
    ops.add(Samples.opinion(OUTSIDER, IND, "strongly-disagree", T0.plusSeconds(5)));
    Consensus c = Consensus.of(ops, charter());
    assertThat(c.members()).isEqualTo(2);
    assertThat(c.average()).hasValue(new BigDecimal("0.00"));
    assertThat(c.opinions()).containsEntry("acme", -1).containsEntry("beta", 1);
  }

  @Test
  void aDisputeIsOpenWithOneDissenterAndUpheldOnceEnoughMembersDisagree() {
    StixObject ind = indicator("198.51.100.7");
    Dialogue one =
        opinions(Samples.opinion(BETA.identityId(), IND, "strongly-disagree", T0.plusSeconds(1)));
    assertThat(Dispute.assess(ind, one, charter()).state()).isEqualTo(Dispute.State.OPEN);
    Dialogue two =
        opinions(
            Samples.opinion(BETA.identityId(), IND, "strongly-disagree", T0.plusSeconds(1)),
            Samples.opinion(GAMMA.identityId(), IND, "disagree", T0.plusSeconds(2)));
    Dispute d = Dispute.assess(ind, two, charter());
    assertThat(d.state()).isEqualTo(Dispute.State.UPHELD);
    assertThat(d.history())
        .extracting(Dispute.Event::state)
        .containsExactly(Dispute.State.OPEN, Dispute.State.UPHELD);
    assertThat(Decisions.exclusion(ind, two, charter(), T0.plusSeconds(3)))
        .hasValueSatisfying(r -> assertThat(r).contains("upheld"));
  }

  @Test
  void aFalsePositiveReportFromTheOwnerOfTheAddressUpholdsAtOnce() {
    StixObject ind = indicator("203.0.113.9");
    Dialogue report =
        new Dialogue(
            List.of(
                Samples.falsePositive(
                    GAMMA.identityId(), IND, "our mail relay", T0.plusSeconds(1))),
            List.of(
                Samples.opinion(GAMMA.identityId(), IND, "strongly-disagree", T0.plusSeconds(1))),
            List.of());
    assertThat(Dispute.assess(ind, report, charter()).state()).isEqualTo(Dispute.State.UPHELD);
    Dialogue byOther =
        new Dialogue(
            List.of(
                Samples.falsePositive(BETA.identityId(), IND, "looks benign", T0.plusSeconds(1))),
            List.of(
                Samples.opinion(BETA.identityId(), IND, "strongly-disagree", T0.plusSeconds(1))),
            List.of());
    assertThat(Dispute.assess(ind, byOther, charter()).state()).isEqualTo(Dispute.State.OPEN);
  }

  @Test
  void aDisputeIsRejectedWhenTheCommunityBacksTheIndicator() {
    Dialogue d =
        opinions(
            Samples.opinion(BETA.identityId(), IND, "disagree", T0.plusSeconds(1)),
            Samples.opinion(ACME.identityId(), IND, "strongly-agree", T0.plusSeconds(2)),
            Samples.opinion(GAMMA.identityId(), IND, "agree", T0.plusSeconds(3)));
    Dispute dispute = Dispute.assess(indicator("198.51.100.7"), d, charter());
    assertThat(dispute.state()).isEqualTo(Dispute.State.REJECTED);
    assertThat(dispute.history()).hasSize(3);
  }

  @Test
  void sightingsRefreshAnIndicatorAndAnOpenDisputeLowersIt() {
    StixObject ind = indicator("198.51.100.7");
    Instant late = T0.plus(Duration.ofDays(80));
    Standing stale = Standing.of(ind, Dialogue.EMPTY, charter(), late);
    assertThat(stale.usable()).isFalse();
    assertThat(stale.reasons().getFirst()).startsWith("decayed");
    Dialogue sighted =
        new Dialogue(
            List.of(),
            List.of(),
            List.of(Samples.sighting(BETA.identityId(), IND, late.minusSeconds(60))));
    Standing fresh = Standing.of(ind, sighted, charter(), late);
    assertThat(fresh.usable()).isTrue();
    assertThat(fresh.score()).isGreaterThan(79);
    Dialogue disputed = opinions(Samples.opinion(BETA.identityId(), IND, "disagree", T0));
    assertThat(Standing.of(ind, disputed, charter(), T0).score()).isEqualTo(50.0);
  }

  @Test
  void baselineExportRulesWithholdStrictTlpAndUpheldDisputes() {
    StixObject red =
        StixObject.parse(
            indicator("198.51.100.7")
                .toJson()
                .replace(
                    "\"confidence\"",
                    "\"object_marking_refs\":[\"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed\"],\"confidence\""));
    assertThat(Decisions.withholding(red, Dialogue.EMPTY, charter(), T0))
        .hasValueSatisfying(r -> assertThat(r).contains("export.max_tlp"));
    assertThat(Decisions.withholding(indicator("198.51.100.7"), Dialogue.EMPTY, charter(), T0))
        .isEmpty();
  }

  /** Confidence 0-100, ages 0-400 days and 1-400 days older, decay speeds 0.1-10. */
  @Test
  void decayNeverRisesWithAgeAndStaysWithinZeroAndTheBase() {
    qt().withExamples(1000)
        .forAll(
            integers().between(0, 100),
            integers().between(0, 400),
            integers().between(1, 400),
            doubles().between(0.1, 10))
        .checkAssert(
            (base, days, moreDays, speed) -> {
              Duration lifetime = Duration.ofDays(90);
              double a = Standing.decay(base, Duration.ofDays(days), lifetime, speed);
              double b = Standing.decay(base, Duration.ofDays(days + moreDays), lifetime, speed);
              assertThat(a).isBetween(0.0, (double) base);
              assertThat(b).isLessThanOrEqualTo(a);
              assertThat(Standing.decay(base, Duration.ofDays(90), lifetime, speed)).isZero();
            });
  }
}
