package org.wuzhen.governance;

import java.util.List;
import org.wuzhen.stix.StixObject;

/**
 * What members said about one object: the notes and opinions whose {@code object_refs} name it and
 * the sightings of it, latest version of each, oldest first.
 */
record Dialogue(List<StixObject> notes, List<StixObject> opinions, List<StixObject> sightings) {
  public static final Dialogue EMPTY = new Dialogue(List.of(), List.of(), List.of());

  /** Label of the note that carries a false-positive report's reason. */
  public static final String FALSE_POSITIVE = "false-positive";

  public Dialogue {
    notes = List.copyOf(notes);
    opinions = List.copyOf(opinions);
    sightings = List.copyOf(sightings);
  }

  /** Dialogue objects sorted into notes, opinions and sightings, in their order. */
  static Dialogue of(List<StixObject> said) {
    List<StixObject> notes = new java.util.ArrayList<>();
    List<StixObject> opinions = new java.util.ArrayList<>();
    List<StixObject> sightings = new java.util.ArrayList<>();
    for (StixObject o : said) {
      switch (o.type()) {
        case "note" -> notes.add(o);
        case "opinion" -> opinions.add(o);
        default -> sightings.add(o);
      }
    }
    return new Dialogue(notes, opinions, sightings);
  }

  /**
   * True for what speaks for a member and must therefore come from it, authentic: an opinion, or a
   * note that is a false-positive report.
   */
  static boolean speaksForMember(StixObject o) {
    return o.json().strings("labels").contains(FALSE_POSITIVE) || o.string("opinion").isPresent();
  }

  /** The notes that are false-positive reports. */
  public List<StixObject> falsePositiveReports() {
    return notes.stream().filter(n -> n.json().strings("labels").contains(FALSE_POSITIVE)).toList();
  }
}
