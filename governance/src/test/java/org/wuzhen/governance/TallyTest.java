package org.wuzhen.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.wuzhen.stix.StixTimestamp;

class TallyTest {
  static final Instant OPENED = CharterTest.T0;
  static final String PROPOSAL = "x-wuzhen-proposal--44444444-4444-4444-8444-444444444444";

  static String identity(int i) {
    return "identity--%08d-0000-4000-8000-000000000000".formatted(i);
  }

  static Charter charter(int members, int quorumPercent, int majorityPercent, int quorumMin) {
    List<CharterMember> list = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      list.add(new CharterMember("m" + i, identity(i)));
    }
    return Charter.found(
        list,
        Map.of(
            CharterRule.MEMBER_SIGNATURES,
            new RuleValue.Choice("optional"),
            CharterRule.VOTING_QUORUM,
            new RuleValue.Decimal(BigDecimal.valueOf(quorumPercent, 2)),
            CharterRule.VOTING_MAJORITY,
            new RuleValue.Decimal(BigDecimal.valueOf(majorityPercent, 2)),
            CharterRule.VOTING_QUORUM_MIN_MEMBERS,
            new RuleValue.Whole(quorumMin),
            CharterRule.VOTING_PERIOD_HOURS,
            new RuleValue.Whole(1)),
        OPENED);
  }

  static Proposal proposal(Charter c) {
    return new Proposal(
        PROPOSAL,
        identity(0),
        "t",
        Optional.empty(),
        1,
        OPENED,
        OPENED.plus(c.consultationPeriod()),
        CharterTest.patch("{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":70}]}"));
  }

  static Vote vote(int n, int voter, Vote.Choice choice, long secondsAfterOpening) {
    return new Vote(
        "x-wuzhen-vote--%08d-0000-4000-8000-000000000000".formatted(n),
        identity(voter),
        PROPOSAL,
        choice,
        StixTimestamp.ofMillis(OPENED.plusSeconds(secondsAfterOpening)));
  }

  @Test
  void theLatestVoteOfAMemberCountsAndTheOthersAreIgnoredWithReasons() {
    Charter c = charter(3, 50, 50, 1);
    Instant after = OPENED.plusSeconds(7200);
    Outcome o =
        Tally.count(
            proposal(c),
            c,
            List.of(
                vote(1, 0, Vote.Choice.NO, 10),
                vote(2, 0, Vote.Choice.YES, 20),
                vote(3, 1, Vote.Choice.YES, 30),
                vote(4, 9, Vote.Choice.NO, 30),
                vote(5, 2, Vote.Choice.NO, 3600)),
            after);
    assertThat(o.state()).isEqualTo(Outcome.State.ADOPTED);
    assertThat(o.yes()).isEqualTo(2);
    assertThat(o.no()).isZero();
    assertThat(o.ballots()).containsOnlyKeys("m0", "m1");
    assertThat(String.join("\n", o.ignored()))
        .contains("superseded by the later vote")
        .contains("was not a member")
        .contains("after the close");
  }

  @Test
  void aProposalIsOpenUntilItsCloseAndThenDecided() {
    Charter c = charter(2, 100, 50, 1);
    List<Vote> votes = List.of(vote(1, 0, Vote.Choice.YES, 10));
    assertThat(Tally.count(proposal(c), c, votes, OPENED.plusSeconds(3599)).state())
        .isEqualTo(Outcome.State.OPEN);
    Outcome closed = Tally.count(proposal(c), c, votes, OPENED.plusSeconds(3600));
    assertThat(closed.state()).isEqualTo(Outcome.State.REJECTED);
    assertThat(closed.reasons().getFirst()).startsWith("quorum not reached: 1 of 2");
  }

  @Test
  void aTieIsBrokenByTheGreaterIdSoEveryNodeCountsTheSame() {
    Charter c = charter(1, 50, 50, 1);
    Outcome o =
        Tally.count(
            proposal(c),
            c,
            List.of(vote(2, 0, Vote.Choice.NO, 10), vote(1, 0, Vote.Choice.YES, 10)),
            OPENED.plusSeconds(3600));
    assertThat(o.ballots()).containsEntry("m0", Vote.Choice.NO);
  }

  /** One vote: a voter 0-9 (those at or past the member count are outsiders), a choice, a time. */
  record Cast(int voter, Vote.Choice choice, long seconds) {}

  /** A charter's membership and voting rules; the quorum minimum is capped at the members. */
  record Rules(int members, int quorumPercent, int majorityPercent, int quorumMinWanted) {}

  private static final Gen<Rules> RULES =
      integers()
          .between(1, 8)
          .zip(
              integers().between(1, 100),
              integers().between(50, 100),
              integers().between(1, 8),
              Rules::new);

  /** Up to 30 votes, some before the opening (-10 s) and some after the close (3,600 s). */
  private static final Gen<List<Cast>> CASTS =
      lists()
          .of(
              integers()
                  .between(0, 9)
                  .zip(
                      arbitrary().enumValues(Vote.Choice.class),
                      longs().between(-10, 4000),
                      Cast::new))
          .ofSizeBetween(0, 30);

  /**
   * For random members, rules and votes, the outcome equals a straightforward count: for each
   * member the vote with the greatest (time, id) inside the period, then integer arithmetic.
   */
  @Test
  void theOutcomeEqualsAnIndependentCount() {
    qt().withExamples(500)
        .forAll(RULES, CASTS, integers().between(0, 4000))
        .checkAssert(TallyTest::equalsAnIndependentCount);
  }

  private static void equalsAnIndependentCount(Rules rules, List<Cast> casts, int nowSeconds) {
    int members = rules.members();
    int quorumPercent = rules.quorumPercent();
    int majorityPercent = rules.majorityPercent();
    int quorumMinWanted = rules.quorumMinWanted();
    int quorumMin = Math.min(quorumMinWanted, members);
    Charter c = charter(members, quorumPercent, majorityPercent, quorumMin);
    List<Vote> votes = new ArrayList<>();
    for (int i = 0; i < casts.size(); i++) {
      Cast k = casts.get(i);
      votes.add(vote(i, k.voter(), k.choice(), k.seconds()));
    }
    Outcome o = Tally.count(proposal(c), c, votes, OPENED.plusSeconds(nowSeconds));

    Vote.Choice[] ballot = new Vote.Choice[members];
    long[] when = new long[members];
    int[] which = new int[members];
    for (int i = 0; i < casts.size(); i++) {
      Cast k = casts.get(i);
      if (k.voter() >= members || k.seconds() < 0 || k.seconds() >= 3600) {
        continue;
      }
      int m = k.voter();
      if (ballot[m] == null || k.seconds() > when[m] || (k.seconds() == when[m] && i > which[m])) {
        ballot[m] = k.choice();
        when[m] = k.seconds();
        which[m] = i;
      }
    }
    int yes = 0;
    int no = 0;
    int abstain = 0;
    for (Vote.Choice b : ballot) {
      if (b == Vote.Choice.YES) {
        yes++;
      } else if (b == Vote.Choice.NO) {
        no++;
      } else if (b == Vote.Choice.ABSTAIN) {
        abstain++;
      }
    }
    int voters = yes + no + abstain;
    boolean quorum = voters >= quorumMin && voters * 100 >= quorumPercent * members;
    boolean majority = yes > no && yes * 100 >= majorityPercent * (yes + no);
    Outcome.State expected =
        nowSeconds < 3600
            ? Outcome.State.OPEN
            : quorum && majority ? Outcome.State.ADOPTED : Outcome.State.REJECTED;

    assertThat(o.state()).isEqualTo(expected);
    assertThat(List.of(o.yes(), o.no(), o.abstain())).containsExactly(yes, no, abstain);
    assertThat(o.members()).isEqualTo(members);
  }
}
