package org.wuzhen.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.Permission;
import org.wuzhen.store.Principal;

/**
 * Several members of one community on a real node, over HTTP: disputes, votes that change the rules
 * the node enforces, and everything the rules refuse.
 */
class GovernanceScenarioTest extends CommunityFixture {
  static final String P1 = "x-wuzhen-proposal--10000000-0000-4000-8000-000000000001";
  static final String P2 = "x-wuzhen-proposal--10000000-0000-4000-8000-000000000002";

  StixObject indicator(String id, String by, String address, int confidence) {
    return Samples.indicator(id, by, address, confidence, clock.instant());
  }

  void closeConsultation() {
    clock.advance(Duration.ofHours(24));
    governance.closeDue();
  }

  @Test
  void aDisputeFromEnoughMembersExcludesTheIndicatorFromDetection() {
    String id = "indicator--20000000-0000-4000-8000-000000000001";
    StixObject ind = indicator(id, ACME.identityId(), "198.51.100.7", 80);
    assertThat(alice.publish(shared, ind)).isEmpty();
    assertThat(governance.excludedFromDetection(ind)).isFalse();

    assertThat(
            bob.publish(
                shared,
                Samples.opinion(BETA.identityId(), id, "strongly-disagree", clock.instant())))
        .isEmpty();
    assertThat(
            alice.get("wuzhen/objects/" + id + "/").object("dispute").orElseThrow().string("state"))
        .hasValue("open");
    assertThat(governance.excludedFromDetection(ind)).isFalse();

    clock.advance(Duration.ofMinutes(1));
    assertThat(
            carol.publish(
                shared, Samples.opinion(GAMMA.identityId(), id, "disagree", clock.instant())))
        .isEmpty();
    assertThat(governance.exclusion(ind)).hasValueSatisfying(r -> assertThat(r).contains("upheld"));
    assertThat(governance.standing(ind).score()).isZero();
    assertThat(governance.withheldFromExport(ind)).isTrue();

    JsonObject view = alice.get("wuzhen/objects/" + id + "/");
    assertThat(view.object("consensus").orElseThrow().get("average").orElseThrow().toString())
        .contains("-1.5");
    JsonObject dispute = view.object("dispute").orElseThrow();
    assertThat(dispute.string("state")).hasValue("upheld");
    assertThat(dispute.array("history").orElseThrow().size()).isEqualTo(2);
    assertThat(
            view.object("standing")
                .orElseThrow()
                .get("usable_for_detection")
                .orElseThrow()
                .toString())
        .isEqualTo("JsonBoolean[value=false]");
  }

  @Test
  void theTypedClientReadsEveryGovernanceRouteBackAsWritten() throws Exception {
    String id = "indicator--20000000-0000-4000-8000-000000000021";
    StixObject ind = indicator(id, ACME.identityId(), "203.0.113.27", 80);
    assertThat(alice.publish(shared, ind)).isEmpty();
    assertThat(
            carol.publish(
                shared,
                Samples.opinion(GAMMA.identityId(), id, "strongly-disagree", clock.instant()),
                Samples.falsePositive(GAMMA.identityId(), id, "our proxy", clock.instant())))
        .isEmpty();
    GovernanceClient client = bob.governance();

    CallerView me = client.me();
    assertThat(me.identityRef()).isEqualTo(BETA.identityId());
    assertThat(me.charterMember()).isTrue();
    assertThat(me.governanceCollection()).contains(governanceCollection.toString());

    CharterView charter = client.charter(java.util.Optional.of(1));
    assertThat(charter.charter().version()).isEqualTo(1);
    assertThat(charter.latestVersion()).isEqualTo(governance.charter().version());

    ObjectView view = client.object(org.wuzhen.stix.StixId.parse(id));
    assertThat(view.collection()).hasValue(shared.toString());
    assertThat(view.object().orElseThrow().id().text()).isEqualTo(id);
    assertThat(view.notes()).hasSize(1);
    assertThat(view.consensus().opinions()).containsEntry("gamma", -2);
    assertThat(view.dispute().orElseThrow().state()).isEqualTo(Dispute.State.UPHELD);
    assertThat(view.standing().orElseThrow().usableForDetection()).isFalse();
    assertThat(view.signatures()).singleElement().isInstanceOf(ObjectView.SignatureCheck.class);

    assertThat(client.detectionExclusions(shared.toString()).orElseThrow().ids())
        .containsExactly(id);
    assertThat(client.detectionExclusions(org.wuzhen.store.CollectionId.random().toString()))
        .isEmpty();
  }

