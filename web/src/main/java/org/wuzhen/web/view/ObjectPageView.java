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
    Chart sightingsChart,
    ProvenanceView provenance,
    Graph graph) {
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
    requireNonNull(provenance, "provenance");
    requireNonNull(graph, "graph");
  }

  /**
   * Where the object came from: its creator, the path to this node as recorded (the creator, the
   * peers that sent it, this node), each receipt, and its checked transparency-log entries.
   *
   * @param logNote what to say instead of (or beside) the entries; empty when nothing
   */
  public record ProvenanceView(
      String origin, String path, List<String> receipts, List<LogEntry> log, String logNote) {
    public ProvenanceView {
      requireNonNull(origin, "origin");
      requireNonNull(path, "path");
      receipts = List.copyOf(receipts);
      log = List.copyOf(log);
      requireNonNull(logNote, "logNote");
    }
  }

  /**
   * One transparency-log entry of the object, checked against the node's latest signed head.
   *
   * @param verdict "verified", "not yet signed" or "NOT verified"
   */
  public record LogEntry(
      long leafIndex,
      long treeSize,
      String headTime,
      String rootHash,
      String headSignature,
      String record,
      String proof,
      String verdict) {}

  /**
   * The one-hop relationship graph: the object in the middle, its neighbours around it.
   *
   * @param more neighbours among the table's relationships left out of the graph
   * @param moreRows whether relationships exist beyond those the table shows
   */
  public record Graph(
      int width,
      int height,
      GraphNode center,
      List<GraphNode> nodes,
      List<GraphEdge> edges,
      int more,
      boolean moreRows) {
    public Graph {
      requireNonNull(center, "center");
      nodes = List.copyOf(nodes);
      edges = List.copyOf(edges);
    }

    public boolean isEmpty() {
      return nodes.isEmpty();
    }
  }

  /** A node: where it stands, its type and label (text), its full title and its page. */
  public record GraphNode(
      int x,
      int y,
      String type,
      String label,
      String title,
      String href,
      int labelX,
      int labelY,
      String anchor) {}

  /**
   * An edge from the middle to a neighbour, labelled with its relationship types; {@code out}: an
   * arrow towards the neighbour, {@code in}: one towards the middle.
   */
  public record GraphEdge(
      int x1,
      int y1,
      int x2,
      int y2,
      String label,
      String title,
      int labelX,
      int labelY,
      boolean out,
      boolean in) {}

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
