package org.wuzhen.detect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixDocument;
import org.wuzhen.stix.StixObject;

/**
 * A saved plan is found by its file's recorded identity without reading the file, and never for a
 * file whose bytes changed: each way of changing a file a user has (a rewrite of the same size, a
 * rewrite touched back to the old time, a replacement by rename, a change while it is hashed, a
 * change before the file settled) is made on a real file and must give the new file's plan.
 */
class PlanSourceIdentityTest {
  /** Short, so that the tests wait little; far above the file clock's tick (at most 10 ms). */
  private static final Duration SETTLE = Duration.ofMillis(200);

  private static final String A = "aaaa.example.org";
  private static final String B = "bbbb.example.org";

  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private Path bundle() {
    return dir.resolve("indicators.json");
  }

  private PlanCache cache() {
    return PlanCache.in(dir.resolve("plans"), warnings::add, SETTLE);
  }

  /** One indicator on a domain; both domains have the same length, so the file the same size. */
  private static byte[] bundleOf(String domain) {
    return ("[{\"type\":\"indicator\",\"spec_version\":\"2.1\","
            + "\"id\":\"indicator--00000000-0000-4000-8000-000000000001\","
            + "\"created\":\"2024-01-01T00:00:00.000Z\",\"modified\":\"2024-01-01T00:00:00.000Z\","
            + "\"pattern_type\":\"stix\",\"valid_from\":\"2000-01-01T00:00:00Z\","
            + "\"pattern\":\"[domain-name:value = '"
            + domain
            + "']\"}]")
        .getBytes(UTF_8);
  }

