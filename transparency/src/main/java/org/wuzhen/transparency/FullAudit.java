package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.store.LeafSubject;
import org.wuzhen.store.LogHash;
import org.wuzhen.store.LogLeaf;
import org.wuzhen.store.LogStore;
import org.wuzhen.store.StoredVersion;

/**
 * The full audit of a node's own data ({@code wuzhen audit verify --full}, docs/transparency.md):
 * recomputes the tree from every leaf record, compares every complete subtree hash the node stored
 * (the hashes its heads and proofs are computed from) and the roots of the signed heads given with
 * it, and compares every stored object version with the {@code add} leaf that logged it. A leaf
 * record altered beneath a stored subtree hash leaves the signed root unchanged, and only this
 * audit, or an inclusion check of that very leaf, notices. The first difference ends the audit,
 * named. One pass over the leaves and one over the stored versions, merged by date_added; memory
 * O(log n) beyond the versions whose deletion is still to come in the log.
 */
public final class FullAudit {
  /** Leaves read per store call. */
  static final int LEAF_BATCH = 8192;

  /** Stored versions read per store call. */
  static final int VERSION_BATCH = 2048;

  /** A passed full audit: what was checked, one line per check. */
  public record Report(long treeSize, LogHash root, long versions, List<String> checks) {
    public Report {
      requireNonNull(root, "root");
      checks = List.copyOf(checks);
    }
  }

  private final LogStore store;
  private final TreeMap<Long, TreeHead> heads = new TreeMap<>();
  private final LeafStream tree = new LeafStream();
  private final StoredVersions stored;
  private final List<String> checks = new ArrayList<>();

  /** Versions whose add leaf was read but which are not stored: their delete leaf must follow. */
  private final TreeMap<Long, String> awaitingDeletion = new TreeMap<>();

  private long lastAddDate = Long.MIN_VALUE;
  private long subtreesCompared;
  private long versionsChecked;
  private long unloggedBeforeTheLog;

  private FullAudit(LogStore store, List<TreeHead> signed) {
    this.store = store;
    this.stored = new StoredVersions(store);
    for (TreeHead h : signed) {
      heads.put(h.treeSize(), h);
    }
  }

  /**
   * Audits the store's log and objects; {@code signed} are heads whose signature the caller has
   * verified (the node's current one, an auditor's state), each checked against the recomputed root
   * of its size.
   *
   * @throws AuditFailure naming the first difference found
   */
  public static Report run(LogStore store, List<TreeHead> signed) throws AuditFailure {
    requireNonNull(store, "store");
    requireNonNull(signed, "signed");
    return new FullAudit(store, signed).run();
  }

  private Report run() throws AuditFailure {
    long size = store.logSize();
    TreeHead largest = heads.isEmpty() ? null : heads.lastEntry().getValue();
    if (largest != null && largest.treeSize() > size) {
      throw new AuditFailure(
          "the signed head "
              + HeadConsistency.describe(largest)
              + " covers more leaves than the store holds ("
              + size
              + "): leaves were removed behind the log");
    }
    if (heads.containsKey(0L)) {
      checkHead(heads.get(0L));
    }
    for (long start = 0; start < size; start += LEAF_BATCH) {
      long end = Math.min(size, start + LEAF_BATCH);
      List<LogLeaf> leaves;
      try {
        leaves = StoredTree.leaves(store, start, end);
      } catch (IllegalStateException e) {
        throw new AuditFailure(e.getMessage(), e);
      }
      for (LogLeaf leaf : leaves) {
        take(leaf);
      }
    }
    long storedNodes = store.logNodeEnd(StoredTree.LOWEST_STORED_LEVEL);
    long completeNodes = size >> StoredTree.LOWEST_STORED_LEVEL;
    if (storedNodes > completeNodes) {
      throw new AuditFailure(
          "the store holds subtree hashes of level "
              + StoredTree.LOWEST_STORED_LEVEL
              + " up to index "
              + (storedNodes - 1)
              + ", beyond its "
              + size
              + " leaves: leaves were removed behind the log");
    }
    checks.add(
        "tree: "
            + size
            + " leaves recomputed from their records, root "
            + tree.root()
            + "; "
            + subtreesCompared
            + " stored subtree hashes equal the recomputed ones");
    finishVersions(size);
    return new Report(size, tree.root(), versionsChecked, checks);
  }

