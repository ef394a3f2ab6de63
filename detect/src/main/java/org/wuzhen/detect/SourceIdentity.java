package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What an indicator file looked like, found without reading it whole: its canonical path, size,
 * modification and change times (nanoseconds), device and inode, and a SHA-256 of a few sampled
 * blocks. {@link PlanCache} keeps the content digest of a file under its identity, and trusts it
 * while the identity is the same (the rule is in docs/detection.md, "Saved plans"): every write,
 * {@code touch}, rename over it or replacement changes the change time (ctime), which no user call
 * can set back, and a new file has a new inode or a later change time. An immutable value.
 */
record SourceIdentity(
    String path, long size, long modified, long changed, long device, long inode, String sample) {
  /** Blocks hashed into {@link #sample}: the first, the last and evenly spread ones between. */
  static final int SAMPLES = 16;

  static final int SAMPLE_BYTES = 4096;

  SourceIdentity {
    requireNonNull(path, "path");
    requireNonNull(sample, "sample");
  }

  /**
   * The identity of {@code file} now, or empty when its file system keeps no change time or inode
   * (no {@code unix} attribute view: such a file is always hashed whole).
   */
  static Optional<SourceIdentity> of(Path file) throws IOException {
    Path real = file.toRealPath();
    Map<String, Object> a;
    try {
      a = Files.readAttributes(real, "unix:size,lastModifiedTime,ctime,dev,ino");
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!(a.get("ctime") instanceof FileTime changed)
        || !(a.get("lastModifiedTime") instanceof FileTime modified)
        || !(a.get("dev") instanceof Long device)
        || !(a.get("ino") instanceof Long inode)
        || !(a.get("size") instanceof Long size)) {
      return Optional.empty();
    }
    return Optional.of(
        new SourceIdentity(
            real.toString(),
            size,
            modified.to(TimeUnit.NANOSECONDS),
            changed.to(TimeUnit.NANOSECONDS),
            device,
            inode,
            sample(real, size)));
  }

  /**
   * Whether the file last changed at least {@code settle} before {@code before}, a time taken
   * before this identity was read. Only then does any later change give a later change time: a
   * change within the same tick of the file system's clock (or within its granularity) could leave
   * every field as it is.
   */
  boolean settledBefore(Instant before, Duration settle) {
    Instant limit = before.minus(settle);
    long limitNanos = limit.getEpochSecond() * 1_000_000_000L + limit.getNano();
    return changed < limitNanos;
  }

  private static String sample(Path file, long size) throws IOException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    ByteBuffer block = ByteBuffer.allocate(SAMPLE_BYTES);
    try (FileChannel channel = FileChannel.open(file)) {
      long last = Math.max(0, size - SAMPLE_BYTES);
      for (int i = 0; i < SAMPLES; i++) {
        long at = last * i / (SAMPLES - 1);
        block.clear();
        while (block.hasRemaining() && channel.read(block, at + block.position()) > 0) {
          // a short read of a regular file only happens at its end
        }
        block.flip();
        sha.update(block);
        if (last == 0) {
          break; // a small file is one block
        }
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The lines of a key file, {@code name=value}, in this order. */
  String text() {
    return "path="
        + path
        + "\nsize="
        + size
        + "\nmodified="
        + modified
        + "\nchanged="
        + changed
        + "\ndevice="
        + device
        + "\ninode="
        + inode
        + "\nsample="
        + sample
        + "\n";
  }

  /** Reads {@link #text()} back from the members of a key file; a missing member throws. */
  static SourceIdentity parse(Map<String, String> members) {
    return new SourceIdentity(
        member(members, "path"),
        Long.parseLong(member(members, "size")),
        Long.parseLong(member(members, "modified")),
        Long.parseLong(member(members, "changed")),
        Long.parseLong(member(members, "device")),
        Long.parseLong(member(members, "inode")),
        member(members, "sample"));
  }

  private static String member(Map<String, String> members, String name) {
    String value = members.get(name);
    if (value == null) {
      throw new IllegalStateException("no " + name);
    }
    return value;
  }
}
