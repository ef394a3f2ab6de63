package org.wuzhen.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/** {@code log.format: json}: a served node's log on stderr is one JSON object per line. */
class JsonLogsTest {
  @TempDir Path data;

  @Test
  void aServedNodeWritesOneParseableJsonObjectPerLogLine() throws Exception {
    try (NodeProcess node =
        NodeProcess.start(
            data,
            NodeProcess.freePort(),
            List.of(),
            Map.of("WUZHEN_LOG_FORMAT", "json", "WUZHEN_LOG_LEVEL", "info"))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!node.errors().contains("TAXII 2.1 serving") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      String log = node.errors();
      assertThat(log).contains("TAXII 2.1 serving");
      List<String> lines = log.lines().toList();
      assertThat(lines).isNotEmpty();
      for (String line : lines) {
        JsonValue parsed = Json.parse(line);
        assertThat(parsed).as(line).isInstanceOf(JsonObject.class);
        JsonObject event = (JsonObject) parsed;
        assertThat(event.get("timestamp")).as(line).containsInstanceOf(JsonNumber.class);
        assertThat(event.string("level")).as(line).isPresent();
        assertThat(event.string("loggerName")).as(line).isPresent();
        assertThat(event.string("threadName")).as(line).isPresent();
        assertThat(event.string("formattedMessage")).as(line).isPresent();
      }
      assertThat(lines)
          .anySatisfy(
              l ->
                  assertThat(((JsonObject) Json.parse(l)).string("formattedMessage").orElseThrow())
                      .startsWith("TAXII 2.1 serving http://127.0.0.1:"));
    }
  }
}
