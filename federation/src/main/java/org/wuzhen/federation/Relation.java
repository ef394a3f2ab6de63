package org.wuzhen.federation;

import java.util.Locale;
import java.util.Optional;
import org.wuzhen.stix.Tlp;

/**
 * What a peer is to this node, from closest to furthest. It caps the TLP the peer may receive
 * (FIRST TLP 2.0): AMBER+STRICT only within the organisation, AMBER only to named members of the
 * community, GREEN to the community, CLEAR to anyone. RED is above every cap.
 */
public enum Relation {
  SAME_ORGANISATION("same-organisation", Tlp.AMBER_STRICT),
  MEMBER("member", Tlp.AMBER),
  COMMUNITY("community", Tlp.GREEN),
  EXTERNAL("external", Tlp.CLEAR);

  private final String text;
  private final Tlp highest;

  Relation(String text, Tlp highest) {
    this.text = text;
    this.highest = highest;
  }

  /** The name used in configuration, e.g. {@code same-organisation}. */
  public String text() {
    return text;
  }

  /** The most restrictive TLP a peer of this relation may receive. */
  public Tlp highestTlp() {
    return highest;
  }

  public static Optional<Relation> parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Relation r : values()) {
      if (r.text.equals(t)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