  private void take(LogLeaf leaf) throws AuditFailure {
    if (leaf.index() != tree.size()) {
      throw new AuditFailure(
          "the store returned leaf " + leaf.index() + " where leaf " + tree.size() + " belongs");
    }
    tree.add(MerkleTree.leafHash(leaf.salt(), leaf.record()), this::compareStored);
    TreeHead head = heads.get(tree.size());
    if (head != null) {
      checkHead(head);
    }
    switch (leaf.subject()) {
      case LeafSubject.ObjectAdded a -> added(leaf, a);
      case LeafSubject.ObjectDeleted d -> awaitingDeletion.remove(d.dateAddedMicros());
      case LeafSubject.MemberAdded m -> {}
      case LeafSubject.UserAdded u -> {}
      case LeafSubject.Granted g -> {}
      case LeafSubject.Unrecognised u ->
          throw new AuditFailure(
              "leaf "
                  + leaf.index()
                  + ": its record is not one the store writes ("
                  + u.problem()
                  + "): "
                  + leaf.record());
    }
  }

  /** A subtree the leaves completed, against the hash the store keeps for it, if any. */
  private void compareStored(int level, long index, LogHash recomputed) throws AuditFailure {
    if (level < StoredTree.LOWEST_STORED_LEVEL) {
      return;
    }
    Optional<LogHash> kept = store.logNode(level, index);
    if (kept.isEmpty()) {
      return;
    }
    subtreesCompared++;
    if (!kept.get().equals(recomputed)) {
      long first = index << level;
      long end = first + (1L << level);
      throw new AuditFailure(
          "leaves ["
              + first
              + ", "
              + end
              + "): the stored subtree hash (level "
              + level
              + ", index "
              + index
              + ") is "
              + kept.get()
              + " but their records hash to "
              + recomputed
              + ": a leaf record in that range was changed after its subtree was stored, so"
              + " heads and proofs still show the original");
    }
  }

  private void checkHead(TreeHead head) throws AuditFailure {
    if (!tree.root().equals(head.rootHash())) {
      throw new AuditFailure(
          "the signed head "
              + HeadConsistency.describe(head)
              + " has root "
              + head.rootHash()
              + " but the first "
              + head.treeSize()
              + " leaf records hash to "
              + tree.root()
              + ": the log was rewritten after that head was signed");
    }
    checks.add(
        "signed head " + HeadConsistency.describe(head) + ": its root is the recomputed one");
  }

  /** An add leaf against the stored versions, both in date_added order. */
  private void added(LogLeaf leaf, LeafSubject.ObjectAdded a) throws AuditFailure {
    long date = a.dateAddedMicros();
    if (date <= lastAddDate) {
      throw new AuditFailure(
          "leaf "
              + leaf.index()
              + ": its date_added "
              + date
              + " is not after the previous add leaf's "
              + lastAddDate
              + ": the log's order was changed");
    }
    boolean first = lastAddDate == Long.MIN_VALUE;
    lastAddDate = date;
    StoredVersion before;
    while ((before = stored.nextBefore(date)) != null) {
      if (first) {
        // Versions stored before the first add leaf predate the log (migration V20).
        unloggedBeforeTheLog++;
        continue;
      }
      throw unlogged(before);
    }
    Optional<StoredVersion> version = stored.takeAt(date);
    if (version.isEmpty()) {
      awaitingDeletion.put(date, a.objectId() + " (leaf " + leaf.index() + ")");
      return;
    }
    compare(leaf, a, version.get());
  }

  private void compare(LogLeaf leaf, LeafSubject.ObjectAdded a, StoredVersion v)
      throws AuditFailure {
    String what =
        a.objectId() + " (leaf " + leaf.index() + ", date_added " + a.dateAddedMicros() + ")";
    if (!v.collection().equals(Optional.of(a.collection()))
        || !v.object().id().equals(a.objectId())
        || v.object().versionMicros() != a.versionMicros()) {
      throw new AuditFailure(
          what
              + ": the version stored at that date_added is "
              + v.object().id()
              + " version "
              + v.object().versionMicros()
              + " in collection "
              + v.collection().map(Object::toString).orElse("(none)")
              + ", not what the log records: "
              + leaf.record());
    }
    Auditor.requireLoggedJson(what, loggedSha256(leaf), v.object().json().orElseThrow());
    versionsChecked++;
  }

