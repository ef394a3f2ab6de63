package org.wuzhen.governance;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.taxii.Caller;
import org.wuzhen.taxii.WriteCheck;

/**
 * The charter's rules on publishing, applied by the TAXII server to each object of a POST: only
 * members publish in governed collections; votes, proposals and false-positive reports come from
 * the caller's own member identity, are authentic and well formed; votes arrive while the proposal
 * is open, from members of the charter it opened under; proposal patches are valid against the
 * charter in force; indicators meet the minimum confidence.
 */
final class Enforcement implements WriteCheck {
  /** How far a proposal's {@code created} may be from the node's clock. */
  static final Duration OPENING_SKEW = Duration.ofMinutes(5);

  private final Governance governance;

  Enforcement(Governance governance) {
    this.governance = governance;
  }

  @Override
  public Optional<String> refusal(Caller caller, CollectionId collection, StixObject object) {
    GovernanceSettings settings = governance.settings();
    if (!settings.governs(collection)) {
      return Optional.empty();
    }
    try {
      check(caller, collection, object, settings);
      return Optional.empty();
    } catch (GovernanceException e) {
      return Optional.of(e.getMessage());
    }
  }

  private void check(
      Caller caller, CollectionId collection, StixObject object, GovernanceSettings settings) {
    Charter charter = governance.charterForWrites();
    if (charter.memberByIdentity(caller.memberIdentityId()).isEmpty()) {
      throw new GovernanceException(
          caller.member()
              + " is not a member under charter v"
              + charter.version()
              + "; only members publish in community collections");
    }
    boolean governanceObject = object.type().startsWith("x-wuzhen-");
    if (governanceObject != collection.equals(settings.collection())
        && !object.type().equals("note")
        && !object.type().equals("opinion")) {
      throw new GovernanceException(
          "governance objects (and only they) go to collection " + settings.collection());
    }
    Instant now = settings.clock().instant();
    switch (object.type()) {
      case GovernanceStix.VOTE -> vote(caller, object, now);
      case GovernanceStix.PROPOSAL -> proposal(caller, object, charter, now);
      case GovernanceStix.CHARTER ->
          throw new GovernanceException(
              "charter versions are written by the node when a proposal is adopted");
      case "indicator" -> confidence(object, charter);
      case "note", "opinion" -> {
        if (Dialogue.speaksForMember(object)) {
          ownAndAuthentic(caller, object, charter);
        }
      }
      default -> {}
    }
  }

  private void vote(Caller caller, StixObject object, Instant now) {
    Vote v = GovernanceStix.vote(object);
    Proposal p =
        governance
            .proposalRecord(v.proposalRef())
            .orElseThrow(
                () -> new GovernanceException("no proposal " + v.proposalRef() + " on this node"));
    if (!p.openAt(now) || !p.openAt(v.modified().instant())) {
      throw new GovernanceException(
          "voting on "
              + p.id()
              + " closed at "
              + p.closes()
              + "; votes after the close are not counted");
    }
    Charter atOpening =
        governance
            .charter(p.charterVersion())
            .orElseThrow(
                () -> new GovernanceException("charter v" + p.charterVersion() + " unknown"));
    // The keys of the charter the proposal opened under, as when the vote is counted.
    ownAndAuthentic(caller, object, atOpening);
    if (atOpening.memberByIdentity(v.voterRef()).isEmpty()) {
      throw new GovernanceException(
          v.voterRef()
              + " was not a member under charter v"
              + atOpening.version()
              + ", in force when the proposal opened; only its members vote");
    }
  }

  private void proposal(Caller caller, StixObject object, Charter charter, Instant now) {
    Proposal p = GovernanceStix.proposal(object);
    ownAndAuthentic(caller, object, charter);
    if (p.charterVersion() != charter.version()) {
      throw new GovernanceException(
          "charter_version "
              + p.charterVersion()
              + " is not the charter in force (v"
              + charter.version()
              + ")");
    }
    if (!charter.mayPropose(p.proposerRef())) {
      throw new GovernanceException(
          "voting.proposers does not let " + caller.member() + " propose");
    }
    if (Duration.between(p.opened(), now).abs().compareTo(OPENING_SKEW) > 0) {
      throw new GovernanceException(
          "created "
              + p.opened()
              + " is more than "
              + OPENING_SKEW.toMinutes()
              + " minutes from the node's time "
              + now);
    }
    Instant closes = p.opened().plus(charter.consultationPeriod());
    if (!p.closes().equals(closes)) {
      throw new GovernanceException(
          "closes must be created + voting.period_hours ("
              + charter.consultationPeriod().toHours()
              + "h) = "
              + closes
              + ", was "
              + p.closes());
    }
    try {
      charter.check(p.patch());
    } catch (GovernanceException e) {
      throw new GovernanceException("invalid patch: " + e.getMessage());
    }
  }

  private static void confidence(StixObject indicator, Charter charter) {
    int min = charter.minConfidence();
    if (min == 0) {
      return;
    }
    Optional<Long> confidence =
        indicator
            .get("confidence")
            .filter(JsonNumber.class::isInstance)
            .flatMap(n -> ((JsonNumber) n).asLong());
    if (confidence.isEmpty() || confidence.get() < min) {
      throw new GovernanceException(
          "confidence "
              + confidence.map(String::valueOf).orElse("(none)")
              + " is below the charter's publish.min_confidence "
              + min
              + " (charter v"
              + charter.version()
              + ")");
    }
  }

  private void ownAndAuthentic(Caller caller, StixObject object, Charter keys) {
    String by = object.createdByRef().orElse("(none)");
    if (!by.equals(caller.memberIdentityId())) {
      throw new GovernanceException(
          "created_by_ref " + by + " is not your member identity " + caller.memberIdentityId());
    }
    if (governance.settings().authenticity().verify(object, Optional.of(by), keys)
        instanceof Authenticity.Verdict.Refused r) {
      throw new GovernanceException("not authentic: " + r.reason());
    }
  }
}
