package org.wuzhen.detect;

import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.wuzhen.pattern.Pattern;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixTimestamp;

/**
 * The compiled indicators in columns, numbered in compilation order: the id's UUID as two longs,
 * {@code valid_from} and {@code valid_until} as exact (seconds, nanoseconds) pairs, and the pattern
 * only where an index hit does not decide it ({@link IndexKeys#decidedByIndex}). About 44 bytes per
 * indicator and no object for the simple ones. Filled with {@link #add} while the engine compiles,
 * read-only (and thread-safe) after {@link #trim}.
 */
final class CompiledIndicators {
  // Instant's range is about ±3.2e16 s, so these never collide with a real bound.
  private static final long OPEN_FROM = Long.MIN_VALUE;
  private static final long OPEN_UNTIL = Long.MAX_VALUE;

  private long[] idHigh = new long[16];
  private long[] idLow = new long[16];
  private long[] fromSecond = new long[16];
  private long[] untilSecond = new long[16];
  private int[] fromNano = new int[16];
  private int[] untilNano = new int[16];

  // The columns as read: views of the arrays above once trimmed, or of the saved plan's file
  // mapped in place (its pages read only for the indicators that match).
  private LongBuffer idHighs;
  private LongBuffer idLows;
  private LongBuffer fromSeconds;
  private LongBuffer untilSeconds;
  private IntBuffer fromNanos;
  private IntBuffer untilNanos;
  private Pattern[] patterns = new Pattern[16];

  /** Ids whose UUID is not written in canonical lower case, by number: kept as given. */
  private final Map<Integer, String> writtenIds = new HashMap<>();

  private int size;

  /** Adds an indicator; {@code pattern} is empty when an index hit decides it. */
  int add(
      StixId id,
      Optional<Pattern> pattern,
      Optional<StixTimestamp> validFrom,
      Optional<StixTimestamp> validUntil) {
    if (size == idHigh.length) {
      grow(size * 2);
    }
    int i = size++;
    idHigh[i] = id.uuid().getMostSignificantBits();
    idLow[i] = id.uuid().getLeastSignificantBits();
    if (!id.uuidText().equals(id.uuid().toString()) || !id.type().equals("indicator")) {
      writtenIds.put(i, id.text());
    }
    if (validFrom.isPresent()) {
      fromSecond[i] = validFrom.get().instant().getEpochSecond();
      fromNano[i] = validFrom.get().instant().getNano();
    } else {
      fromSecond[i] = OPEN_FROM;
    }
    if (validUntil.isPresent()) {
      untilSecond[i] = validUntil.get().instant().getEpochSecond();
      untilNano[i] = validUntil.get().instant().getNano();
    } else {
      untilSecond[i] = OPEN_UNTIL;
    }
    patterns[i] = pattern.orElse(null);
    return i;
  }

  private void grow(int capacity) {
    idHigh = Arrays.copyOf(idHigh, capacity);
    idLow = Arrays.copyOf(idLow, capacity);
    fromSecond = Arrays.copyOf(fromSecond, capacity);
    untilSecond = Arrays.copyOf(untilSecond, capacity);
    fromNano = Arrays.copyOf(fromNano, capacity);
    untilNano = Arrays.copyOf(untilNano, capacity);
    patterns = Arrays.copyOf(patterns, capacity);
  }

  /** Drops spare capacity once compilation is done. */
  void trim() {
    grow(size);
    idHighs = LongBuffer.wrap(idHigh);
    idLows = LongBuffer.wrap(idLow);
    fromSeconds = LongBuffer.wrap(fromSecond);
    untilSeconds = LongBuffer.wrap(untilSecond);
    fromNanos = IntBuffer.wrap(fromNano);
    untilNanos = IntBuffer.wrap(untilNano);
  }

  int size() {
    return size;
  }

