package org.wuzhen.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.taxii.testing.TestNode;
import org.wuzhen.web.Console;
import org.wuzhen.web.ConsoleSettings;

class ConsoleBenchTest {
  /** A node with the console and a user alice of member acme. */
  private static TestNode consoleNode(Path dir) {
    TestNode node =
        TestNode.sqlite(dir)
            .with(
                s ->
                    new Console(
                        ConsoleSettings.DEFAULTS,
                        Optional.empty(),
                        Optional.empty(),
                        Clock.systemUTC()))
            .start();
    node.member("acme");
    node.user("alice", "acme");
    return node;
  }

  @Test
  void logsInAndTimesEachPage(@TempDir Path dir) {
    try (TestNode node = consoleNode(dir)) {
      CliRun run =
          CliRun.of(
              "console",
              "--url",
              node.uri().toString(),
              "--user",
              "alice",
              "--password",
              TestNode.PASSWORD,
              "--page",
              "ui/,ui/search/text/?words=anything",
              "--requests",
              "5",
              "--warmup",
              "1");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out().lines())
          .hasSize(2)
          .allMatch(l -> l.matches("console \\S+ requests=5 p50=[0-9.]+ms p95=[0-9.]+ms p99=.*"));
    }
  }

  @Test
  void aWrongPasswordStopsTheRunNamingTheUser(@TempDir Path dir) {
    try (TestNode node = consoleNode(dir)) {
      CliRun run =
          CliRun.of(
              "console", "--url", node.uri().toString(), "--user", "alice", "--password", "no");
      assertThat(run.exitCode()).isNotZero();
      assertThat(run.err()).contains("login as alice failed");
    }
  }

  @Test
  void percentilesAreNearestRank() {
    long[] sorted = {1_000_000, 2_000_000, 3_000_000, 4_000_000};
    assertThat(ConsoleBench.ms(sorted, 0.5)).isEqualTo(2.0);
    assertThat(ConsoleBench.ms(sorted, 0.95)).isEqualTo(4.0);
  }
}
