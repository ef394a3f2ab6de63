package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import org.wuzhen.stix.StixTimestamp;

/**
 * One vote object as parsed at the boundary: who voted, on which proposal, what, and the object's
 * {@code modified} (the latest vote of a member counts).
 */
public record Vote(
    String id, String voterRef, String proposalRef, Choice choice, StixTimestamp modified) {
  public enum Choice {
    YES,
    NO,
    ABSTAIN;

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Choice parse(String text, String where) {
      return switch (text) {
        case "yes" -> YES;
        case "no" -> NO;
        case "abstain" -> ABSTAIN;
        default ->
            throw new GovernanceException(
                where + ": '" + text + "' is not a vote (expected yes, no or abstain)");
      };
    }
  }

  public Vote {
    requireNonNull(id, "id");
    requireNonNull(voterRef, "voterRef");
    requireNonNull(proposalRef, "proposalRef");
    requireNonNull(choice, "choice");
    requireNonNull(modified, "modified");
  }
}
