package org.wuzhen.detect;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.wuzhen.pattern.ObjectPath;
import org.wuzhen.pattern.Pattern;
import org.wuzhen.pattern.Patterns;

/**
 * The binary form of a compiled plan ({@link PlanCache}): each structure writes its own fields with
 * {@link Out} and reads them back with {@link In}. Big-endian; strings as UTF-16 chars, so every
 * Java string (lone surrogates included) comes back as it was; patterns as their canonical text,
 * which parses back to the same tree. Not thread-safe: one per file.
 */
final class PlanFile {
  private PlanFile() {}

  /** Writing side. */
  static final class Out {
    private final DataOutputStream out;

    Out(DataOutputStream out) {
      this.out = out;
    }

    void writeInt(int v) throws IOException {
      out.writeInt(v);
    }

    void writeLong(long v) throws IOException {
      out.writeLong(v);
    }

    void writeBoolean(boolean v) throws IOException {
      out.writeBoolean(v);
    }

    void writeString(String s) throws IOException {
      out.writeInt(s.length());
      out.writeChars(s);
    }

    void writeInts(int[] a, int n) throws IOException {
      out.writeInt(n);
      for (int i = 0; i < n; i++) {
        out.writeInt(a[i]);
      }
    }

    void writeInts(int[] a) throws IOException {
      writeInts(a, a.length);
    }

    void writeLongs(java.nio.LongBuffer a, int n) throws IOException {
      out.writeInt(n);
      for (int i = 0; i < n; i++) {
        out.writeLong(a.get(i));
      }
    }

    void writeInts(java.nio.IntBuffer a, int n) throws IOException {
      out.writeInt(n);
      for (int i = 0; i < n; i++) {
        out.writeInt(a.get(i));
      }
    }

    void writeLongs(long[] a, int n) throws IOException {
      out.writeInt(n);
      for (int i = 0; i < n; i++) {
        out.writeLong(a[i]);
      }
    }

    void writeBytes(byte[] a) throws IOException {
      out.writeInt(a.length);
      out.write(a);
    }

    void writePattern(Pattern p) throws IOException {
      writeString(Patterns.print(p));
    }

    void writePath(ObjectPath path) throws IOException {
      writeString(path.objectType());
      writeInt(path.steps().size());
      for (ObjectPath.Step step : path.steps()) {
        switch (step) {
          case ObjectPath.Step.Key k -> {
            out.writeByte('K');
            writeString(k.name());
          }
          case ObjectPath.Step.Index i -> {
            out.writeByte('I');
            writeInt(i.index());
          }
          case ObjectPath.Step.AnyIndex a -> out.writeByte('*');
        }
      }
    }

    void writeKeys(Map<String, int[]> keys) throws IOException {
      writeInt(keys.size());
      for (Map.Entry<String, int[]> e : keys.entrySet()) {
        writeString(e.getKey());
        writeInts(e.getValue());
      }
    }
  }

  /**
   * Reading side, streamed from the file through one reused direct buffer of {@link #WINDOW} bytes:
   * arrays are copied from it in bulk straight into their final place, so the file is never held
   * whole (on a VM, every fresh megabyte of heap costs page faults), and the CRC-32 of what passes
   * is kept for {@link #checksum()}. The last {@link #TRAILER} bytes are the trailer, never decoded
   * as the plan.
   */
  static final class In {
    static final int WINDOW = 1 << 20;
    static final int TRAILER = 8;

    private final FileChannel channel;
    private final long size;
    private final ByteBuffer window = ByteBuffer.allocateDirect(WINDOW).limit(0);
    private final CRC32 crc = new CRC32();

    /** Bytes of the file not yet decoded, the trailer included. */
    private long left;

    /** Bytes not yet read from the channel. */
    private long unread;

    In(FileChannel channel, long size) {
      this.channel = channel;
      this.size = size;
      this.left = size;
      this.unread = size;
    }

    /** Makes at least {@code n} (at most {@link #WINDOW}) undecoded bytes of the plan available. */
    private void need(int n) {
      if (left - TRAILER < n) {
        throw new IllegalStateException("the plan runs past the end of the file");
      }
      if (window.remaining() < n) {
        fill();
      }
    }