  private static String loggedSha256(LogLeaf leaf) throws AuditFailure {
    try {
      return JsonFields.of(Json.parse(leaf.record()), "leaf " + leaf.index()).string("sha256");
    } catch (StixFormatException | IllegalArgumentException e) {
      throw new AuditFailure("leaf " + leaf.index() + ": " + e.getMessage(), e);
    }
  }

  private static AuditFailure unlogged(StoredVersion v) {
    return new AuditFailure(
        v.object().id()
            + " (date_added "
            + v.object().dateAddedMicros()
            + ", collection "
            + v.collection().map(Object::toString).orElse("(none)")
            + "): stored, but no add leaf logs it: it was added behind the log");
  }

  /**
   * After the last leaf: versions still stored past it were added behind the log unless the node
   * logged them after the audit read its size; versions read in the log but gone from the store
   * need their delete leaf.
   */
  private void finishVersions(long size) throws AuditFailure {
    StoredVersion rest;
    while ((rest = stored.nextBefore(Long.MAX_VALUE)) != null) {
      if (rest.object().dateAddedMicros() > lastAddDate && loggedLater(rest, size)) {
        continue;
      }
      if (lastAddDate == Long.MIN_VALUE) {
        unloggedBeforeTheLog++;
        continue;
      }
      throw unlogged(rest);
    }
    if (!awaitingDeletion.isEmpty()) {
      var first = awaitingDeletion.firstEntry();
      throw new AuditFailure(
          first.getValue()
              + ": the version added at "
              + first.getKey()
              + " is no longer stored and the log records no deletion of it: it was removed"
              + " behind the log");
    }
    checks.add(
        "objects: "
            + versionsChecked
            + " stored versions match the add leaves that logged them (id, version, SHA-256 of"
            + " the stored JSON); every other logged version has a logged deletion"
            + (unloggedBeforeTheLog > 0
                ? "; " + unloggedBeforeTheLog + " versions stored before the log began"
                : ""));
  }

  /** A version added while the audit ran: its add leaf is past the size the audit read. */
  private boolean loggedLater(StoredVersion v, long size) {
    for (LogLeaf leaf : store.logLeavesAt(v.object().dateAddedMicros())) {
      if (leaf.index() >= size && leaf.subject() instanceof LeafSubject.ObjectAdded) {
        return true;
      }
    }
    return false;
  }

  /** The stored versions in date_added order, read in batches. Not thread-safe. */
  private static final class StoredVersions {
    private final LogStore store;
    private Iterator<StoredVersion> batch = List.<StoredVersion>of().iterator();
    private StoredVersion peeked;
    private long after = Long.MIN_VALUE;
    private boolean exhausted;

    StoredVersions(LogStore store) {
      this.store = store;
    }

    /** The next version added before {@code date}, taken; null when there is none. */
    StoredVersion nextBefore(long date) {
      StoredVersion next = peek();
      if (next == null || next.object().dateAddedMicros() >= date) {
        return null;
      }
      peeked = null;
      return next;
    }

    /** The next version if it was added exactly at {@code date}, taken. */
    Optional<StoredVersion> takeAt(long date) {
      StoredVersion next = peek();
      if (next == null || next.object().dateAddedMicros() != date) {
        return Optional.empty();
      }
      peeked = null;
      return Optional.of(next);
    }

    private StoredVersion peek() {
      if (peeked != null) {
        return peeked;
      }
      if (!batch.hasNext() && !exhausted) {
        List<StoredVersion> page = store.storedVersions(after, VERSION_BATCH);
        exhausted = page.size() < VERSION_BATCH;
        if (!page.isEmpty()) {
          after = page.getLast().object().dateAddedMicros();
        }
        batch = page.iterator();
      }
      peeked = batch.hasNext() ? batch.next() : null;
      return peeked;
    }
  }
}
