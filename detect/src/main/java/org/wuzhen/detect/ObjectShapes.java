package org.wuzhen.detect;

import java.util.Arrays;

/**
 * The last few sequences of member names met in one kind of object of a directed scan ({@link
 * JsonTape#scan(byte[], int, int, MemberReads)}): the root, or the object (or objects of the array)
 * at one place of such a sequence. A sensor writes the same names in the same order in most objects
 * of a kind (an EVE {@code flow} or {@code dns} section of one event type), so the scan compares a
 * line's names with one remembered sequence in place, a few word compares each, and takes their
 * hash, read index and dot from it; it lexes, hashes and looks up a name only where the line leaves
 * every sequence kept. A sequence is kept only once an object holding it has closed, every name
 * checked against those before it, so a line's names that follow one from its start are distinct.
 * At most {@value #WAYS} sequences per kind, replaced in turn; the kinds under a sequence's places
 * are made when first met. Mutable; owned by one tape.
 */
final class ObjectShapes {
  /** Sequences kept per kind of object: EVE's root has one per event type and variant. */
  static final int WAYS = 8;

  /** Sequences learned by a tree of kinds before the tape starts a new tree. */
  static final int BUDGET = 4096;

  private final ObjectShapes root;
  private int learned;
  private final Shape[] ways = new Shape[WAYS];
  private int count;
  private int last;
  private int next;
  private MemberReads reads;

  /** A new tree of kinds, for the root objects of a scan. */
  ObjectShapes() {
    this.root = this;
  }

  private ObjectShapes(ObjectShapes root) {
    this.root = root;
  }

  /** Whether this tree has learned so many sequences that it should be started anew. */
  boolean spent() {
    return learned > BUDGET;
  }

  /**
   * The sequence met last in this kind of object, or null before any. Objects read by other {@code
   * reads} (a name's value an object in one line, an array of objects in the next) start anew: a
   * sequence's read indexes are those of one reads.
   */
  Shape first(MemberReads reads) {
    if (reads != this.reads) {
      this.reads = reads;
      count = 0;
      return null;
    }
    return count == 0 ? null : ways[last];
  }

  /**
   * Another sequence whose first {@code p} names are those of {@code shape} and whose name at
   * {@code p} is the string at {@code quote} of the line; null when none.
   */
  Shape other(Shape shape, int p, byte[] b, int quote, int end) {
    for (int j = 0; j < count; j++) {
      Shape s = ways[j];
      if (s != shape && s.count > p && s.samePrefix(shape, p) && s.matches(p, b, quote, end) > 0) {
        return s;
      }
    }
    return null;
  }

  /** Notes that an object followed {@code shape} to its end, so the next starts with it. */
  void used(Shape shape) {
    last = shape.way;
  }

  /**
   * Keeps the names of an object just closed (distinct, as the scan checked): the first {@code
   * known} of {@code prefix} (none when it is null), then {@code names} from {@code base} on; their
   * read indexes in {@code reads}.
   */
  void learn(
      Shape prefix,
      int known,
      OpenNames names,
      int base,
      byte[] b,
      MemberReads reads,
      JsonTape tape) {
    int way = count < WAYS ? count++ : (next++ & (WAYS - 1));
    ways[way] = new Shape(way, prefix, known, names, base, b, reads, tape);
    last = way;
    root.learned++;
  }

  /** One sequence of distinct member names and, per place, what the scan takes from it. */
  final class Shape {
    private final int way;
    final int count;

    /** Each name as the line has it from after its opening quote: its bytes, a quote, a colon. */
    private final byte[] bytes;

    /** Where each name starts in {@link #bytes}; {@code from[count]} is their end. */
    private final int[] from;

    /** The first (up to) 8 and the last 8 bytes of each name as {@link #bytes} has it. */
    private final long[] head;

    private final long[] tail;
    private final long[] prefix;
    private final int[] hash;
    private final int[] read;
    private final boolean[] dotted;
    private final ObjectShapes[] under;

