package org.wuzhen.web.view;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The status page: what pulling from each peer has done (shown to the node's administrators, as
 * {@code GET /wuzhen/peers/} is), the node's transparency log and the detection sources whose
 * sightings it stored.
 *
 * @param detection whether the node has a community whose sightings it indexes
 */
public record StatusView(
    Frame frame,
    boolean admin,
    List<PeerRow> peers,
    LogHead log,
    boolean detection,
    List<SourceRow> sources) {
  public StatusView {
    requireNonNull(frame, "frame");
    peers = List.copyOf(peers);
    requireNonNull(log, "log");
    sources = List.copyOf(sources);
  }

  /**
   * The node's transparency log: its size and its latest signed head.
   *
   * @param kept false when the node keeps no log (the other fields are then empty)
   */
  public record LogHead(
      boolean kept,
      long size,
      long treeSize,
      String rootHash,
      String signedAt,
      String keyId,
      String signature) {}

  /**
   * One detection source: who made the sightings (a link to its identity when it is a STIX id), the
   * detector when the sightings say, the sensors named, what arrived in the last hour.
   */
  public record SourceRow(
      String name,
      String href,
      String detector,
      String sensors,
      long sightings,
      long events,
      String lastReceived,
      String lastSeen,
      ObjectPageView.Chart perMinute) {}

  /**
   * One peer's pulling so far and what is known of its log.
   *
   * @param flag why pulling from the peer stopped (its log was inconsistent), or empty
   */
  public record PeerRow(
      String peer,
      List<CursorRow> cursors,
      String lag,
      String lastSuccess,
      String caughtUp,
      long added,
      long duplicates,
      long invalid,
      long failures,
      String lastError,
      String log,
      String witnessedHead,
      String flag) {
    public PeerRow {
      cursors = List.copyOf(cursors);
    }
  }

  /**
   * Where pulling one remote collection has reached, in words ("added after …" for a TAXII peer,
   * the manifest ETag for a MISP feed), and when it last moved.
   */
  public record CursorRow(String remoteCollection, String position, String updated) {}
}
