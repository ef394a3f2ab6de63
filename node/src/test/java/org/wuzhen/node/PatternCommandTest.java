package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatternCommandTest {
  @TempDir Path dir;

  static final String OBSERVATIONS =
      """
      {"type":"bundle","id":"bundle--6f2a8e2c-1c1e-4f6a-9a3b-1d2c3e4f5a6b","objects":[
       {"type":"observed-data","spec_version":"2.1","id":"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
        "created":"2016-04-06T19:58:16.000Z","modified":"2016-04-06T19:58:16.000Z",
        "first_observed":"2015-12-21T19:00:00Z","last_observed":"2015-12-21T19:00:00Z","number_observed":1,
        "object_refs":["ipv4-addr--dc63603e-e634-5357-b239-d4b562bc5445"]},
       {"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--dc63603e-e634-5357-b239-d4b562bc5445","value":"177.60.40.7"}
      ]}
      """;

  @Test
  void checkPrintsTheCanonicalForm() {
    CliRun run = CliRun.of("pattern", "check", "[ipv4-addr:value=  '1.2.3.4' ]");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).isEqualTo("[ipv4-addr:value = '1.2.3.4']");
  }

  @Test
  void checkReportsThePositionedError() {
    CliRun run = CliRun.of("pattern", "check", "[ipv4-addr:value = '1.2.3.4' AN x:y = 1]");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("col 30: expected");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void matchPrintsTheBindingAndExitsZero() throws IOException {
    Path file = dir.resolve("obs.json");
    Files.writeString(file, OBSERVATIONS);
    CliRun run =
        CliRun.of(
            "pattern", "match", "[ipv4-addr:value ISSUBSET '177.60.0.0/16']", file.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).isEqualTo("observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf");
  }

  @Test
  void noMatchExitsOne() throws IOException {
    Path file = dir.resolve("obs.json");
    Files.writeString(file, OBSERVATIONS);
    CliRun run = CliRun.of("pattern", "match", "[ipv4-addr:value = '10.0.0.1']", file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void invalidPatternOrInputExitsTwo() throws IOException {
    Path file = dir.resolve("obs.json");
    Files.writeString(file, OBSERVATIONS);
    assertThat(CliRun.of("pattern", "match", "[ipv4-addr:value =]", file.toString()).exitCode())
        .isEqualTo(2);
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"type\":");
    CliRun run = CliRun.of("pattern", "match", "[ipv4-addr:value = '1.2.3.4']", broken.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("broken.json: line 1");
  }
}