  /** Writes the columns ({@link PlanCache}); call after {@link #trim}. */
  void writeTo(PlanFile.Out out) throws java.io.IOException {
    out.writeInt(size);
    out.writeLongs(idHighs, size);
    out.writeLongs(idLows, size);
    out.writeLongs(fromSeconds, size);
    out.writeLongs(untilSeconds, size);
    out.writeInts(fromNanos, size);
    out.writeInts(untilNanos, size);
    out.writeInt(writtenIds.size());
    for (Map.Entry<Integer, String> e : writtenIds.entrySet()) {
      out.writeInt(e.getKey());
      out.writeString(e.getValue());
    }
    int kept = 0;
    for (int i = 0; i < size; i++) {
      kept += patterns[i] == null ? 0 : 1;
    }
    out.writeInt(kept);
    for (int i = 0; i < size; i++) {
      if (patterns[i] != null) {
        out.writeInt(i);
        out.writePattern(patterns[i]);
      }
    }
  }

  static CompiledIndicators readFrom(PlanFile.In in) {
    CompiledIndicators c = new CompiledIndicators();
    c.size = in.readInt();
    // Mapped, not copied: a million indicators are 44 MB of columns, of which a run reads the
    // few that match; the bytes still pass through the plan's checksum.
    c.idHighs = in.mapLongs();
    c.idLows = in.mapLongs();
    c.fromSeconds = in.mapLongs();
    c.untilSeconds = in.mapLongs();
    c.fromNanos = in.mapInts();
    c.untilNanos = in.mapInts();
    c.patterns = new Pattern[c.size];
    for (java.nio.Buffer column :
        new java.nio.Buffer[] {
          c.idHighs, c.idLows, c.fromSeconds, c.untilSeconds, c.fromNanos, c.untilNanos
        }) {
      if (column.capacity() != c.size) {
        throw new IllegalStateException("a column of " + column.capacity() + " for " + c.size);
      }
    }
    c.idHigh = null;
    c.idLow = null;
    c.fromSecond = null;
    c.untilSecond = null;
    c.fromNano = null;
    c.untilNano = null;
    for (int n = in.readCount(8); n > 0; n--) {
      c.writtenIds.put(in.readInt(), in.readString());
    }
    for (int n = in.readCount(8); n > 0; n--) {
      c.patterns[in.readInt()] = in.readPattern();
    }
    return c;
  }

  String id(int i) {
    // Matches name the same indicators over and over: their id text is kept in a small
    // direct-mapped cache (an entry is one immutable object, so racing threads see whole ones).
    int slot = i & (RECENT_IDS - 1);
    RecentId recent = recentIds[slot];
    if (recent != null && recent.index() == i) {
      return recent.id();
    }
    String written = writtenIds.get(i);
    String id = written != null ? written : "indicator--" + new UUID(idHighs.get(i), idLows.get(i));
    recentIds[slot] = new RecentId(i, id);
    return id;
  }

  private static final int RECENT_IDS = 4096;

  private record RecentId(int index, String id) {}

  private final RecentId[] recentIds = new RecentId[RECENT_IDS];

  /** The pattern the evaluator must confirm, or empty when the index hit is the match. */
  Optional<Pattern> pattern(int i) {
    return Optional.ofNullable(patterns[i]);
  }

  /** Every pattern kept for the evaluator, in compilation order. */
  java.util.List<Pattern> keptPatterns() {
    java.util.List<Pattern> out = new java.util.ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (patterns[i] != null) {
        out.add(patterns[i]);
      }
    }
    return out;
  }

  boolean decidedByIndex(int i) {
    return patterns[i] == null;
  }

  /** STIX 2.1 §4.7: valid from {@code valid_from} (inclusive) until {@code valid_until}. */
  boolean validAt(int i, Instant t) {
    long s = t.getEpochSecond();
    int n = t.getNano();
    long from = fromSeconds.get(i);
    long until = untilSeconds.get(i);
    boolean started = s > from || (s == from && n >= fromNanos.get(i));
    boolean ended = s > until || (s == until && n >= untilNanos.get(i));
    return started && !ended;
  }
}