  @Test
  void aFalsePositiveReportByTheOwnerOfTheAddressUpholdsTheDispute() {
    String id = "indicator--20000000-0000-4000-8000-000000000002";
    StixObject ind = indicator(id, ACME.identityId(), "203.0.113.25", 90);
    assertThat(alice.publish(shared, ind)).isEmpty();
    assertThat(
            carol.publish(
                shared,
                Samples.opinion(GAMMA.identityId(), id, "strongly-disagree", clock.instant()),
                Samples.falsePositive(GAMMA.identityId(), id, "our mail relay", clock.instant())))
        .isEmpty();
    assertThat(governance.excludedFromDetection(ind)).isTrue();
    JsonObject view = bob.get("wuzhen/objects/" + id + "/");
    assertThat(view.array("notes").orElseThrow().size()).isEqualTo(1);
    assertThat(view.object("dispute").orElseThrow().string("state")).hasValue("upheld");
  }

  @Test
  void detectionAsksTheNodeWhichIndicatorsTheRulesExclude() {
    String id = "indicator--20000000-0000-4000-8000-000000000012";
    String kept = "indicator--20000000-0000-4000-8000-000000000013";
    assertThat(
            alice.publish(
                shared,
                indicator(id, ACME.identityId(), "203.0.113.26", 90),
                indicator(kept, ACME.identityId(), "198.51.100.26", 90)))
        .isEmpty();
    String path = "wuzhen/detection/exclusions/?collection=" + shared;
    assertThat(bob.get(path).array("excluded").orElseThrow().size()).isZero();
    assertThat(
            carol.publish(
                shared,
                Samples.opinion(GAMMA.identityId(), id, "strongly-disagree", clock.instant()),
                Samples.falsePositive(GAMMA.identityId(), id, "our web server", clock.instant())))
        .isEmpty();
    List<JsonValue> excluded = bob.get(path).array("excluded").orElseThrow().elements();
    assertThat(excluded).hasSize(1);
    assertThat(((JsonObject) excluded.getFirst()).string("id")).hasValue(id);
    assertThat(((JsonObject) excluded.getFirst()).string("reason")).isPresent();
    assertThat(bob.status("wuzhen/detection/exclusions/")).isEqualTo(400);
    assertThat(bob.status("wuzhen/detection/exclusions/?collection=nope")).isEqualTo(400);
    assertThat(
            bob.status(
                "wuzhen/detection/exclusions/?collection="
                    + org.wuzhen.store.CollectionId.random()))
        .isEqualTo(404);
  }

