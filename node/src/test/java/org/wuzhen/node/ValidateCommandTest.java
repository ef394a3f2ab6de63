package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;

class ValidateCommandTest {
  /** The sample the README's quick start validates. */
  static final Path APT1 = Path.of("../samples/oasis/apt1.json");

  @TempDir Path dir;

  @Test
  void validSampleExitsZeroWithSummary() {
    CliRun run = CliRun.of("validate", APT1.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("1 file, 76 objects: 0 errors");
  }

  @Test
  void invalidFileExitsOneAndNamesFileAndPath() throws IOException {
    Path bad =
        write(
            "bad.json",
            "{\"type\":\"bundle\",\"id\":\"bundle--6f2a8e2c-1c1e-4f6a-9a3b-1d2c3e4f5a6b\",\"objects\":[{\"type\":\"campaign\",\"spec_version\":\"2.1\",\"id\":\"campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2019-01-01T00:00:00.000Z\",\"name\":\"x\"}]}");
    CliRun run = CliRun.of("validate", bad.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains(bad + ": objects[0].modified: ").contains("1 error");
  }

  /** A shared MISP event as misp-stix converts it (taxii's test fixtures). */
  static final Path MISP_STIX =
      Path.of("../taxii/src/test/resources/misp-stix/misp-turla-crutch-event.stix21.json");

  @Test
  void mispStixOutputIsValidWithWarningsAndRefusedWhenStrict() {
    CliRun lenient = CliRun.of("validate", MISP_STIX.toString());
    assertThat(lenient.exitCode()).isZero();
    assertThat(lenient.out())
        .contains("warning: 'x_misp_cfr-suspected-state-sponsor' breaks the property naming rule");
    CliRun strict = CliRun.of("validate", "--strict", MISP_STIX.toString());
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.out()).contains("'x_misp_cfr-suspected-state-sponsor' breaks");
  }

  @Test
  void malformedJsonIsAnErrorWithLineAndColumn() throws IOException {
    Path bad = write("broken.json", "{\n  \"type\": \"bundle\",\n  \"id\" 5\n}");
    CliRun run = CliRun.of("validate", bad.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains(bad + ": $: line 3, col ");
  }

  @Test
  void missingFileExitsTwoAndOtherFilesAreStillValidated() {
    CliRun run = CliRun.of("validate", "does-not-exist.json", APT1.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("does-not-exist.json: no such file");
    assertThat(run.out()).contains("2 files, 76 objects");
  }

  @Test
  void directoryIsUnreadableInput() {
    CliRun run = CliRun.of("validate", dir.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("is a directory");
  }

  @Test
  void jsonOutputIsMachineReadable() throws IOException {
    Path bad =
        write(
            "confidence.json",
            "{\"type\":\"campaign\",\"spec_version\":\"2.1\",\"id\":\"campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\",\"name\":\"x\",\"confidence\":101}");
    CliRun run = CliRun.of("validate", "--json", bad.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    JsonObject report = (JsonObject) Json.parse(run.out());
    assertThat(report.get("errors").orElseThrow().toString()).isEqualTo("JsonNumber[text=1]");
    JsonObject file = (JsonObject) report.array("files").orElseThrow().get(0);
    assertThat(file.string("status")).contains("invalid");
    JsonObject finding = (JsonObject) file.array("findings").orElseThrow().get(0);
    assertThat(finding.string("path")).contains("confidence");
    assertThat(finding.string("severity")).contains("error");
  }

  @Test
  void strictTurnsWarningsIntoErrors() throws IOException {
    // A custom property without the x_ prefix breaks a SHOULD rule only.
    Path file =
        write(
            "custom.json",
            "{\"type\":\"campaign\",\"spec_version\":\"2.1\",\"id\":\"campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\",\"name\":\"x\",\"acme_score\":3}");
    assertThat(CliRun.of("validate", file.toString()).exitCode()).isZero();
    CliRun strict = CliRun.of("validate", "--strict", file.toString());
    assertThat(strict.exitCode()).isEqualTo(1);
    assertThat(strict.out()).contains("acme_score");
  }

  @Test
  void invalidStixPatternIsReportedThroughTheRealParser() throws IOException {
    Path file =
        write(
            "pattern.json",
            "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"2020-01-01T00:00:00.000Z\",\"pattern\":\"[ipv4-addr:value = '1.2.3.4'\",\"pattern_type\":\"stix\",\"valid_from\":\"2020-01-01T00:00:00Z\"}");
    CliRun run = CliRun.of("validate", file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains(file + ": pattern: invalid STIX pattern: col 29: expected ']'");
  }

  @Test
  void hostileNestingDoesNotCrash() throws IOException {
    Path file = write("deep.json", "[".repeat(100_000));
    CliRun run = CliRun.of("validate", file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("nesting deeper than 100 levels");
  }

  @Test
  void invalidUtf8IsAnErrorNotACrash() throws IOException {
    Path file = dir.resolve("latin1.json");
    byte[] bytes =
        "{\"type\":\"campaign\",\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, bytes);
    CliRun run = CliRun.of("validate", file.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("UTF-8");
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }
}
