package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.wuzhen.web.view.ObjectPageView.Property;

/**
 * The governance page: the charter in force, the proposals with their live tallies (each open one
 * with a vote form signed in the browser), and the past decisions linked to their log entries.
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
    List<Decision> decisions,
    String message) {
  public GovernanceView {
    requireNonNull(frame, "frame");
    requireNonNull(charterAdopted, "charterAdopted");
    requireNonNull(previous, "previous");
    members = List.copyOf(members);
    rules = List.copyOf(rules);
    changes = List.copyOf(changes);
    proposals = List.copyOf(proposals);
    decisions = List.copyOf(decisions);
    requireNonNull(message, "message");
  }

  /**
   * A past decision (a charter version, a closed proposal) and its newest transparency-log entry,
   * checked as the object page checks it.
   *
   * @param object the object page of what was decided (a link to its provenance)
   * @param log empty when it has none; {@code logNote} then says why
   */
  public record Decision(
      String what,
      Link object,
      String outcome,
      java.util.Optional<ObjectPageView.LogEntry> log,
      String logNote) {
    public Decision {
      requireNonNull(what, "what");
      requireNonNull(object, "object");
      requireNonNull(outcome, "outcome");
      requireNonNull(log, "log");
      requireNonNull(logNote, "logNote");
    }
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