  @Test
  void aProposalRaisingTheMinimumConfidenceIsAdoptedByVoteAndThenEnforced() throws Exception {
    assertThat(
            bob.publish(
                shared,
                indicator(
                    "indicator--20000000-0000-4000-8000-000000000003",
                    BETA.identityId(),
                    "198.51.100.8",
                    40)))
        .isEmpty();
    open(
        P1,
        ACME,
        "Raise the bar",
        "{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":70}]}");
    votes(P1, Vote.Choice.YES, Vote.Choice.YES, Vote.Choice.NO);

    JsonObject open = alice.get("wuzhen/proposals/" + P1 + "/");
    assertThat(open.string("state")).hasValue("open");
    assertThat(open.get("yes").orElseThrow().toString()).contains("2");

    ProposalSummary summary = alice.governance().proposals().proposals().getFirst();
    assertThat(summary.id()).isEqualTo(P1);
    assertThat(summary.state()).isEqualTo(Outcome.State.OPEN);
    assertThat(List.of(summary.yes(), summary.no(), summary.abstain())).containsExactly(2, 1, 0);

    closeConsultation();
    assertThat(governance.charter().version()).isEqualTo(2);
    assertThat(alice.get("wuzhen/proposals/" + P1 + "/").string("state")).hasValue("adopted");
    assertThat(alice.governance().proposals().proposals().getFirst().producedCharterVersion())
        .hasValue(2);
    assertThat(alice.get("wuzhen/charter/").get("version").orElseThrow().toString()).contains("2");
    assertThat(
            alice
                .get("wuzhen/charter/?version=1")
                .object("rules")
                .orElseThrow()
                .get("publish.min_confidence")
                .orElseThrow()
                .toString())
        .contains("0");

    List<String> refused =
        bob.publish(
            shared,
            indicator(
                "indicator--20000000-0000-4000-8000-000000000004",
                BETA.identityId(),
                "198.51.100.9",
                40));
    assertThat(refused).singleElement().asString().contains("publish.min_confidence 70");
    assertThat(
            bob.publish(
                shared,
                indicator(
                    "indicator--20000000-0000-4000-8000-000000000005",
                    BETA.identityId(),
                    "198.51.100.9",
                    75)))
        .isEmpty();
  }

  @Test
  void aRejectedProposalChangesNothing() {
    open(
        P1,
        BETA,
        "Stricter export",
        "{\"set\":[{\"rule\":\"export.max_tlp\",\"value\":\"green\"}]}");
    votes(P1, Vote.Choice.NO, Vote.Choice.YES, Vote.Choice.NO);
    Charter before = governance.charter();
    closeConsultation();
    assertThat(governance.charter()).isEqualTo(before);
    JsonObject closed = alice.get("wuzhen/proposals/" + P1 + "/");
    assertThat(closed.string("state")).hasValue("rejected");
    assertThat(closed.array("reasons").orElseThrow().toString()).contains("majority not reached");
  }

  @Test
  void aMemberAdmittedByVoteCanThenPublishAndVote() {
    String first = "indicator--20000000-0000-4000-8000-000000000006";
    assertThat(dave.publish(shared, indicator(first, DELTA, "198.51.100.10", 60)))
        .singleElement()
        .asString()
        .contains("delta is not a member under charter v1");
    open(
        P1,
        GAMMA,
        "Admit delta",
        "{\"admit\":[{\"name\":\"delta\",\"identity_ref\":\"" + DELTA + "\"}]}");
    assertThat(dave.objectsStatus(governanceCollection)).isEqualTo(404);
    for (var pair : List.of(List.of(alice, ACME), List.of(bob, BETA))) {
      assertThat(
              ((Client) pair.get(0))
                  .publish(
                      governanceCollection,
                      vote(((CharterMember) pair.get(1)).identityId(), P1, Vote.Choice.YES)))
          .isEmpty();
    }
    closeConsultation();
    assertThat(governance.charter().memberByIdentity(DELTA)).isPresent();
    assertThat(dave.publish(shared, indicator(first, DELTA, "198.51.100.10", 60))).isEmpty();
    // Admission granted delta the governance collection; the server caches permissions briefly.
    dave.awaitObjectsStatus(governanceCollection, 200);

    StixObject next =
        proposal(
            P2,
            DELTA,
            "Longer lifetime",
            "{\"set\":[{\"rule\":\"indicator.lifetime_days\",\"value\":120}]}");
    assertThat(dave.publish(governanceCollection, next)).isEmpty();
    assertThat(dave.publish(governanceCollection, vote(DELTA, P2, Vote.Choice.YES))).isEmpty();
  }

  @Test
  void theRulesRefuseBadVotesAndProposalsWithClearMessages() {
    // Even where the operator lets delta write, the charter refuses a non-member's vote.
    store.grant(new Permission(governanceCollection, Principal.member("delta"), true, true));
    assertThat(
            alice.publish(
                governanceCollection,
                proposal(
                    P2,
                    ACME.identityId(),
                    "Drop all",
                    "{\"depart\":[\"acme\",\"beta\",\"gamma\"]}")))
        .singleElement()
        .asString()
        .contains("invalid patch")
        .contains("last member");
    assertThat(
            alice.publish(
                governanceCollection,
                proposal(
                    P2,
                    ACME.identityId(),
                    "Impossible quorum",
                    "{\"set\":[{\"rule\":\"voting.quorum_min_members\",\"value\":4}]}")))
        .singleElement()
        .asString()
        .contains("voting.quorum_min_members");

    open(P1, ACME, "Raise", "{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":50}]}");
    assertThat(dave.publish(governanceCollection, vote(DELTA, P1, Vote.Choice.YES)))
        .singleElement()
        .asString()
        .contains("not a member");
    assertThat(alice.publish(governanceCollection, vote(BETA.identityId(), P1, Vote.Choice.NO)))
        .singleElement()
        .asString()
        .contains("created_by_ref");
    assertThat(alice.publish(governanceCollection, vote(ACME.identityId(), P1, Vote.Choice.NO)))
        .isEmpty();
    clock.advance(Duration.ofMinutes(5));
    assertThat(alice.publish(governanceCollection, vote(ACME.identityId(), P1, Vote.Choice.YES)))
        .isEmpty();
    assertThat(governance.proposal(P1).orElseThrow().outcome().ballots())
        .containsEntry("acme", Vote.Choice.YES);

    clock.advance(Duration.ofHours(24));
    assertThat(bob.publish(governanceCollection, vote(BETA.identityId(), P1, Vote.Choice.YES)))
        .singleElement()
        .asString()
        .contains("closed at");
    assertThat(
            alice.publish(governanceCollection, GovernanceStix.charterObject(governance.charter())))
        .singleElement()
        .asString()
        .contains("written by the node");
  }

  @Test
  void aRestartedNodeKeepsTheAdoptedCharterAndDoesNotCloseTwice() {
    open(P1, ACME, "Raise", "{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":30}]}");
    votes(P1, Vote.Choice.YES, Vote.Choice.YES);
    closeConsultation();
    assertThat(governance.charter().version()).isEqualTo(2);

    Governance restarted =
        Governance.open(
            store, new GovernanceSettings(governanceCollection, List.of(), authenticity(), clock));
    assertThat(restarted.charter()).isEqualTo(governance.charter());
    assertThat(restarted.closeDue())
        .singleElement()
        .satisfies(s -> assertThat(s.producedVersion()).hasValue(2));
    assertThat(restarted.charters()).hasSize(2);
    assertThat(restarted.proposal(P1).orElseThrow().outcome().state())
        .isEqualTo(Outcome.State.ADOPTED);
  }

  @Test
  void anAdoptedPatchThatNoLongerAppliesIsRejectedWithTheReason() {
    StixObject first = proposal(P1, ACME.identityId(), "Beta leaves", "{\"depart\":[\"beta\"]}");
    StixObject second =
        proposal(P2, ACME.identityId(), "Beta leaves too", "{\"depart\":[\"beta\"]}");
    assertThat(alice.publish(governanceCollection, first, second)).isEmpty();
    for (String id : List.of(P1, P2)) {
      assertThat(alice.publish(governanceCollection, vote(ACME.identityId(), id, Vote.Choice.YES)))
          .isEmpty();
      assertThat(carol.publish(governanceCollection, vote(GAMMA.identityId(), id, Vote.Choice.YES)))
          .isEmpty();
    }
    closeConsultation();
    assertThat(governance.charter().version()).isEqualTo(2);
    Governance.ProposalStatus late = governance.proposal(P2).orElseThrow();
    assertThat(late.outcome().state()).isEqualTo(Outcome.State.REJECTED);
    assertThat(late.outcome().reasons().getLast())
        .contains("no longer applies", "'beta' is not a member");
  }

  @Test
  void theRoutesRefuseBadRequestsNamingTheField() {
    assertThat(alice.status("wuzhen/charter/?version=two")).isEqualTo(400);
    assertThat(alice.status("wuzhen/charter/?version=9")).isEqualTo(404);
    assertThat(alice.status("wuzhen/objects/not-an-id/")).isEqualTo(400);
    assertThat(alice.status("wuzhen/objects/indicator--50000000-0000-4000-8000-000000000001/"))
        .isEqualTo(404);
    assertThat(alice.status("wuzhen/proposals/" + P1 + "/")).isEqualTo(404);
    JsonObject me = dave.get("wuzhen/me/");
    assertThat(me.get("charter_member").orElseThrow().toString()).contains("false");
    assertThat(me.string("identity_ref")).hasValue(DELTA);
    // Dave may not read the governance collection: it is not named to him, its views 404.
    assertThat(me.toString()).doesNotContain(governanceCollection.toString());
    assertThat(dave.status("wuzhen/charter/")).isEqualTo(404);
    assertThat(dave.status("wuzhen/proposals/")).isEqualTo(404);
  }
}
