package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

/**
 * Whether one object may leave this node for one peer, and which rule of the export policy decided
 * it, with the reason in words.
 */
public record Decision(boolean allowed, String rule, String reason) {
  public Decision {
    requireNonNull(rule, "rule");
    requireNonNull(reason, "reason");
  }

  /**
   * The decision in one sentence, as {@code wuzhen policy explain} prints it and the console shows
   * it: {@code allowed|withheld OBJECT to PEER from collection C: rule R: REASON}.
   */
  public String sentence(String objectId, String peer, String collection) {
    return (allowed ? "allowed " : "withheld ")
        + objectId
        + " to "
        + peer
        + " from collection "
        + collection
        + ": rule "
        + rule
        + ": "
        + reason;
  }

  static Decision allow(String reason) {
    return new Decision(true, "allowed", reason);
  }

  static Decision withhold(String rule, String reason) {
    return new Decision(false, rule, reason);
  }
}
