package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Compiled plans kept in a directory between runs, one file per indicator input, named after the
 * digest of that input ({@link IndicatorSource#digest()}), so a million indicators are read as STIX
 * and compiled once, not at every start. A file is used only when its name, its header's digest and
 * format, and its CRC-32 all agree; anything else (a truncated, corrupt or foreign file) is
 * reported to {@code warnings} and the plan is compiled (and saved again) as if there were none.
 * Files are written to a temporary name and moved into place, so a reader never sees half a file.
 * Thread-safe (no state but the directory).
 */
public final class PlanCache {
  /**
   * The layout of the file and of the compiled structures in it; raised whenever either, or what
   * compiling makes of an indicator, changes, so a plan of an older build is never used.
   */
  static final int FORMAT = 2;

  private static final byte[] MAGIC = "wuzhen-plan\n".getBytes(StandardCharsets.US_ASCII);

  private final Path directory;
  private final Consumer<String> warnings;

  private PlanCache(Path directory, Consumer<String> warnings) {
    this.directory = directory;
    this.warnings = warnings;
  }

  /**
   * Plans in {@code directory} (made when the first plan is saved).
   *
   * @param warnings told, in one line each, of a plan file that cannot be read or written
   */
  public static PlanCache in(Path directory, Consumer<String> warnings) {
    return new PlanCache(requireNonNull(directory, "directory"), requireNonNull(warnings));
  }

  /** The file of the plan for an input with this digest. */
  Path file(byte[] digest) {
    return directory.resolve("plan-v" + FORMAT + "-" + HexFormat.of().formatHex(digest) + ".bin");
  }

  /** The plan saved for this digest, or empty (none saved, or unreadable: then a warning). */
  Optional<DetectionEngine> load(byte[] digest) {
    Path file = file(digest);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      return Optional.of(read(bytes, digest));
    } catch (IOException | RuntimeException e) {
      warnings.accept(
          "plan cache " + file + ": not used (" + e.getMessage() + "); compiling the indicators");
      return Optional.empty();
    }
  }

  /** Saves a plan for this digest; a failure is a warning, never an error of the run. */
  void save(byte[] digest, DetectionEngine plan) {
    Path file = file(digest);
    Path partial = null;
    try {
      Files.createDirectories(directory);
      partial = Files.createTempFile(directory, "plan-", ".partial");
      CRC32 crc = new CRC32();
      try (OutputStream raw = Files.newOutputStream(partial);
          BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
          CheckedOutputStream checked = new CheckedOutputStream(buffered, crc);
          DataOutputStream data = new DataOutputStream(checked)) {
        data.write(MAGIC);
        data.writeInt(FORMAT);
        data.writeInt(digest.length);
        data.write(digest);
        plan.writeTo(new PlanFile.Out(data));
        data.flush();
        // The checksum of everything before it; written outside the checked stream.
        new DataOutputStream(buffered).writeLong(crc.getValue());
      }
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      warnings.accept("plan cache " + file + ": not saved (" + e.getMessage() + ")");
      if (partial != null) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // the warning above already says the save failed; a stray partial file is harmless
        }
      }
    }
  }

  private static DetectionEngine read(byte[] bytes, byte[] digest) {
    if (bytes.length < MAGIC.length + 16) {
      throw new IllegalStateException("only " + bytes.length + " bytes");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    if (crc.getValue() != buffer.getLong(bytes.length - 8)) {
      throw new IllegalStateException("checksum does not match: truncated or corrupt");
    }
    buffer.limit(bytes.length - 8);
    byte[] magic = new byte[MAGIC.length];
    buffer.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IllegalStateException("not a plan file");
    }
    int format = buffer.getInt();
    if (format != FORMAT) {
      throw new IllegalStateException("format " + format + ", expected " + FORMAT);
    }
    int length = buffer.getInt();
    if (length < 0 || length > 64) {
      throw new IllegalStateException("a digest of " + length + " bytes");
    }
    byte[] saved = new byte[length];
    buffer.get(saved);
    if (!Arrays.equals(saved, digest)) {
      throw new IllegalStateException("made for another input");
    }
    PlanFile.In in = new PlanFile.In(buffer);
    DetectionEngine plan = DetectionEngine.readFrom(in);
    if (!in.atEnd()) {
      throw new IllegalStateException("bytes left after the plan");
    }
    return plan;
  }
}
