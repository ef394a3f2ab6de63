package org.wuzhen.store;

import java.util.List;
import java.util.Optional;

/**
 * The role of a store that keeps the transparency log (docs/transparency.md). Every add (per
 * version added), delete (per version deleted), addMember, addUser and grant appends one leaf in
 * its own transaction; the transparency module hashes complete subtrees into the node table after
 * the leaves arrive. Implementations are thread-safe.
 */
public interface LogStore {
  /** Number of leaves in the transparency log. */
  long logSize();

  /** The leaves with index in {@code [start, end)}, in index order (fewer near the end). */
  List<LogLeaf> logLeaves(long start, long end);

  /**
   * The hash of the complete subtree at {@code level} and {@code index}: level 0 is a leaf hash,
   * higher levels are the stored {@link LogNode}s. Empty when not stored (yet).
   */
  Optional<LogHash> logNode(int level, long index);

  /** One past the highest index stored at {@code level >= 1}; 0 when none. */
  long logNodeEnd(int level);

  /** Stores subtree hashes in one transaction; hashes already stored are kept as they are. */
  void putLogNodes(List<LogNode> nodes);

  /** The stored versions of one object with the leaves that recorded their addition. */
  List<ObjectLogEntry> objectLog(CollectionId collection, String objectId);

  /**
   * The leaves about the object version that was given {@code date_added}: its addition and, when
   * it was deleted through the store, its deletion.
   */
  List<LogLeaf> logLeavesAt(long dateAddedMicros);

  /**
   * Every stored object version of every collection, with its exact JSON, added after {@code
   * afterDateAddedMicros}, in date_added order, at most {@code limit}: what a full audit compares
   * with the log's {@code add} leaves.
   */
  List<StoredVersion> storedVersions(long afterDateAddedMicros, int limit);
}
