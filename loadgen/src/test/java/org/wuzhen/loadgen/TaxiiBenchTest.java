package org.wuzhen.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaxiiBenchTest {
  @Test
  void optionsOutOfRangeAreRefusedByNameBeforeAnythingIsSent() {
    String root = "http://127.0.0.1:1/community/";
    CliRun envelope = CliRun.of("taxii", "--root", root, "--token", "t", "--envelope", "0");
    assertThat(envelope.exitCode()).isEqualTo(1);
    assertThat(envelope.err()).contains("--envelope must be at least 1, got 0");

    CliRun clients = CliRun.of("taxii", "--root", root, "--token", "t", "--clients", "100,0");
    assertThat(clients.exitCode()).isEqualTo(1);
    assertThat(clients.err()).contains("--clients must be at least 1, got 0");

    CliRun interval = CliRun.of("taxii", "--root", root, "--token", "t", "--interval-ms", "-5");
    assertThat(interval.exitCode()).isEqualTo(1);
    assertThat(interval.err()).contains("--interval-ms must be at least 0, got -5");
  }
}
