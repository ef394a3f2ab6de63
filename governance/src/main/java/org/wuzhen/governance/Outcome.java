package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * The tally of one proposal: the counted ballot of each member (by member name), the counts, the
 * state and the reasons for it, and why votes were ignored.
 */
public record Outcome(
    State state,
    int members,
    int yes,
    int no,
    int abstain,
    Map<String, Vote.Choice> ballots,
    List<String> reasons,
    List<String> ignored) {
  /** Open until the close; then adopted or rejected, for good. */
  public enum State {
    OPEN,
    ADOPTED,
    REJECTED
  }

  public Outcome {
    requireNonNull(state, "state");
    ballots = Map.copyOf(ballots);
    reasons = List.copyOf(reasons);
    ignored = List.copyOf(ignored);
  }

  /** This outcome turned into a rejection for {@code reason}, the counts kept for the record. */
  Outcome rejected(String reason) {
    List<String> more = new java.util.ArrayList<>(reasons);
    more.add(reason);
    return new Outcome(State.REJECTED, members, yes, no, abstain, ballots, more, ignored);
  }

  public int voters() {
    return yes + no + abstain;
  }
}
