package org.wuzhen.governance;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Counts the votes on a proposal: one member, one vote; the latest vote object of each member
 * counts (by {@code modified}, ties to the greater id, so every node picks the same one); votes of
 * non-members, votes that are not authentic, votes on other proposals and votes modified at or
 * after the close are ignored. Quorum and majority come from the charter in force when the proposal
 * opened. A pure function: the same votes give the same outcome on every node.
 */
final class Tally {
  private static final Comparator<Vote> LATEST =
      Comparator.comparing(Vote::modified).thenComparing(Vote::id);

  private Tally() {}

  /**
   * @param inForce the charter whose version the proposal names
   * @param now the node's time; before the close the outcome is {@link Outcome.State#OPEN}
   */
  public static Outcome count(
      Proposal proposal, Charter inForce, Collection<Vote> votes, Instant now) {
    return count(proposal, inForce, votes, now, v -> Optional.empty());
  }

  /**
   * As {@link #count(Proposal, Charter, Collection, Instant)}, leaving out the votes {@code
   * notAuthentic} gives a reason for (a forged or missing signature), each listed as ignored.
   */
  public static Outcome count(
      Proposal proposal,
      Charter inForce,
      Collection<Vote> votes,
      Instant now,
      Function<Vote, Optional<String>> notAuthentic) {
    if (inForce.version() != proposal.charterVersion()) {
      throw new IllegalArgumentException(
          "charter version "
              + inForce.version()
              + " is not the proposal's "
              + proposal.charterVersion());
    }
    List<String> ignored = new ArrayList<>();
    Map<String, Vote> latest = new HashMap<>();
    Map<Vote, String> valid = new HashMap<>();
    for (Vote v : votes) {
      Optional<CharterMember> member = inForce.memberByIdentity(v.voterRef());
      Optional<String> forged = notAuthentic.apply(v);
      if (forged.isPresent()) {
        ignored.add(v.id() + ": not authentic: " + forged.get());
      } else if (!v.proposalRef().equals(proposal.id())) {
        ignored.add(v.id() + ": on another proposal (" + v.proposalRef() + ")");
      } else if (member.isEmpty()) {
        ignored.add(
            v.id() + ": " + v.voterRef() + " was not a member under charter v" + inForce.version());
      } else if (!v.modified().instant().isBefore(proposal.closes())) {
        ignored.add(
            v.id() + ": cast at " + v.modified() + ", after the close " + proposal.closes());
      } else if (v.modified().instant().isBefore(proposal.opened())) {
        ignored.add(v.id() + ": cast at " + v.modified() + ", before the proposal opened");
      } else {
        valid.put(v, member.get().name());
        latest.merge(member.get().name(), v, (a, b) -> LATEST.compare(a, b) >= 0 ? a : b);
      }
    }
    Map<String, Vote.Choice> ballots = new TreeMap<>();
    int yes = 0;
    int no = 0;
    int abstain = 0;
    for (Map.Entry<String, Vote> e : latest.entrySet()) {
      ballots.put(e.getKey(), e.getValue().choice());
      switch (e.getValue().choice()) {
        case YES -> yes++;
        case NO -> no++;
        case ABSTAIN -> abstain++;
      }
    }
    valid.forEach(
        (v, name) -> {
          Vote counted = latest.get(name);
          if (counted != v) {
            ignored.add(v.id() + ": superseded by the later vote " + counted.id());
          }
        });
    int members = inForce.members().size();
    int voters = yes + no + abstain;
    List<String> reasons = new ArrayList<>();
    BigDecimal quorum = inForce.decimal(CharterRule.VOTING_QUORUM);
    long quorumMin = inForce.whole(CharterRule.VOTING_QUORUM_MIN_MEMBERS);
    boolean quorumMet =
        voters >= quorumMin
            && BigDecimal.valueOf(voters).compareTo(quorum.multiply(BigDecimal.valueOf(members)))
                >= 0;
    reasons.add(
        (quorumMet ? "quorum reached: " : "quorum not reached: ")
            + voters
            + " of "
            + members
            + " members voted (needs "
            + quorum.toPlainString()
            + " of the members and at least "
            + quorumMin
            + ")");
    BigDecimal majority = inForce.decimal(CharterRule.VOTING_MAJORITY);
    boolean majorityMet =
        yes > no
            && BigDecimal.valueOf(yes).compareTo(majority.multiply(BigDecimal.valueOf(yes + no)))
                >= 0;
    reasons.add(
        (majorityMet ? "majority reached: " : "majority not reached: ")
            + yes
            + " yes, "
            + no
            + " no, "
            + abstain
            + " abstain (needs more yes than no and at least "
            + majority.toPlainString()
            + " of yes and no)");
    Outcome.State state;
    if (now.isBefore(proposal.closes())) {
      state = Outcome.State.OPEN;
      reasons.addFirst("open until " + proposal.closes() + "; the counts so far");
    } else {
      state = quorumMet && majorityMet ? Outcome.State.ADOPTED : Outcome.State.REJECTED;
    }
    ignored.sort(null);
    return new Outcome(state, members, yes, no, abstain, ballots, reasons, ignored);
  }
}
