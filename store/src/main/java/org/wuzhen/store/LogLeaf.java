package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/**
 * One leaf of the node's transparency log: its position, its RFC 9162 leaf hash {@code SHA-256(0x00
 * || record)} and the record itself (compact canonical JSON, UTF-8; the format is in
 * docs/transparency.md).
 */
public record LogLeaf(long index, LogHash leafHash, String record) {
  public LogLeaf {
    if (index < 0) {
      throw new IllegalArgumentException("leaf index is negative: " + index);
    }
    requireNonNull(leafHash, "leafHash");
    requireNonNull(record, "record");
  }
}
