package org.wuzhen.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void helpListsTheTwoLoadGeneratorsAndExitCodes() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("taxii", "federation", "Exit codes:");
  }

  @Test
  void eachLoadGeneratorHasItsOptionsInItsHelp() {
    assertThat(CliRun.of("taxii", "--help").out())
        .contains("--root", "--clients", "--interval-ms", "--warmup-posts");
    assertThat(CliRun.of("federation", "--help").out())
        .contains("--objects", "--samples", "--interval-ms");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    CliRun run = CliRun.of("bench");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument");
  }
}
