package org.wuzhen.detect;

import java.util.List;

/**
 * The member names a reader reads in one kind of object, which a directed scan ({@link
 * JsonTape#scan(byte[], int, int, MemberReads)}) builds nodes for while it checks and skips the
 * values of every other member; per name, the reads of the object it names ({@link #members}) and
 * of the objects of the array it names ({@link #elements}), null where the value is built whole.
 * Looked up by open addressing over the names' hashes. Immutable.
 */
final class MemberReads {
  /** No name read: an object skipped whole. */
  static final MemberReads NONE =
      new MemberReads(List.of(), new MemberReads[0], new MemberReads[0]);

  final MemberName[] names;
  private final int[] slots;

  /** The hash of the name in each slot, compared before the name itself. */
  private final int[] slotHashes;

  private final MemberReads[] members;
  private final MemberReads[] elements;

  /**
   * {@code members[i]} and {@code elements[i]} for {@code names.get(i)}; null: its value, whatever
   * it is, gets a node for every value within it.
   */
  MemberReads(List<MemberName> names, MemberReads[] members, MemberReads[] elements) {
    this.names = names.toArray(MemberName[]::new);
    this.members = members.clone();
    this.elements = elements.clone();
    int size = Integer.highestOneBit(Math.max(4, this.names.length * 4 - 1)) << 1;
    this.slots = new int[size];
    this.slotHashes = new int[size];
    for (int n = 0; n < this.names.length; n++) {
      for (int i = this.names[n].hash & (size - 1); ; i = (i + 1) & (size - 1)) {
        if (slots[i] == 0) {
          slots[i] = n + 1;
          slotHashes[i] = this.names[n].hash;
          break;
        }
      }
    }
  }

  /**
   * The index among {@link #names} of the name at {@code [from, to)} of the tape's line, whose
   * {@link MemberName#hash} is {@code hash} and first 8 bytes {@code prefix}; -1 when not read.
   */
  int indexOf(JsonTape tape, int hash, long prefix, int from, int to) {
    int mask = slots.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      int v = slots[i];
      if (v == 0) {
        return -1;
      }
      if (slotHashes[i] == hash && tape.nameAt(from, to, hash, prefix, names[v - 1])) {
        return v - 1;
      }
    }
  }

  /** The reads of the object named {@code names[i]}; null: built whole. */
  MemberReads members(int i) {
    return members[i];
  }

  /** The reads of each object of the array named {@code names[i]}; null: built whole. */
  MemberReads elements(int i) {
    return elements[i];
  }
}
