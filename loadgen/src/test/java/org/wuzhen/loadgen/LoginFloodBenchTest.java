package org.wuzhen.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A small login flood, to prove the scenario runs; its figures are not checked. */
class LoginFloodBenchTest {
  @Test
  void reportsTokenLatencyAloneAndUnderFloodWithLimitsOffAndOn() {
    CliRun run = CliRun.of("login-flood", "--flooders", "4", "--requests", "5");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("limits off (before)      alone:")
        .contains("limits off (before)      under flood:")
        .contains("default limits (after)   alone:")
        .contains("default limits (after)   under flood:");
  }

  @Test
  void nonPositiveCountsAreRefused() {
    CliRun run = CliRun.of("login-flood", "--flooders", "0");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--flooders and --requests must be positive");
  }
}
