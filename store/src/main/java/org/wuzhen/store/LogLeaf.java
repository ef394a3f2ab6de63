package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One leaf of the node's transparency log: its position, its RFC 9162 leaf hash {@code SHA-256(0x00
 * || leaf data)}, the record it logs (compact canonical JSON; the format is in
 * docs/transparency.md), the salt that hides the record from whoever sees only the hash (leaves
 * logged before salting began have none) and what the record is about.
 */
public record LogLeaf(
    long index, LogHash leafHash, String record, Optional<LogHash> salt, LeafSubject subject) {
  public LogLeaf {
    if (index < 0) {
      throw new IllegalArgumentException("leaf index is negative: " + index);
    }
    requireNonNull(leafHash, "leafHash");
    requireNonNull(record, "record");
    requireNonNull(salt, "salt");
    requireNonNull(subject, "subject");
  }

  /** The RFC 9162 leaf data: the salt's 32 bytes, if any, then the record as UTF-8. */
  public byte[] leafData() {
    return leafData(salt, record);
  }

  static byte[] leafData(Optional<LogHash> salt, String record) {
    byte[] text = record.getBytes(StandardCharsets.UTF_8);
    if (salt.isEmpty()) {
      return text;
    }
    byte[] data = new byte[LogHash.LENGTH + text.length];
    System.arraycopy(salt.get().bytes(), 0, data, 0, LogHash.LENGTH);
    System.arraycopy(text, 0, data, LogHash.LENGTH, text.length);
    return data;
  }
}
