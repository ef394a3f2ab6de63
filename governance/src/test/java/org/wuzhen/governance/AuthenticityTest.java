package org.wuzhen.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.StixObject;

/**
 * The seam where signatures plug in: an {@link Authenticity} that refuses is asked before a vote or
 * proposal is accepted through TAXII, and its reason reaches the member.
 */
class AuthenticityTest extends CommunityFixture {
  static final String P1 = "x-wuzhen-proposal--30000000-0000-4000-8000-000000000001";

  @Override
  Authenticity authenticity() {
    // Stands in for a signature check: beta's objects carry no valid signature.
    return (object, member, charter) ->
        member.filter(BETA.identityId()::equals).isPresent()
            ? new Authenticity.Verdict.Refused("no valid signature by " + member.get())
            : Authenticity.Verdict.AUTHENTIC;
  }

  @Test
  void aGovernanceObjectThatIsNotAuthenticIsRefusedWithTheReason() {
    open(P1, ACME, "Raise", "{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":50}]}");
    assertThat(bob.publish(governanceCollection, vote(BETA.identityId(), P1, Vote.Choice.YES)))
        .singleElement()
        .asString()
        .contains("not authentic: no valid signature by " + BETA.identityId());
    assertThat(
            bob.publish(
                shared,
                GovernanceStix.falsePositiveReport(
                        BETA.identityId(),
                        "indicator--30000000-0000-4000-8000-000000000002",
                        "ours",
                        clock.instant())
                    .toArray(StixObject[]::new)))
        .hasSize(2)
        .allSatisfy(m -> assertThat(m).contains("not authentic"));
  }

  @Test
  void aVoteThatIsNotAuthenticIsNotCountedEvenWhenItIsInTheStore() {
    open(P1, ACME, "Raise", "{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":50}]}");
    // As if it came from a peer, bypassing this node's TAXII checks.
    store.add(governanceCollection, List.of(vote(BETA.identityId(), P1, Vote.Choice.NO)));
    assertThat(alice.publish(governanceCollection, vote(ACME.identityId(), P1, Vote.Choice.YES)))
        .isEmpty();
    Outcome o = governance.proposal(P1).orElseThrow().outcome();
    assertThat(o.ballots()).containsOnlyKeys("acme");
    assertThat(o.ignored()).singleElement().asString().contains("not authentic");
    assertThat(Optional.of(o.no())).hasValue(0);
  }
}
