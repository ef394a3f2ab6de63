package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wuzhen.detect.Fixtures.indicator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.StixObject;

/**
 * A plan directory keeps the {@value PlanPruning#KEEP} plans used most recently, loses plans of
 * older formats, key files of plans gone and stale partial files, and nothing else.
 */
class PlanPruningTest {
  @TempDir Path dir;

  private final List<String> warnings = new ArrayList<>();

  private static final DetectionEngine PLAN =
      DetectionEngine.compile(List.of(indicator(1, "[ipv4-addr:value = '10.0.0.1']")));

  private static byte[] digest(int n) {
    byte[] d = new byte[32];
    d[0] = (byte) n;
    d[31] = (byte) (n * 7 + 1);
    return d;
  }

  private static String hex(int n) {
    return HexFormat.of().formatHex(digest(n));
  }

  private void usedAt(Path file, Instant when) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(when));
  }

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private Path key(String name, String digestHex) throws IOException {
    Path key = dir.resolve(name);
    Files.writeString(
        key, "wuzhen-plan-source 1\npath=/x\ndigest=" + digestHex + "\n", StandardCharsets.UTF_8);
    return key;
  }

  @Test
  void aNewPlanBeyondTheLimitDeletesTheOneUsedLeastRecentlyNotTheOneSavedFirst()
      throws IOException {
    PlanCache cache = PlanCache.in(dir, warnings::add);
    Instant longAgo = Instant.now().minus(Duration.ofDays(30));
    for (int n = 0; n < PlanPruning.KEEP; n++) {
      assertThat(cache.save(digest(n), PLAN)).isTrue();
      usedAt(cache.file(digest(n)), longAgo.plus(Duration.ofMinutes(n)));
    }
    // Plan 0, saved first and oldest, is read again: it becomes the most recently used.
    assertThat(cache.load(digest(0))).isPresent();

    assertThat(cache.save(digest(PlanPruning.KEEP), PLAN)).isTrue();

    assertThat(Files.exists(cache.file(digest(1)))).as("least recently used").isFalse();
    assertThat(cache.load(digest(1))).isEmpty();
    assertThat(cache.load(digest(0))).as("read since").isPresent();
    assertThat(cache.load(digest(PlanPruning.KEEP))).as("just saved").isPresent();
    for (int n = 2; n < PlanPruning.KEEP; n++) {
      assertThat(Files.exists(cache.file(digest(n)))).as("plan %d", n).isTrue();
    }
    assertThat(names()).hasSize(PlanPruning.KEEP);
    assertThat(warnings).isEmpty();
  }

  @Test
  void plansUpToTheLimitAreAllKept() throws IOException {
    PlanCache cache = PlanCache.in(dir, warnings::add);
    for (int n = 0; n < PlanPruning.KEEP; n++) {
      cache.save(digest(n), PLAN);
    }
    for (int n = 0; n < PlanPruning.KEEP; n++) {
      assertThat(cache.load(digest(n))).as("plan %d", n).isPresent();
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void olderFormatsAndStalePartialsGoWhileNewerFormatsFreshPartialsAndOtherFilesStay()
      throws IOException {
    Path older = Files.writeString(dir.resolve("plan-v1-" + hex(50) + ".bin"), "old");
    Path previous =
        Files.writeString(
            dir.resolve("plan-v" + (PlanFiles.FORMAT - 1) + "-" + hex(51) + ".bin"), "");
    Path newer =
        Files.writeString(
            dir.resolve("plan-v" + (PlanFiles.FORMAT + 1) + "-" + hex(52) + ".bin"), "");
    Path stale = Files.writeString(dir.resolve("plan-123456789.partial"), "half");
    usedAt(stale, Instant.now().minus(PlanPruning.STALE_PARTIAL).minusSeconds(60));
    Path fresh = Files.writeString(dir.resolve("plan-987654321.partial"), "being written");
    Path notes = Files.writeString(dir.resolve("README.txt"), "the operator's own file");
    Path lookalike = Files.writeString(dir.resolve("plan-v1-short.bin"), "not a plan's name");

    PlanCache cache = PlanCache.in(dir, warnings::add);
    cache.save(digest(1), PLAN);

    assertThat(older).doesNotExist();
    assertThat(previous).doesNotExist();
    assertThat(stale).doesNotExist();
    assertThat(newer).exists();
    assertThat(fresh).exists();
    assertThat(notes).exists();
    assertThat(lookalike).exists();
    assertThat(cache.load(digest(1))).isPresent();
    assertThat(warnings).isEmpty();
  }

  @Test
  void aKeyFileGoesWithItsPlanAndOnlyThen() throws IOException {
    PlanCache cache = PlanCache.in(dir, warnings::add);
    Instant longAgo = Instant.now().minus(Duration.ofDays(30));
    for (int n = 0; n < PlanPruning.KEEP; n++) {
      cache.save(digest(n), PLAN);
      usedAt(cache.file(digest(n)), longAgo.plus(Duration.ofMinutes(n)));
    }
    Path ofPruned = key("source-" + "a".repeat(64) + ".key", hex(0));
    Path ofKept = key("source-" + "b".repeat(64) + ".key", hex(3));
    Path ofNothing = key("source-" + "c".repeat(64) + ".key", hex(99));
    Path unreadable = dir.resolve("source-" + "d".repeat(64) + ".key");
    Files.writeString(unreadable, "garbage without a digest\n");

    cache.save(digest(PlanPruning.KEEP), PLAN);

    assertThat(Files.exists(cache.file(digest(0)))).isFalse();
    assertThat(ofPruned).doesNotExist();
    assertThat(ofNothing).as("its plan is gone too").doesNotExist();
    assertThat(ofKept).exists();
    assertThat(unreadable).as("left for the run that reads it to report").exists();
  }

  @Test
  void aSourceWhosePlanAndKeyWerePrunedIsCompiledAndSavedAgainWithoutWarning() throws Exception {
    Path indicators = dir.resolve("indicators.txt");
    Files.writeString(indicators, "one indicator");
    Files.setLastModifiedTime(indicators, FileTime.from(Instant.now().minusSeconds(600)));
    Path plans = dir.resolve("plans");
    PlanCache cache = PlanCache.in(plans, warnings::add, Duration.ZERO);
    FileSource source = new FileSource(indicators);
    PlanCache.Lookup first = cache.lookup(source).orElseThrow();
    assertThat(first.plan()).isEmpty();
    first.save(PLAN);
    assertThat(names(plans)).anyMatch(n -> n.endsWith(".key")).anyMatch(n -> n.endsWith(".bin"));
    assertThat(cache.lookup(source).orElseThrow().plan()).as("found by its key").isPresent();

    // Other indicator sets, used later, push it out.
    Instant later = Instant.now().plusSeconds(60);
    for (int n = 0; n < PlanPruning.KEEP; n++) {
      cache.save(digest(n), PLAN);
      usedAt(cache.file(digest(n)), later.plusSeconds(n));
    }
    assertThat(names(plans)).noneMatch(n -> n.endsWith(".key"));

    PlanCache.Lookup again = cache.lookup(source).orElseThrow();
    assertThat(again.plan()).isEmpty();
    again.save(PLAN);
    assertThat(names(plans)).anyMatch(n -> n.endsWith(".key"));
    assertThat(cache.lookup(source).orElseThrow().plan())
        .as("kept although the others' times are later")
        .isPresent();
    assertThat(warnings).isEmpty();
  }

  /** An indicator file whose plan is {@link #PLAN}: its digest is its bytes' SHA-256. */
  private record FileSource(Path path) implements IndicatorSource {
    @Override
    public List<StixObject> load() {
      return List.of();
    }

    @Override
    public Optional<byte[]> digest() throws UnreadableInputException {
      try {
        return Optional.of(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
      } catch (IOException | NoSuchAlgorithmException e) {
        throw new UnreadableInputException(e.getMessage());
      }
    }

    @Override
    public Optional<Path> file() {
      return Optional.of(path);
    }
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