    private Shape(
        int way,
        Shape known,
        int kept,
        OpenNames names,
        int base,
        byte[] b,
        MemberReads reads,
        JsonTape tape) {
      this.way = way;
      int first = known == null ? 0 : kept;
      this.count = first + names.size() - base;
      int total = known == null ? 0 : known.from[kept];
      for (int i = base; i < names.size(); i++) {
        total += names.end(i) - names.start(i) + 2;
      }
      bytes = new byte[total];
      from = new int[count + 1];
      head = new long[count];
      tail = new long[count];
      prefix = new long[count];
      hash = new int[count];
      read = new int[count];
      dotted = new boolean[count];
      under = new ObjectShapes[count];
      if (known != null) {
        System.arraycopy(known.bytes, 0, bytes, 0, known.from[kept]);
        System.arraycopy(known.from, 0, from, 0, kept);
        System.arraycopy(known.head, 0, head, 0, kept);
        System.arraycopy(known.tail, 0, tail, 0, kept);
        System.arraycopy(known.prefix, 0, prefix, 0, kept);
        System.arraycopy(known.hash, 0, hash, 0, kept);
        System.arraycopy(known.read, 0, read, 0, kept);
        System.arraycopy(known.dotted, 0, dotted, 0, kept);
      }
      int at = known == null ? 0 : known.from[kept];
      for (int p = first; p < count; p++) {
        int s = names.start(base + p - first);
        int e = names.end(base + p - first);
        int len = e - s;
        from[p] = at;
        System.arraycopy(b, s, bytes, at, len);
        bytes[at + len] = '"';
        bytes[at + len + 1] = ':';
        head[p] = MemberName.pack(bytes, at, Math.min(at + len + 2, at + 8));
        tail[p] = len + 2 > 8 ? MemberName.pack(bytes, at + len + 2 - 8, at + len + 2) : 0;
        prefix[p] = MemberName.pack(b, s, Math.min(e, s + 8));
        hash[p] = names.hash(base + p - first);
        read[p] = reads.indexOf(tape, hash[p], prefix[p], s, e);
        dotted[p] = tape.indexOf(s, e, (byte) '.') >= 0;
        at += len + 2;
      }
      from[count] = at;
    }

    /**
     * Where the colon after the name at place {@code p} ends when the line has that name at {@code
     * quote} (its opening quote), its closing quote and a colon right after it; else -1. A kept
     * name holds no quote, escape or control byte, so nothing else can end or change the string.
     */
    int matches(int p, byte[] b, int quote, int end) {
      int size = from[p + 1] - from[p];
      int s = quote + 1;
      int stop = s + size;
      if (stop > end) {
        return -1;
      }
      long first =
          s + 8 <= b.length
              ? ((long) JsonCursor.LONGS.get(b, s)) & (size >= 8 ? -1L : (1L << (size << 3)) - 1)
              : MemberName.pack(b, s, Math.min(stop, s + 8));
      if (first != head[p]) {
        return -1;
      }
      if (size <= 8) {
        return stop;
      }
      if ((long) JsonCursor.LONGS.get(b, stop - 8) != tail[p]) {
        return -1;
      }
      return size <= 16 || Arrays.equals(b, s + 8, stop - 8, bytes, from[p] + 8, from[p + 1] - 8)
          ? stop
          : -1;
    }

    /**
     * Whether one of the first {@code known} names is the name at {@code [start, end)} of {@code
     * b}, of hash {@code nameHash}.
     */
    boolean holds(int known, byte[] b, int start, int end, int nameHash) {
      for (int k = 0; k < known; k++) {
        if (hash[k] == nameHash
            && from[k + 1] - from[k] - 2 == end - start
            && Arrays.equals(bytes, from[k], from[k + 1] - 2, b, start, end)) {
          return true;
        }
      }
      return false;
    }

    /** Characters of the name at place {@code p}. */
    int length(int p) {
      return from[p + 1] - from[p] - 2;
    }

    int hash(int p) {
      return hash[p];
    }

    long prefix(int p) {
      return prefix[p];
    }

    /** The name's index among the reads of the object's kind, or -1. */
    int read(int p) {
      return read[p];
    }

    boolean dotted(int p) {
      return dotted[p];
    }

    /** The kind of the object (or of the array's objects) at place {@code p}, made when asked. */
    ObjectShapes under(int p) {
      ObjectShapes u = under[p];
      if (u == null) {
        u = new ObjectShapes(root);
        under[p] = u;
      }
      return u;
    }

    /** Whether the first {@code p} names are those of {@code other}'s. */
    boolean samePrefix(Shape other, int p) {
      return from[p] == other.from[p]
          && Arrays.equals(from, 0, p + 1, other.from, 0, p + 1)
          && Arrays.equals(bytes, 0, from[p], other.bytes, 0, other.from[p]);
    }
  }
}
