package org.wuzhen.detect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * Compiled plans kept in a directory between runs, one file per indicator input, named after the
 * digest of that input ({@link IndicatorSource#digest()}), so a million indicators are read as STIX
 * and compiled once, not at every start. A file that cannot be used ({@link PlanFiles}: a
 * truncated, corrupt or foreign one) is reported to {@code warnings} and the plan is compiled (and
 * saved again) as if there were none. After each save the directory is pruned to the plans used
 * most recently ({@link PlanPruning}).
 *
 * <p>A source read from a file ({@link IndicatorSource#file()}) is not even read to find its plan:
 * a small key file per path keeps the digest under the file's {@link SourceIdentity}, recorded only
 * when the file had settled (changed {@link #SETTLE} or more before it was looked at) and looked
 * the same after it was hashed; while the identity is the same, the digest stands
 * (docs/detection.md, "Saved plans", gives the rule and what it rests on). {@link #verifying()}
 * hashes every time. {@link #lookingAhead} begins the lookup of a source on a thread of its own,
 * for a caller that has other work to do before it needs the plan. Thread-safe (no state but the
 * directory and that one lookup, whose result is handed over through a {@link FutureTask}).
 */
public final class PlanCache {
  /**
   * How long before it is looked at a file must have last changed for its identity to be recorded:
   * far above the tick of the kernel's file clock (at most 10 ms) and the 1 s or 2 s granularity of
   * coarse file systems, so that a later change always gives a later change time.
   */
  static final Duration SETTLE = Duration.ofSeconds(3);

  private static final String KEY_HEADER = "wuzhen-plan-source 1";

  private final Path directory;
  private final Consumer<String> warnings;
  private final PlanFiles files;
  private final Duration settle;
  private final boolean verify;

  /** A lookup begun early ({@link #lookingAhead}), of exactly this source object. */
  private record Ahead(IndicatorSource source, FutureTask<Optional<Lookup>> lookup) {}

  private final Optional<Ahead> ahead;

  private PlanCache(
      Path directory,
      Consumer<String> warnings,
      Duration settle,
      boolean verify,
      Optional<Ahead> ahead) {
    this.directory = directory;
    this.warnings = warnings;
    this.files = new PlanFiles(directory, warnings);
    this.settle = settle;
    this.verify = verify;
    this.ahead = ahead;
  }

  /**
   * Plans in {@code directory} (made when the first plan is saved).
   *
   * @param warnings told, in one line each, of a plan file that cannot be read or written
   */
  public static PlanCache in(Path directory, Consumer<String> warnings) {
    return in(directory, warnings, SETTLE);
  }

  /** As {@link #in(Path, Consumer)} with another settling time (tests). */
  static PlanCache in(Path directory, Consumer<String> warnings, Duration settle) {
    return new PlanCache(
        requireNonNull(directory, "directory"),
        requireNonNull(warnings, "warnings"),
        requireNonNull(settle, "settle"),
        false,
        Optional.empty());
  }

  /**
   * The same directory, but a source file's recorded identity is never trusted: its content is
   * hashed at every start ({@code --verify-plan}), and a recorded digest that disagrees is a
   * warning.
   */
  public PlanCache verifying() {
    return new PlanCache(directory, warnings, settle, true, Optional.empty());
  }

  /**
   * The same directory, with the lookup of {@code source} begun now on a thread of its own: the
   * identity check, the key file and the reading of a saved plan (a fifth of a second or more at a
   * million indicators) overlap whatever the caller does before it starts the run, e.g. reading its
   * command line. The run ({@link LiveDetection#start}) given this cache and this same source
   * object takes that result, as if it had looked then; any other source is looked up as before.
   * For a source read from a file only ({@link IndicatorSource#file()}): standard input is left to
   * the thread that reads it.
   */
  public PlanCache lookingAhead(IndicatorSource source) {
    requireNonNull(source, "source");
    if (source.file().isEmpty()) {
      return this;
    }
    FutureTask<Optional<Lookup>> task = new FutureTask<>(() -> lookupNow(source));
    Thread.ofPlatform()
        .daemon()
        .name("wuzhen-plan-lookahead")
        .start(
            () -> {
              task.run();
              // JDK 25 computes 5^(2^16) in BigDecimal's static initialiser (a tenth of a second
              // in a cold JVM); the reading thread would pay it at its first event (SCO ids are
              // canonical JSON). This thread is done with the plan and the run starts: pay it here.
              BigDecimal.ONE.signum();
            });
    return new PlanCache(directory, warnings, settle, verify, Optional.of(new Ahead(source, task)));
  }

  /**
   * Waits until a lookup begun by {@link #lookingAhead} has ended, its result unused: so that no
   * thread of a run that ended early still reads or writes the directory.
   */
  public void awaitLookAhead() {
    ahead.ifPresent(
        a -> {
          try {
            a.lookup().get();
          } catch (ExecutionException e) {
            // unused: the run that would have taken it reports its own errors
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /**
   * The first plan of a fixed source: found without reading the source when its file's identity is
   * recorded, else by its digest. Empty for a source without a digest (it changes: compile it every
   * time).
   */
  Optional<Lookup> lookup(IndicatorSource source) throws UnreadableInputException {
    if (ahead.isPresent() && ahead.get().source() == source) {
      return taken(ahead.get().lookup());
    }
    return lookupNow(source);
  }

  /** The result of a lookup begun early, its exception thrown here as if it ran here. */
  private static Optional<Lookup> taken(FutureTask<Optional<Lookup>> lookup)
      throws UnreadableInputException {
    try {
      return lookup.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreadableInputException("interrupted while the saved plan was read");
    } catch (ExecutionException e) {
      throw UnreadableInputException.rethrow(e);
    }
  }

  private Optional<Lookup> lookupNow(IndicatorSource source) throws UnreadableInputException {
    Optional<Path> file = source.file();
    Optional<SourceIdentity> before = Optional.empty();
    Optional<byte[]> recorded = Optional.empty();
    Instant looked = Instant.now();
    if (file.isPresent()) {
      before = identify(file.get());
      recorded = before.flatMap(this::recorded);
      if (recorded.isPresent() && !verify) {
        Optional<DetectionEngine> plan = load(recorded.get());
        if (plan.isPresent()) {
          return Optional.of(new Lookup(recorded.get(), plan, Optional.empty()));
        }
      }
    }
    Optional<byte[]> digest = source.digest();
    if (digest.isEmpty()) {
      return Optional.empty();
    }
    if (recorded.isPresent() && !Arrays.equals(digest.get(), recorded.get())) {
      warnings.accept(
          "plan cache: "
              + before.orElseThrow().path()
              + " holds other bytes than its recorded identity says; using its content");
    }
    Optional<SourceIdentity> stable = Optional.empty();
    if (before.isPresent() && before.get().settledBefore(looked, settle)) {
      // Unchanged from before the content was read until after it: the digest is of that content.
      Optional<SourceIdentity> after = identify(file.get());
      if (after.equals(before)) {
        stable = before;
      }
    }
    Lookup lookup = new Lookup(digest.get(), load(digest.get()), stable);
    if (lookup.plan().isPresent()) {
      lookup.record();
    }
    return Optional.of(lookup);
  }

  /** A plan looked up: found, or to be saved under {@code digest} once compiled. */
  final class Lookup {
    private final byte[] digest;
    private final Optional<DetectionEngine> plan;
    private final Optional<SourceIdentity> identity;

    private Lookup(
        byte[] digest, Optional<DetectionEngine> plan, Optional<SourceIdentity> identity) {
      this.digest = digest;
      this.plan = plan;
      this.identity = identity;
    }

    Optional<DetectionEngine> plan() {
      return plan;
    }

    /** Saves the plan compiled from the source, and the file's identity with it. */
    void save(DetectionEngine compiled) {
      if (PlanCache.this.save(digest, compiled)) {
        record();
      }
    }

    private void record() {
      identity.ifPresent(i -> PlanCache.this.record(i, digest));
    }
  }

  private Optional<SourceIdentity> identify(Path file) {
    try {
      return SourceIdentity.of(file);
    } catch (IOException e) {
      return Optional.empty(); // the source reports its unreadable file itself
    }
  }

  /** The key file of a source path. */
  Path keyFile(String path) {
    try {
      byte[] name = MessageDigest.getInstance("SHA-256").digest(path.getBytes(UTF_8));
      return directory.resolve("source-" + HexFormat.of().formatHex(name) + ".key");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The digest recorded for exactly this identity, or empty (none, another, or unreadable). */
  private Optional<byte[]> recorded(SourceIdentity identity) {
    Path key = keyFile(identity.path());
    if (!Files.isRegularFile(key)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(key, UTF_8);
      if (lines.isEmpty() || !lines.getFirst().equals(KEY_HEADER)) {
        throw new IllegalStateException("not a source key file");
      }
      Map<String, String> members = new HashMap<>();
      for (String line : lines.subList(1, lines.size())) {
        int eq = line.indexOf('=');
        if (eq < 1 || members.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
          throw new IllegalStateException("a line that is not one name=value: '" + line + "'");
        }
      }
      if (!SourceIdentity.parse(members).equals(identity)) {
        return Optional.empty(); // changed (or another path with the same name digest)
      }
      byte[] digest = HexFormat.of().parseHex(members.getOrDefault("digest", ""));
      if (digest.length != 32) {
        throw new IllegalStateException("a digest of " + digest.length + " bytes");
      }
      return Optional.of(digest);
    } catch (IOException | RuntimeException e) {
      warnings.accept(
          "plan cache " + key + ": not used (" + e.getMessage() + "); hashing the indicators");
      return Optional.empty();
    }
  }

  private void record(SourceIdentity identity, byte[] digest) {
    if (identity.path().indexOf('\n') >= 0 || identity.path().indexOf('\r') >= 0) {
      return; // a key file holds one path per line; such a path is hashed at every start
    }
    Path key = keyFile(identity.path());
    String text =
        KEY_HEADER + "\n" + identity.text() + "digest=" + HexFormat.of().formatHex(digest) + "\n";
    files.writeAtomically(key, out -> out.write(text.getBytes(UTF_8)));
  }

  // The plan files themselves, as the lookup uses them (and the tests of their format).

  /** The file of the plan for an input with this digest. */
  Path file(byte[] digest) {
    return files.file(digest);
  }

  /** The plan saved for this digest, or empty (none saved, or unreadable: then a warning). */
  Optional<DetectionEngine> load(byte[] digest) {
    return files.load(digest);
  }

  /** Saves a plan for this digest and prunes the directory; a failure is a warning and false. */
  boolean save(byte[] digest, DetectionEngine plan) {
    return files.save(digest, plan);
  }
}
