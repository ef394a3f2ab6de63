package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EarlyPlan}: which command lines begin a plan lookup before picocli has parsed them, and
 * that a command line parsed otherwise than peeked does not take it.
 */
class EarlyPlanTest {
  @TempDir Path dir;

  private Optional<EarlyPlan> peek(String... args) {
    Optional<EarlyPlan> early = EarlyPlan.peek(args);
    early.ifPresent(EarlyPlan::await);
    return early;
  }

  @Test
  void peeksAtBothSpellingsOfTheOptions() {
    String cache = dir.resolve("plans").toString();
    EarlyPlan spaced =
        peek("detect", "--indicators", "ind.json", "--format", "zeek", "--plan-cache", cache, "x")
            .orElseThrow();
    assertThat(spaced.matches("ind.json", Optional.of(Path.of(cache)), false)).isTrue();
    EarlyPlan joined =
        peek("detect", "--plan-cache=" + cache, "--verify-plan", "--indicators=ind.json", "x")
            .orElseThrow();
    assertThat(joined.matches("ind.json", Optional.of(Path.of(cache)), true)).isTrue();
    assertThat(spaced.preparesZeek()).isTrue();
    assertThat(joined.preparesZeek()).as("no --format: nothing to prepare").isFalse();
    assertThat(peek("detect", "--indicators", "i", "--plan-cache", cache, "--format=eve"))
        .hasValueSatisfying(e -> assertThat(e.preparesZeek()).isFalse());
  }

  @Test
  void aCommandLineParsedOtherwiseDoesNotTakeTheLookup() {
    Path cache = dir.resolve("plans");
    EarlyPlan early =
        peek("detect", "--indicators", "ind.json", "--plan-cache", cache.toString(), "x")
            .orElseThrow();
    assertThat(early.matches("other.json", Optional.of(cache), false)).isFalse();
    assertThat(early.matches("ind.json", Optional.of(dir), false)).isFalse();
    assertThat(early.matches("ind.json", Optional.empty(), false)).isFalse();
    assertThat(early.matches("ind.json", Optional.of(cache), true)).isFalse();
  }

  @Test
  void beginsNothingWhenInDoubt() {
    String cache = dir.toString();
    assertThat(peek("validate", "--indicators", "i", "--plan-cache", cache)).isEmpty();
    assertThat(peek("detect", "--indicators", "i")).isEmpty();
    assertThat(peek("detect", "--plan-cache", cache, "--indicators", "-")).isEmpty();
    assertThat(peek("detect", "--plan-cache", cache, "--indicators", "https://n/c/")).isEmpty();
    assertThat(peek("detect", "--plan-cache", cache, "--indicators", "i", "@more")).isEmpty();
    assertThat(peek("detect", "--plan-cache", cache, "--indicators", "i", "--help")).isEmpty();
    assertThat(peek("detect", "--plan-cache", cache, "--indicators", "i", "--indicators", "j"))
        .isEmpty();
    assertThat(peek("detect", "--plan-cache", cache, "--indicators")).isEmpty();
    assertThat(peek("detect", "--plan-cache", cache, "--", "--indicators", "i")).isEmpty();
    assertThat(peek("detect", "--plan-cache", cache, "--indicators", "i", "--verify-plan=true"))
        .isEmpty();
  }

  /** {@code detect} with these indicators and plan cache, on the project's dns log. */
  private static CliRun detect(Path indicators, Path cache, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "detect",
                "--indicators",
                indicators.toString(),
                "--format",
                "zeek-json",
                "--plan-cache",
                cache.toString()));
    args.addAll(List.of(more));
    args.add(DetectCommandTest.ZEEK.resolve("dns.json.gz").toString());
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void aRunEndingInAUsageErrorPrintsNoPlanWarningAndLeavesNoThreadBehind() throws Exception {
    Path cache = Files.createDirectories(dir.resolve("plans"));
    Path indicators = Feeds.indicators(dir, "198.51.100.250");
    String out = dir.resolve("o.json").toString();
    CliRun first = detect(indicators, cache, "--out", out);
    assertThat(first.exitCode()).as(first.err()).isZero();
    // A damaged plan: the lookup ahead warns, and a run that ends in a usage error never says so.
    try (var files = Files.list(cache)) {
      for (Path plan : files.filter(p -> p.toString().endsWith(".bin")).toList()) {
        Files.write(plan, new byte[] {1, 2, 3});
      }
    }
    CliRun bad = detect(indicators, cache, "--bucket", "nonsense");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).doesNotContain("plan cache");
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("wuzhen-plan-lookahead"))
        .noneMatch(t -> t.getName().equals("wuzhen-detect-prepare"));

    CliRun damaged = detect(indicators, cache, "--out", out);
    assertThat(damaged.exitCode()).as(damaged.err()).isZero();
    assertThat(damaged.err()).contains("plan cache").contains("not used (only 3 bytes)");
  }
}