  /** Waits (polling, with a deadline) until the file last changed more than SETTLE ago. */
  private static void settle(Path file) throws IOException {
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      FileTime changed = (FileTime) Files.getAttribute(file, "unix:ctime");
      if (changed.toInstant().isBefore(Instant.now().minus(SETTLE.multipliedBy(2)))) {
        return;
      }
      assertThat(Instant.now()).as("the file settles").isBefore(deadline);
      Thread.onSpinWait();
    }
  }

  /** What a run does: the saved plan, or the source compiled and saved. */
  private static DetectionEngine plan(PlanCache cache, FileSource source) throws Exception {
    PlanCache.Lookup lookup = cache.lookup(source).orElseThrow();
    if (lookup.plan().isPresent()) {
      return lookup.plan().get();
    }
    DetectionEngine compiled = DetectionEngine.compile(source.load());
    lookup.save(compiled);
    return compiled;
  }

  private static String matched(DetectionEngine plan) {
    for (String domain : List.of(A, B)) {
      if (!plan.match(Fixtures.event(Fixtures.domain(domain))).isEmpty()) {
        return domain;
      }
    }
    return "none";
  }

  @Test
  void anUnchangedSettledFileIsFoundWithoutReadingIt() throws Exception {
    Files.write(bundle(), bundleOf(A));
    settle(bundle());
    FileSource source = new FileSource(bundle());
    assertThat(matched(plan(cache(), source))).isEqualTo(A);
    assertThat(source.digests).hasValue(1);
    assertThat(source.loads).hasValue(1);

    FileSource again = new FileSource(bundle());
    assertThat(matched(plan(cache(), again))).isEqualTo(A);
    assertThat(again.digests).as("not hashed").hasValue(0);
    assertThat(again.loads).as("not compiled").hasValue(0);
    assertThat(warnings).isEmpty();
  }

  @Test
  void aRewriteOfTheSameSizeGivesTheNewPlan() throws Exception {
    Files.write(bundle(), bundleOf(A));
    settle(bundle());
    assertThat(matched(plan(cache(), new FileSource(bundle())))).isEqualTo(A);
    long size = Files.size(bundle());

    Files.write(bundle(), bundleOf(B));
    assertThat(Files.size(bundle())).isEqualTo(size);
    FileSource source = new FileSource(bundle());
    assertThat(matched(plan(cache(), source))).isEqualTo(B);
    assertThat(source.loads).hasValue(1);
  }

  @Test
  void aRewriteTouchedBackToTheOldTimeGivesTheNewPlan() throws Exception {
    Files.write(bundle(), bundleOf(A));
    settle(bundle());
    FileTime modified = Files.getLastModifiedTime(bundle());
    assertThat(matched(plan(cache(), new FileSource(bundle())))).isEqualTo(A);
    long inode = (Long) Files.getAttribute(bundle(), "unix:ino");

    Files.write(bundle(), bundleOf(B));
    Files.setLastModifiedTime(bundle(), modified);
    assertThat(Files.getLastModifiedTime(bundle())).isEqualTo(modified);
    assertThat(Files.getAttribute(bundle(), "unix:ino")).isEqualTo(inode);
    FileSource source = new FileSource(bundle());
    assertThat(matched(plan(cache(), source))).isEqualTo(B);
    assertThat(source.digests).hasValue(1);
  }

  @Test
  void aFileReplacedByRenameGivesTheNewPlan() throws Exception {
    Files.write(bundle(), bundleOf(A));
    settle(bundle());
    FileTime modified = Files.getLastModifiedTime(bundle());
    assertThat(matched(plan(cache(), new FileSource(bundle())))).isEqualTo(A);

    Path replacement = dir.resolve("replacement.json");
    Files.write(replacement, bundleOf(B));
    Files.setLastModifiedTime(replacement, modified);
    settle(replacement);
    Files.move(
        replacement, bundle(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertThat(Files.getLastModifiedTime(bundle())).isEqualTo(modified);
    FileSource source = new FileSource(bundle());
    assertThat(matched(plan(cache(), source))).isEqualTo(B);
    assertThat(source.digests).hasValue(1);

    FileSource again = new FileSource(bundle());
    settle(bundle());
    assertThat(matched(plan(cache(), again))).isEqualTo(B);
  }

  @Test
  void aFileNotSettledIsHashedAtEveryStart() throws Exception {
    // A settling time no file here reaches: its identity is never recorded.
    PlanCache cache = PlanCache.in(dir.resolve("plans"), warnings::add, Duration.ofDays(1));
    Files.write(bundle(), bundleOf(A));
    FileTime modified = Files.getLastModifiedTime(bundle());
    assertThat(matched(plan(cache, new FileSource(bundle())))).isEqualTo(A);
    FileSource again = new FileSource(bundle());
    assertThat(matched(plan(cache, again))).isEqualTo(A);
    assertThat(again.digests).as("hashed: the plan is found by its digest").hasValue(1);
    assertThat(again.loads).hasValue(0);

    // Rewritten at once, perhaps within the same tick of the file clock, the old time put back.
    Files.write(bundle(), bundleOf(B));
    Files.setLastModifiedTime(bundle(), modified);
    assertThat(matched(plan(cache, new FileSource(bundle())))).isEqualTo(B);
    assertThat(Files.list(dir.resolve("plans")).map(Path::toString))
        .noneMatch(name -> name.endsWith(".key"));
  }

  @Test
  void aFileChangedWhileItIsHashedIsNotRecorded() throws Exception {
    Files.write(bundle(), bundleOf(A));
    settle(bundle());
    FileSource changing = new FileSource(bundle());
    changing.rewriteBeforeReading = bundleOf(B);
    assertThat(matched(plan(cache(), changing))).isEqualTo(B);

    settle(bundle());
    FileSource next = new FileSource(bundle());
    assertThat(matched(plan(cache(), next))).isEqualTo(B);
    assertThat(next.digests).as("its identity was not recorded: hashed again").hasValue(1);
    assertThat(next.loads).hasValue(0);
    FileSource third = new FileSource(bundle());
    assertThat(matched(plan(cache(), third))).isEqualTo(B);
    assertThat(third.digests).as("recorded by the run before").hasValue(0);
  }

  @Test
  void restoringTheOldBytesFindsTheOldPlan() throws Exception {
    Files.write(bundle(), bundleOf(A));
    settle(bundle());
    plan(cache(), new FileSource(bundle()));
    Files.write(bundle(), bundleOf(B));
    settle(bundle());
    plan(cache(), new FileSource(bundle()));
    Files.write(bundle(), bundleOf(A));
    FileSource source = new FileSource(bundle());
    assertThat(matched(plan(cache(), source))).isEqualTo(A);
    assertThat(source.loads).as("found by its digest").hasValue(0);
  }

  @Test
  void verifyingHashesEveryTimeAndADamagedKeyIsAWarning() throws Exception {
    Files.write(bundle(), bundleOf(A));
    settle(bundle());
    plan(cache(), new FileSource(bundle()));
    FileSource verified = new FileSource(bundle());
    assertThat(matched(plan(cache().verifying(), verified))).isEqualTo(A);
    assertThat(verified.digests).hasValue(1);
    assertThat(verified.loads).hasValue(0);

    Path key = cache().keyFile(bundle().toRealPath().toString());
    List<String> lines = Files.readAllLines(key);
    // A record naming other bytes (as if the rule had failed): verifying finds and says it.
    List<String> forged =
        lines.stream().map(l -> l.startsWith("digest=") ? "digest=" + "00".repeat(32) : l).toList();
    Files.write(key, forged);
    FileSource checked = new FileSource(bundle());
    assertThat(matched(plan(cache().verifying(), checked))).isEqualTo(A);
    assertThat(warnings).singleElement().asString().contains("holds other bytes");

    Files.writeString(key, "wuzhen-plan-source 1\nsize=12\nno equals sign\n");
    FileSource damaged = new FileSource(bundle());
    assertThat(matched(plan(cache(), damaged))).isEqualTo(A);
    assertThat(damaged.digests).hasValue(1);
    assertThat(warnings.getLast()).contains(key.toString()).contains("not used");
  }

  /** A bundle file read as the node's {@code --indicators} does, counting its reads. */
  private static final class FileSource implements IndicatorSource {
    private final Path file;
    final AtomicInteger digests = new AtomicInteger();
    final AtomicInteger loads = new AtomicInteger();
    byte[] rewriteBeforeReading;

    FileSource(Path file) {
      this.file = file;
    }

    private byte[] bytes() {
      try {
        if (rewriteBeforeReading != null) {
          Files.write(file, rewriteBeforeReading);
          rewriteBeforeReading = null;
        }
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public Optional<Path> file() {
      return Optional.of(file);
    }

    @Override
    public Optional<byte[]> digest() {
      digests.incrementAndGet();
      try {
        return Optional.of(MessageDigest.getInstance("SHA-256").digest(bytes()));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public List<StixObject> load() {
      loads.incrementAndGet();
      return StixDocument.from(Json.parse(bytes())).objects();
    }
  }
}
