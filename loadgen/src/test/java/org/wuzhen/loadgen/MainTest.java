package org.wuzhen.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void helpListsTheLoadGeneratorsAndExitCodes() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("taxii", "federation", "login-flood", "Exit codes:");
  }

  @Test
  void eachLoadGeneratorHasItsOptionsInItsHelp() {
    assertThat(CliRun.of("taxii", "--help").out())
        .contains("--root", "--clients", "--interval-ms", "--warmup-posts");
    assertThat(CliRun.of("federation", "--help").out())
        .contains("--objects", "--samples", "--interval-ms");
    assertThat(CliRun.of("login-flood", "--help").out()).contains("--flooders", "--requests");
  }

  @Test
  void unknownSubcommandIsAUsageError() {
    CliRun run = CliRun.of("bench");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument");
  }
}
