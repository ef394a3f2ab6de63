package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * {@code wuzhen detect --follow} as a separate process on a growing log: lines appended while it
 * runs are matched, sightings are rewritten every --flush, and a SIGTERM ends the run with the
 * final count written. Waits are for conditions (with a generous deadline), never for a time.
 */
class DetectFollowTest {
  @TempDir Path dir;

  private static String line(double ts, String query) {
    return "{\"_path\":\"dns\",\"ts\":" + ts + ",\"query\":\"" + query + "\"}\n";
  }

  private static long count(Path out) {
    try {
      if (!Files.exists(out) || Files.size(out) == 0) {
        return -1;
      }
      JsonObject bundle = (JsonObject) Json.parse(Files.readAllBytes(out));
      long n = 0;
      for (JsonValue v : bundle.array("objects").orElseThrow().elements()) {
        JsonObject o = (JsonObject) v;
        if (o.string("type").orElseThrow().equals("sighting")) {
          n += Long.parseLong(Json.write(o.get("count").orElseThrow()));
        }
      }
      return n;
    } catch (IOException | RuntimeException e) {
      return -1; // being rewritten: look again
    }
  }

  private static void awaitCount(Path out, long expected, Process p) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (count(out) != expected) {
      assertThat(p.isAlive()).as("detect is still running").isTrue();
      assertThat(Instant.now()).as("waiting for count %d in %s", expected, out).isBefore(deadline);
      Thread.sleep(100);
    }
  }

  @Test
  void linesAppendedToAFollowedLogAreMatchedAndTheLastCountIsWrittenOnStop() throws Exception {
    Path indicators = Feeds.indicators(dir, "evil.example.org");
    Path log = dir.resolve("dns.log");
    Files.writeString(
        log, line(1521911720.5, "evil.example.org") + line(1521911721.5, "ok.example.org"));
    Path out = dir.resolve("sightings.json");

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(
        List.of(
            "detect",
            "--indicators",
            indicators.toString(),
            "--format",
            "zeek",
            "--follow",
            "--flush",
            "1s",
            "--bucket",
            "1d",
            "--out",
            out.toString(),
            log.toString()));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("detect.out").toFile())
            .start();
    try {
      awaitCount(out, 1, p);
      Files.writeString(
          log,
          line(1521911722.5, "evil.example.org") + line(1521911723.5, "evil.example.org"),
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      awaitCount(out, 3, p);
      Files.writeString(
          log,
          line(1521911724.5, "evil.example.org"),
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
      // SIGTERM: the run reads what the file holds, then ends and writes its final snapshot.
      p.destroy();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(count(out)).as(Files.readString(dir.resolve("detect.out"))).isEqualTo(4);
    } finally {
      p.destroyForcibly();
    }
  }
}
