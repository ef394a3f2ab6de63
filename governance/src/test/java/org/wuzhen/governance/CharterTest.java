package org.wuzhen.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonNumber;

class CharterTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final CharterMember ACME =
      new CharterMember("acme", "identity--11111111-1111-4111-8111-111111111111");
  static final CharterMember BETA =
      new CharterMember("beta", "identity--22222222-2222-4222-8222-222222222222");

  static Charter twoMembers() {
    return Charter.found(
        List.of(ACME, BETA),
        Map.of(CharterRule.MEMBER_SIGNATURES, new RuleValue.Choice("optional")),
        T0);
  }

  static CharterPatch patch(String json) {
    return CharterPatch.parse(Json.parse(json));
  }

  @Test
  void foundingCharterHasEveryRuleAtItsDefault() {
    Charter c = twoMembers();
    assertThat(c.version()).isEqualTo(1);
    assertThat(c.rules()).hasSize(CharterRule.values().length);
    assertThat(c.minConfidence()).isZero();
    assertThat(c.consultationPeriod().toHours()).isEqualTo(168);
  }

  @Test
  void anAppliedPatchMakesTheNextVersionAndLeavesTheOldOneAlone() {
    Charter c = twoMembers();
    Charter next =
        c.apply(
            patch(
                """
                {"set":[{"rule":"publish.min_confidence","value":70}],
                 "admit":[{"name":"gamma","identity_ref":"identity--33333333-3333-4333-8333-333333333333",
                           "address_space":["203.0.113.0/24"]}]}"""),
            T0.plusSeconds(60),
            "x-wuzhen-proposal--44444444-4444-4444-8444-444444444444");
    assertThat(next.version()).isEqualTo(2);
    assertThat(next.minConfidence()).isEqualTo(70);
    assertThat(next.members())
        .extracting(CharterMember::name)
        .containsExactly("acme", "beta", "gamma");
    assertThat(next.proposalRef())
        .hasValue("x-wuzhen-proposal--44444444-4444-4444-8444-444444444444");
    assertThat(c.minConfidence()).isZero();
  }

  @Test
  void refusesAnUnknownRuleNamingIt() {
    assertThatThrownBy(() -> patch("{\"set\":[{\"rule\":\"voting.quorom\",\"value\":1}]}"))
        .isInstanceOf(GovernanceException.class)
        .hasMessageContaining("set[0].rule: unknown rule 'voting.quorom'");
  }

  @Test
  void refusesAnOutOfRangeValueNamingTheRule() {
    assertThatThrownBy(
            () -> patch("{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":150}]}"))
        .hasMessage("set[0].value (publish.min_confidence): 150 is out of range 0..100");
    assertThatThrownBy(() -> patch("{\"set\":[{\"rule\":\"voting.quorum\",\"value\":1.5}]}"))
        .hasMessageContaining("voting.quorum")
        .hasMessageContaining("out of range");
    assertThatThrownBy(
            () -> patch("{\"set\":[{\"rule\":\"publish.default_tlp\",\"value\":\"blue\"}]}"))
        .hasMessageContaining("publish.default_tlp");
  }

  @Test
  void refusesRemovingTheLastMember() {
    Charter alone =
        Charter.found(
            List.of(ACME),
            Map.of(CharterRule.MEMBER_SIGNATURES, new RuleValue.Choice("optional")),
            T0);
    assertThatThrownBy(() -> alone.check(patch("{\"depart\":[\"acme\"]}")))
        .hasMessageContaining("removes the last member");
  }

  @Test
  void refusesAPatchThatMakesTheQuorumImpossible() {
    assertThatThrownBy(
            () ->
                twoMembers()
                    .check(
                        patch("{\"set\":[{\"rule\":\"voting.quorum_min_members\",\"value\":3}]}")))
        .hasMessageContaining("voting.quorum_min_members")
        .hasMessageContaining("no vote could ever reach it");
    Charter needsTwo =
        Charter.found(
            List.of(ACME, BETA),
            Map.of(
                CharterRule.MEMBER_SIGNATURES,
                new RuleValue.Choice("optional"),
                CharterRule.VOTING_QUORUM_MIN_MEMBERS,
                new RuleValue.Whole(2)),
            T0);
    assertThatThrownBy(() -> needsTwo.check(patch("{\"depart\":[\"beta\"]}")))
        .hasMessageContaining("voting.quorum_min_members");
  }

  @Test
  void refusesUnknownMembersAndDuplicates() {
    assertThatThrownBy(() -> twoMembers().check(patch("{\"depart\":[\"zeta\"]}")))
        .hasMessage("depart[0]: 'zeta' is not a member");
    assertThatThrownBy(
            () ->
                twoMembers()
                    .check(
                        patch(
                            "{\"admit\":[{\"name\":\"acme\",\"identity_ref\":\"identity--99999999-9999-4999-8999-999999999999\"}]}")))
        .hasMessageContaining("admit[0]: 'acme'")
        .hasMessageContaining("already a member");
    assertThatThrownBy(
            () ->
                twoMembers()
                    .check(
                        patch("{\"set\":[{\"rule\":\"voting.proposers\",\"value\":[\"zeta\"]}]}")))
        .hasMessageContaining("voting.proposers: 'zeta' is not a member");
  }

  @Test
  void onlyListedProposersMayPropose() {
    Charter c =
        twoMembers()
            .apply(
                patch("{\"set\":[{\"rule\":\"voting.proposers\",\"value\":[\"beta\"]}]}"),
                T0,
                "x-wuzhen-proposal--44444444-4444-4444-8444-444444444444");
    assertThat(c.mayPropose(BETA.identityId())).isTrue();
    assertThat(c.mayPropose(ACME.identityId())).isFalse();
    assertThat(twoMembers().mayPropose(ACME.identityId())).isTrue();
    assertThat(twoMembers().mayPropose("identity--99999999-9999-4999-8999-999999999999")).isFalse();
  }

  private static final List<CharterRule> WHOLE_RULES =
      Arrays.stream(CharterRule.values())
          .filter(r -> r.describeType().startsWith("whole number"))
          .toList();

  /** The bounds of a whole rule, read from its description ({@code whole number 0..100}). */
  private static long[] range(CharterRule rule) {
    String[] range = rule.describeType().replace("whole number ", "").split("\\.\\.");
    return new long[] {Long.parseLong(range[0]), Long.parseLong(range[1])};
  }

  /**
   * A whole rule and a value for it: any long, a value near the rule's range, or one of its bounds,
   * their neighbours and the extremes of long.
   */
  private static final Gen<Pair<CharterRule, Long>> WHOLE_RULE_VALUES =
      Generate.pick(WHOLE_RULES)
          .flatMap(
              rule -> {
                long[] r = range(rule);
                return Generate.frequency(
                        Pair.of(1, longs().all()),
                        Pair.of(2, longs().between(r[0] - 1000, r[1] + 1000)),
                        Pair.of(1, Generate.pick(edges(r))))
                    .map(value -> Pair.of(rule, value));
              });

  private static List<Long> edges(long[] range) {
    return List.of(
        range[0] - 1, range[0], range[1], range[1] + 1, Long.MIN_VALUE, Long.MAX_VALUE, 0L);
  }

  private static void acceptsExactlyItsRange(CharterRule rule, long value) {
    long[] range = range(rule);
    boolean inRange = value >= range[0] && value <= range[1];
    boolean accepted;
    try {
      accepted =
          rule.parse(JsonNumber.of(value), "v") instanceof RuleValue.Whole w && w.value() == value;
    } catch (GovernanceException e) {
      assertThat(e.getMessage()).contains(rule.ruleName());
      accepted = false;
    }
    assertThat(accepted).as("%s = %d", rule.ruleName(), value).isEqualTo(inRange);
  }

  @Test
  void aWholeRuleAcceptsExactlyTheValuesInItsRange() {
    qt().withExamples(1000)
        .forAll(WHOLE_RULE_VALUES)
        .checkAssert(c -> acceptsExactlyItsRange(c._1, c._2));
  }

  @Test
  void aWholeRuleAcceptsItsBoundsAndRefusesTheirNeighbours() {
    assertThat(WHOLE_RULES).isNotEmpty();
    for (CharterRule rule : WHOLE_RULES) {
      for (long value : edges(range(rule))) {
        acceptsExactlyItsRange(rule, value);
      }
    }
  }

  /** Minimum confidence 0-100 and consultation periods of 1-8,760 hours. */
  @Test
  void aValidPatchSetsExactlyTheRulesItNames() {
    qt().withExamples(1000)
        .forAll(integers().between(0, 100), integers().between(1, 8760))
        .checkAssert(CharterTest::setsExactlyTheRulesItNames);
  }

  private static void setsExactlyTheRulesItNames(int minConfidence, int hours) {
    Charter next =
        twoMembers()
            .apply(
                patch(
                    "{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":%d},{\"rule\":\"voting.period_hours\",\"value\":%d}]}"
                        .formatted(minConfidence, hours)),
                T0,
                "x-wuzhen-proposal--44444444-4444-4444-8444-444444444444");
    assertThat(next.minConfidence()).isEqualTo(minConfidence);
    assertThat(next.consultationPeriod().toHours()).isEqualTo(hours);
    for (CharterRule r : CharterRule.values()) {
      if (r != CharterRule.PUBLISH_MIN_CONFIDENCE && r != CharterRule.VOTING_PERIOD_HOURS) {
        assertThat(next.rules().get(r)).isEqualTo(twoMembers().rules().get(r));
      }
    }
  }
}
