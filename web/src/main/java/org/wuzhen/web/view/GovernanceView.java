package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.wuzhen.web.view.ObjectPageView.Property;

/**
 * The governance page: the charter in force and the proposals with their live tallies, each open
 * one with a vote form signed in the browser.
 *
 * @param readable whether the caller may read the community's collection at all
 */
public record GovernanceView(
    Frame frame,
    boolean readable,
    int charterVersion,
    String charterAdopted,
    String previous,
    List<Property> members,
    List<Property> rules,
    List<Property> changes,
    List<ProposalRow> proposals,
    String message) {
  public GovernanceView {
    requireNonNull(frame, "frame");
    requireNonNull(charterAdopted, "charterAdopted");
    requireNonNull(previous, "previous");
    members = List.copyOf(members);
    rules = List.copyOf(rules);
    changes = List.copyOf(changes);
    proposals = List.copyOf(proposals);
    requireNonNull(message, "message");
  }

  /** One proposal: what it changes, when it closes, where its tally stands. */
  public record ProposalRow(
      String id,
      String title,
      String description,
      String closes,
      String state,
      boolean open,
      int yes,
      int no,
      int abstain,
      int members,
      List<Property> ballots,
      String patch) {
    public ProposalRow {
      ballots = List.copyOf(ballots);
    }
  }
}
