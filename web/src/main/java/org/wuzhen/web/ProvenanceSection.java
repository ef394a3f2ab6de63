package org.wuzhen.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.wuzhen.federation.Federation;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.ObjectLogEntry;
import org.wuzhen.store.Provenance;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.transparency.InclusionCheck;
import org.wuzhen.transparency.TransparencyLog;
import org.wuzhen.web.view.ObjectPageView.LogEntry;
import org.wuzhen.web.view.ObjectPageView.ProvenanceView;

/**
 * The provenance of an object page: who created it, how it reached this node (the peers that sent
 * each version, as federation recorded them), and its entries in this node's transparency log, each
 * checked against the latest signed head. Read only after the caller's reader found the object.
 */
final class ProvenanceSection {
  /** Log entries checked per page, the newest first. */
  static final int MAX_LOG_ENTRIES = 10;

  private ProvenanceSection() {}

  static ProvenanceView of(
      ObjectReader reader,
      ObjectPage.Found latest,
      StixObject object,
      Optional<Charter> charter,
      Optional<Federation> federation,
      Optional<TransparencyLog> log) {
    String id = object.id().toString();
    String origin =
        object
            .createdByRef()
            .map(
                ref ->
                    charter
                        .flatMap(c -> c.memberByIdentity(ref))
                        .map(m -> "member " + m.name() + " (" + ref + ")")
                        .orElse(ref))
            .orElse("not named (the object has no created_by_ref)");
    List<Provenance> records = federation.map(f -> f.provenance(id)).orElse(List.of());
    List<String> receipts = new ArrayList<>();
    records.stream()
        .sorted(Comparator.comparing(Provenance::received))
        .forEach(
            p ->
                receipts.add(
                    "version "
                        + Times.ofMicros(p.versionMicros())
                        + ": received from peer "
                        + p.peer()
                        + " (its collection "
                        + p.remoteCollection()
                        + ") at "
                        + p.received()));
    String path =
        records.isEmpty()
            ? origin(object, charter) + " → this node (added here, no peer sent it)"
            : origin(object, charter)
                + " → … → "
                + String.join(" / ", records.stream().map(Provenance::peer).distinct().toList())
                + " → this node";
    Logged logged = logged(reader, latest.collection(), id, log, MAX_LOG_ENTRIES, "this object");
    return new ProvenanceView(origin, path, receipts, logged.entries(), logged.note());
  }

  /** An object's log entries, each checked, and what to say when there is none to show. */
  record Logged(List<LogEntry> entries, String note) {}

  /**
   * The newest {@code max} transparency-log entries of one object in one collection that the caller
   * may see, each checked against the node's latest signed head (signature, record, inclusion
   * proof: {@link TransparencyLog#check}, as {@code audit verify} checks them). The object page and
   * the governance page's past decisions show them.
   *
   * @param what the object, as the note names it when it has no entry
   */
  static Logged logged(
      ObjectReader reader,
      CollectionInfo collection,
      String objectId,
      Optional<TransparencyLog> log,
      int max,
      String what) {
    if (log.isEmpty()) {
      return new Logged(List.of(), "This node keeps no transparency log.");
    }
    List<ObjectLogEntry> found =
        reader.objectLog(collection.id(), objectId).stream()
            .sorted(Comparator.comparingLong((ObjectLogEntry e) -> e.leaf().index()).reversed())
            .limit(max)
            .toList();
    List<LogEntry> entries = new ArrayList<>();
    for (ObjectLogEntry e : found) {
      entries.add(entry(log.get().check(collection.id(), objectId, e)));
    }
    return new Logged(
        entries,
        found.isEmpty()
            ? "No entry in this node's transparency log for "
                + what
                + " in "
                + collection.title()
                + ": not verified. Versions stored before the log began (store migration V20)"
                + " have none; a version stored since without one was written behind the log,"
                + " which wuzhen audit verify reports."
            : "");
  }

  private static String origin(StixObject object, Optional<Charter> charter) {
    return object
        .createdByRef()
        .map(
            ref ->
                charter.flatMap(c -> c.memberByIdentity(ref)).map(CharterMember::name).orElse(ref))
        .orElse("an unnamed creator");
  }

  private static LogEntry entry(InclusionCheck c) {
    return new LogEntry(
        c.leafIndex(),
        c.head().treeSize(),
        Instant.ofEpochMilli(c.head().timestamp()).toString(),
        c.head().rootHash().hex(),
        c.headSignatureValid() ? "ok" : "FAILED",
        c.recordMatches() ? "ok" : "FAILED: the record is not this version's",
        switch (c.proof()) {
          case VERIFIED -> "ok (" + c.proofLength() + " hashes)";
          case FAILED -> "FAILED";
          case PENDING -> "pending: logged after the latest signed head";
        },
        c.verified()
            ? "verified"
            : c.proof() == InclusionCheck.Proof.PENDING ? "not yet signed" : "NOT verified");
  }
}
