package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The object page, one layout for every type. Every text here came from a member or a peer and is
 * rendered escaped; links are {@link Link}s the console built.
 *
 * @param governance whether the node has a community whose dialogue the page shows
 * @param consensus the average over members (one member, one weight), or empty when none gave one
 * @param dispute the dispute state word, or empty for objects that cannot be disputed
 * @param mayRevoke whether the caller's member created the object (and it is not revoked yet)
 */
public record ObjectPageView(
    Frame frame,
    String id,
    String type,
    String name,
    boolean revoked,
    List<Property> properties,
    List<Link> markings,
    List<Link> externalReferences,
    String rawJson,
    List<Version> versions,
    boolean governance,
    List<Said> notes,
    List<Said> opinions,
    List<Property> consensusByMember,
    String consensus,
    List<Property> sightingsByMember,
    List<Property> sightingsByDay,
    String dispute,
    List<Said> disputeHistory,
    String standing,
    List<String> signatures,
    List<String> exportDecisions,
    String exportNote,
    boolean mayRevoke,
    List<Relationship> relationships,
    boolean moreRelationships,
    Chart sightingsChart) {
  public ObjectPageView {
    requireNonNull(frame, "frame");
    requireNonNull(id, "id");
    requireNonNull(type, "type");
    requireNonNull(name, "name");
    properties = List.copyOf(properties);
    markings = List.copyOf(markings);
    externalReferences = List.copyOf(externalReferences);
    requireNonNull(rawJson, "rawJson");
    versions = List.copyOf(versions);
    notes = List.copyOf(notes);
    opinions = List.copyOf(opinions);
    consensusByMember = List.copyOf(consensusByMember);
    requireNonNull(consensus, "consensus");
    sightingsByMember = List.copyOf(sightingsByMember);
    sightingsByDay = List.copyOf(sightingsByDay);
    requireNonNull(dispute, "dispute");
    disputeHistory = List.copyOf(disputeHistory);
    requireNonNull(standing, "standing");
    signatures = List.copyOf(signatures);
    exportDecisions = List.copyOf(exportDecisions);
    requireNonNull(exportNote, "exportNote");
    relationships = List.copyOf(relationships);
    requireNonNull(sightingsChart, "sightingsChart");
  }

  /**
   * A relationship from ({@code out}) or to this object: the relationship, its type, the object at
   * its other end and the collection it is in.
   */
  public record Relationship(
      boolean out, Link relationship, String type, Link other, String collection) {}

  /**
   * A bar chart drawn on the server as SVG (no script): the view box and one bar per day.
   *
   * @param max the largest count, for the axis label
   */
  public record Chart(int width, int height, long max, List<Bar> bars) {
    public Chart {
      bars = List.copyOf(bars);
    }

    public boolean isEmpty() {
      return bars.isEmpty();
    }
  }

  /** One bar: where it stands in the view box, its day and count. */
  public record Bar(int x, int y, int width, int height, String day, long count) {}

  /** One property: its name, its value as text, and the objects it refers to. */
  public record Property(String name, String value, List<Link> refs) {
    public Property {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
      refs = List.copyOf(refs);
    }
  }

  /** One stored version: its modified time, when this node added it, and where. */
  public record Version(String version, String added, String collection) {
    public Version {
      requireNonNull(version, "version");
      requireNonNull(added, "added");
      requireNonNull(collection, "collection");
    }
  }

  /** What a member said: who, when, and the words (a note's content, an opinion's value). */
  public record Said(String who, String when, String what) {
    public Said {
      requireNonNull(who, "who");
      requireNonNull(when, "when");
      requireNonNull(what, "what");
    }
  }
}
