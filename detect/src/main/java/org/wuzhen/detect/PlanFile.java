package org.wuzhen.detect;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** Reading side, over the whole file in memory. */
  static final class In {
    private final ByteBuffer in;

    In(ByteBuffer in) {
      this.in = in;
    }

    int readInt() {
      return in.getInt();
    }

    long readLong() {
      return in.getLong();
    }

    boolean readBoolean() {
      return in.get() != 0;
    }

    /** A count or length, refused when negative or beyond what is left of the file. */
    int readCount(int bytesEach) {
      int n = in.getInt();
      if (n < 0 || (long) n * bytesEach > in.remaining()) {
        throw new IllegalStateException("a count of " + n + " runs past the end of the file");
      }
      return n;
    }

    String readString() {
      int n = readCount(2);
      char[] c = new char[n];
      in.asCharBuffer().get(c);
      in.position(in.position() + 2 * n);
      return new String(c);
    }

    int[] readInts() {
      int[] a = new int[readCount(4)];
      in.asIntBuffer().get(a);
      in.position(in.position() + 4 * a.length);
      return a;
    }

    long[] readLongs() {
      long[] a = new long[readCount(8)];
      in.asLongBuffer().get(a);
      in.position(in.position() + 8 * a.length);
      return a;
    }

    byte[] readBytes() {
      byte[] a = new byte[readCount(1)];
      in.get(a);
      return a;
    }

    Pattern readPattern() {
      return Patterns.parse(readString());
    }

    ObjectPath readPath() {
      String type = readString();
      int n = readCount(1);
      List<ObjectPath.Step> steps = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte kind = in.get();
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

    boolean atEnd() {
      return !in.hasRemaining();
    }
  }
}
