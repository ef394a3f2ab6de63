package org.wuzhen.detect;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * The plan files of a {@link PlanCache} directory: {@code plan-v<format>-<digest>.bin}, a header
 * (magic, format, the input's digest), the plan ({@link DetectionEngine#writeTo}) and a CRC-32 of
 * all before it. A file is used only when its name, its header's digest and format, and its
 * checksum all agree; anything else is a warning and an empty result. Every file here (and the
 * cache's key files) is written to a temporary name and moved into place, so a reader never sees
 * half a file.
 */
final class PlanFiles {
  /**
   * The layout of the file and of the compiled structures in it; raised whenever either, or what
   * compiling makes of an indicator, changes, so a plan of an older build is never used: its file
   * has another name (not looked for), and a file of another format under this name is refused. 3:
   * the plan's filter over its exact keys ({@link DetectionEngine#exactKeys}) is saved with it.
   */
  static final int FORMAT = 3;

  private static final byte[] MAGIC = "wuzhen-plan\n".getBytes(StandardCharsets.US_ASCII);

  private final Path directory;
  private final Consumer<String> warnings;

  PlanFiles(Path directory, Consumer<String> warnings) {
    this.directory = directory;
    this.warnings = warnings;
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
    try (FileChannel channel = FileChannel.open(file)) {
      DetectionEngine plan = read(channel, channel.size(), digest);
      PlanPruning.touch(file);
      return Optional.of(plan);
    } catch (IOException | RuntimeException e) {
      warnings.accept(
          "plan cache " + file + ": not used (" + e.getMessage() + "); compiling the indicators");
      return Optional.empty();
    }
  }

  /**
   * Saves a plan for this digest, then prunes the directory ({@link PlanPruning}); a failure is a
   * warning (and false), never an error of the run.
   */
  boolean save(byte[] digest, DetectionEngine plan) {
    boolean saved =
        writeAtomically(
            file(digest),
            raw -> {
              CRC32 crc = new CRC32();
              BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
              CheckedOutputStream checked = new CheckedOutputStream(buffered, crc);
              DataOutputStream data = new DataOutputStream(checked);
              data.write(MAGIC);
              data.writeInt(FORMAT);
              data.writeInt(digest.length);
              data.write(digest);
              plan.writeTo(new PlanFile.Out(data));
              data.flush();
              // The checksum of everything before it; written outside the checked stream.
              DataOutputStream trailer = new DataOutputStream(buffered);
              trailer.writeLong(crc.getValue());
              trailer.flush();
            });
    if (saved) {
      PlanPruning.prune(directory, FORMAT, file(digest), Instant.now(), warnings);
    }
    return saved;
  }

  interface Writing {
    void to(OutputStream out) throws IOException;
  }

  /** Writes a temporary file and moves it into place; a failure is a warning and false. */
  boolean writeAtomically(Path file, Writing writing) {
    Path partial = null;
    try {
      Files.createDirectories(directory);
      partial = Files.createTempFile(directory, "plan-", ".partial");
      try (OutputStream raw = Files.newOutputStream(partial)) {
        writing.to(raw);
      }
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException | RuntimeException e) {
      warnings.accept("plan cache " + file + ": not saved (" + e.getMessage() + ")");
      if (partial != null) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // the warning above already says the save failed; a stray partial file is harmless
        }
      }
      return false;
    }
  }

  private static DetectionEngine read(FileChannel channel, long size, byte[] digest) {
    if (size < MAGIC.length + 16) {
      throw new IllegalStateException("only " + size + " bytes");
    }
    PlanFile.In in = new PlanFile.In(channel, size);
    DetectionEngine plan;
    try {
      byte[] magic = new byte[MAGIC.length];
      for (int i = 0; i < magic.length; i++) {
        magic[i] = in.readByte();
      }
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalStateException("not a plan file");
      }
      int format = in.readInt();
      if (format != FORMAT) {
        throw new IllegalStateException("format " + format + ", expected " + FORMAT);
      }
      int length = in.readInt();
      if (length < 0 || length > 64) {
        throw new IllegalStateException("a digest of " + length + " bytes");
      }
      byte[] saved = new byte[length];
      for (int i = 0; i < length; i++) {
        saved[i] = in.readByte();
      }
      if (!Arrays.equals(saved, digest)) {
        throw new IllegalStateException("made for another input");
      }
      plan = DetectionEngine.readFrom(in);
      if (!in.atEnd()) {
        throw new IllegalStateException("bytes left after the plan");
      }
    } catch (RuntimeException e) {
      // The file is checked as it streams by: a damaged one usually fails to decode first, and
      // is then named for what it is when the checksum disagrees.
      if (!in.checksum()) {
        throw new IllegalStateException("checksum does not match: truncated or corrupt", e);
      }
      throw e;
    }
    if (!in.checksum()) {
      throw new IllegalStateException("checksum does not match: truncated or corrupt");
    }
    return plan;
  }
}
