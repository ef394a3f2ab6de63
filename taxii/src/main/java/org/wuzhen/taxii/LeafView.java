package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import org.wuzhen.store.LogHash;
import org.wuzhen.store.LogLeaf;

/**
 * One transparency log leaf as a caller may see it ({@link ObjectReader#logLeaves}): the whole leaf
 * when it is about something the caller may read, else only its index and hash, which every proof
 * needs and which (salted) reveal nothing about the record.
 */
public sealed interface LeafView {
  long index();

  LogHash leafHash();

  /** The leaf with its record and salt. */
  record Shown(LogLeaf leaf) implements LeafView {
    public Shown {
      requireNonNull(leaf, "leaf");
    }

    @Override
    public long index() {
      return leaf.index();
    }

    @Override
    public LogHash leafHash() {
      return leaf.leafHash();
    }
  }

  /** Only the position and hash of a leaf about something the caller may not read. */
  record Hidden(long index, LogHash leafHash) implements LeafView {
    public Hidden {
      requireNonNull(leafHash, "leafHash");
    }
  }
}