    /** Moves the unread rest to the front and reads as much as fits. */
    private void fill() {
      window.compact();
      int from = window.position();
      try {
        while (window.hasRemaining() && unread > 0) {
          int n = channel.read(window);
          if (n < 0) {
            throw new IllegalStateException("the file ended early");
          }
          unread -= n;
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      window.flip();
      // The checksum covers everything but the trailer: of what was just read, up to its start.
      long checked =
          Math.max(0, Math.min(window.limit() - from, unread + window.limit() - from - TRAILER));
      ByteBuffer fresh = window.duplicate().position(from).limit(from + (int) checked);
      crc.update(fresh);
    }

    int readInt() {
      need(4);
      left -= 4;
      return window.getInt();
    }

    long readLong() {
      need(8);
      left -= 8;
      return window.getLong();
    }

    boolean readBoolean() {
      return readByte() != 0;
    }

    byte readByte() {
      need(1);
      left -= 1;
      return window.get();
    }

    /** A count or length, refused when negative or beyond what is left of the file. */
    int readCount(int bytesEach) {
      int n = readInt();
      if (n < 0 || (long) n * bytesEach > left - TRAILER) {
        throw new IllegalStateException("a count of " + n + " runs past the end of the file");
      }
      return n;
    }

    String readString() {
      int n = readCount(2);
      char[] c = new char[n];
      for (int done = 0; done < n; ) {
        need(2);
        int k = Math.min(n - done, window.remaining() / 2);
        window.asCharBuffer().get(c, done, k);
        advance(2 * k);
        done += k;
      }
      return new String(c);
    }

    int[] readInts() {
      int[] a = new int[readCount(4)];
      for (int done = 0; done < a.length; ) {
        need(4);
        int k = Math.min(a.length - done, window.remaining() / 4);
        window.asIntBuffer().get(a, done, k);
        advance(4 * k);
        done += k;
      }
      return a;
    }

    long[] readLongs() {
      long[] a = new long[readCount(8)];
      for (int done = 0; done < a.length; ) {
        need(8);
        int k = Math.min(a.length - done, window.remaining() / 8);
        window.asLongBuffer().get(a, done, k);
        advance(8 * k);
        done += k;
      }
      return a;
    }

    byte[] readBytes() {
      byte[] a = new byte[readCount(1)];
      for (int done = 0; done < a.length; ) {
        need(1);
        int k = Math.min(a.length - done, window.remaining());
        window.get(a, done, k);
        left -= k;
        done += k;
      }
      return a;
    }

    /**
     * A column of longs written by {@link Out#writeLongs}, as a view of the file mapped in place
     * (read-only; big-endian as written); its bytes still pass through the checksum.
     */
    java.nio.LongBuffer mapLongs() {
      int n = readCount(8);
      return map(8L * n).asLongBuffer();
    }

    /** As {@link #mapLongs()} for ints. */
    java.nio.IntBuffer mapInts() {
      int n = readCount(4);
      return map(4L * n).asIntBuffer();
    }

    private ByteBuffer map(long bytes) {
      long at = size - left;
      for (long skipped = 0; skipped < bytes; ) {
        int k = (int) Math.min(bytes - skipped, WINDOW);
        need(k);
        advance(k);
        skipped += k;
      }
      try {
        return channel.map(FileChannel.MapMode.READ_ONLY, at, bytes).order(ByteOrder.BIG_ENDIAN);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private void advance(int bytes) {
      window.position(window.position() + bytes);
      left -= bytes;
    }

    Pattern readPattern() {
      return Patterns.parse(readString());
    }

    ObjectPath readPath() {
      String type = readString();
      int n = readCount(1);
      List<ObjectPath.Step> steps = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte kind = readByte();
        steps.add(
            switch (kind) {
              case 'K' -> new ObjectPath.Step.Key(readString());
              case 'I' -> new ObjectPath.Step.Index(readInt());
              case '*' -> new ObjectPath.Step.AnyIndex();
              default -> throw new IllegalStateException("unknown path step kind " + kind);
            });
      }
      return new ObjectPath(type, steps);
    }

    Map<String, int[]> readKeys() {
      int n = readCount(8);
      Map<String, int[]> keys = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        keys.put(readString(), readInts());
      }
      return Map.copyOf(keys);
    }

    Optional<String> readOptionalString() {
      return readBoolean() ? Optional.of(readString()) : Optional.empty();
    }

    /** Whether everything but the trailer has been decoded. */
    boolean atEnd() {
      return left == TRAILER;
    }

    /**
     * Reads what is left (after a failed decoding, to tell corruption from a bug) and says whether
     * the trailer holds the CRC-32 of everything before it.
     */
    boolean checksum() {
      try {
        while (left > TRAILER) {
          int k = (int) Math.min(left - TRAILER, WINDOW);
          need(k);
          advance(k);
        }
      } catch (RuntimeException e) {
        return false; // the file ended early
      }
      if (window.remaining() < TRAILER) {
        fill();
      }
      if (window.remaining() < TRAILER) {
        return false;
      }
      left -= TRAILER;
      return window.getLong() == crc.getValue();
    }
  }
}
