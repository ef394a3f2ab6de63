package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.node.config.ConfigLoader;
import org.wuzhen.stream.StreamSettings;

class StreamCommandTest {
  @TempDir Path dir;

  private static final String GOOD =
      """
      stream:
        bootstrap_servers: "127.0.0.1:9092"
        identity: identity--5a8e1f2c-3b4d-4e6f-8a9b-0c1d2e3f4a5b
        bucket_seconds: 600
        telemetry:
          - topic: zeek.dns
            format: zeek
          - topic: suricata.eve
            format: eve
          - topic: proxy
            format: jsonl
            mapping: proxy-mapping.json
        kafka:
          security.protocol: PLAINTEXT
      """;

  private static final String MAPPING =
      """
      {"time": {"field": "when", "format": "epoch-millis"},
       "objects": [{"type": "domain-name", "properties": {"value": "host"}}]}
      """;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void theStreamSectionIsReadWithItsDefaultsAndTheMappingFile() throws Exception {
    write("proxy-mapping.json", MAPPING);
    StreamSettings s = ConfigLoader.stream(write("wuzhen.yaml", GOOD));
    assertThat(s.applicationId()).isEqualTo("wuzhen-detect");
    assertThat(s.indicatorsTopic()).isEqualTo("wuzhen.indicators");
    assertThat(s.telemetry()).hasSize(3);
    assertThat(s.telemetry().get(0).zeekLog()).isEqualTo("dns");
    assertThat(s.sightings().bucket().toSeconds()).isEqualTo(600);
    assertThat(s.kafka()).containsEntry("security.protocol", "PLAINTEXT");
    assertThat(s.retroHuntLookback()).isZero();
    StreamSettings hunting =
        ConfigLoader.stream(
            write(
                "hunting.yaml",
                GOOD.replace(
                    "bucket_seconds: 600",
                    "bucket_seconds: 600\n  retro_hunt:\n    lookback_seconds: 86400")));
    assertThat(hunting.retroHuntLookback()).hasHours(24);
    assertThat(hunting.retroHuntInterval()).isEqualTo(StreamSettings.DEFAULT_RETRO_HUNT_INTERVAL);
    StreamSettings paced =
        ConfigLoader.stream(
            write(
                "paced.yaml",
                GOOD.replace(
                    "bucket_seconds: 600",
                    "bucket_seconds: 600\n  retro_hunt:\n    lookback_seconds: 60\n"
                        + "    interval_ms: 5000")));
    assertThat(paced.retroHuntInterval()).hasSeconds(5);
  }

  @Test
  void aNodeConfigWithAStreamSectionStillServes() throws Exception {
    Path file = write("wuzhen.yaml", GOOD);
    assertThat(ConfigLoader.load(Optional.of(file), Map.of(), Map.of())).isNotNull();
  }

  @Test
  void badSettingsAreRefusedNamingTheSetting() throws Exception {
    write("proxy-mapping.json", MAPPING);
    assertThat(run("server:\n  port: 9000\n").err()).contains("config stream: missing");
    assertThat(run(GOOD.replace("format: eve", "format: pcap")).err())
        .contains("config stream.telemetry[1].format: expected zeek, eve or jsonl, found 'pcap'");
    assertThat(run(GOOD.replace("identity--", "indicator--")).err())
        .contains("config stream.identity: expected an identity id");
    assertThat(run(GOOD.replace("mapping: proxy-mapping.json", "mapping: nowhere.json")).err())
        .contains(
            "config stream.telemetry[2].mapping: no such file: " + dir.resolve("nowhere.json"));
    assertThat(run(GOOD.replace("bucket_seconds: 600", "bucket_seconds: 0")).err())
        .contains("config stream.bucket_seconds: must be at least 1, found 0");
    assertThat(
            run(GOOD.replace(
                    "bucket_seconds: 600",
                    "bucket_seconds: 600\n  retro_hunt:\n    lookback_seconds: 86400000"))
                .err())
        .contains(
            "config stream.retro_hunt.lookback_seconds: must be between 0 (off) and 7776000"
                + " (90 days), found 86400000");
    assertThat(
            run(GOOD.replace(
                    "bucket_seconds: 600",
                    "bucket_seconds: 600\n  retro_hunt:\n    interval_ms: 0"))
                .err())
        .contains(
            "config stream.retro_hunt.interval_ms: must be between 10 and 60000 (1 minute),"
                + " found 0");
    assertThat(run(GOOD.replace("topic: proxy", "topic: zeek.dns")).err())
        .contains("config stream.telemetry[2].topic: 'zeek.dns' is listed twice");
    assertThat(run(GOOD.replace("PLAINTEXT", "[1, 2]")).err())
        .contains("config stream.kafka.security.protocol: expected a string, found array");
    assertThat(
            run(GOOD.replace("security.protocol: PLAINTEXT", "security.protocol: CARRIER_PIGEON"))
                .err())
        .contains("config stream.kafka: ")
        .contains("CARRIER_PIGEON");
  }

  @Test
  void aCollectionUrlThatIsNotOneIsRefusedNamingTheOption() throws Exception {
    write("proxy-mapping.json", MAPPING);
    CliRun run =
        CliRun.of(
            "stream",
            "--config",
            write("wuzhen.yaml", GOOD).toString(),
            "--indicators",
            "http://127.0.0.1:1/nowhere");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("--indicators");
  }

  private CliRun run(String config) throws Exception {
    CliRun run = CliRun.of("stream", "--config", write("bad.yaml", config).toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    return run;
  }

  @Test
  void aClusterThatDoesNotAnswerStopsTheCommandWithTheReason() throws Exception {
    write("proxy-mapping.json", MAPPING);
    String config =
        GOOD.replace("127.0.0.1:9092", "127.0.0.1:1")
            .replace(
                "security.protocol: PLAINTEXT",
                "security.protocol: PLAINTEXT\n    task.timeout.ms: \"1000\"\n"
                    + "    request.timeout.ms: \"1000\"\n    default.api.timeout.ms: \"1000\"");
    CliRun run = CliRun.of("stream", "--config", write("wuzhen.yaml", config).toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).contains("wuzhen stream: cannot start with the brokers at 127.0.0.1:1: ");
  }
}
