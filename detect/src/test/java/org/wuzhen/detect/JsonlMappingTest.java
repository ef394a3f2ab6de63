package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.wuzhen.stix.JsonObject;

/** Generic JSON lines through a mapping file; bad mappings are refused naming the member. */
class JsonlMappingTest {
  static final String MAPPING =
      """
      {"time": {"field": "when", "format": "epoch-millis"},
       "objects": [
         {"type": "ip-addr", "properties": {"value": "client.ip"}},
         {"type": "domain-name", "properties": {"value": "request.host"}},
         {"type": "file", "properties": {"hashes.'SHA-256'": "sha256", "name": "file_name"}}
       ],
       "connection": {"src": "client.ip", "dst": "server_ip", "dst_port": "port", "protocol": "proto"}}
      """;

  private final List<Event> events = new ArrayList<>();

  private ReadReport read(String mapping, String lines) throws IOException {
    return TelemetryReader.jsonl(FieldMapping.parse(mapping))
        .read(
            "proxy.jsonl",
            new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)),
            events::add);
  }

  private static List<String> types(Event e) {
    return e.objects().stream().map(o -> o.string("type").orElseThrow()).toList();
  }

  @Test
  void linesBecomeTheMappedObservablesAndTheConnection() throws IOException {
    ReadReport report =
        read(
            MAPPING,
            """
            {"when": 1709287200000, "client": {"ip": "192.0.2.7"}, "server_ip": "2001:db8::1", \
            "port": 443, "proto": "TCP", "request": {"host": "bad.example.org"}, \
            "sha256": "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f", "file_name": "x.exe"}
            {"when": 1709287201000, "request": {"host": "only.example.org"}}
            {"when": "yesterday", "request": {"host": "x.example.org"}}
            {"request": {"host": "x.example.org"}}
            {"when": 1709287202000, "client": {"ip": 42}}
            """);
    assertThat(report.events()).isEqualTo(2);
    assertThat(report.badLineCount()).isEqualTo(3);
    assertThat(report.badLines().get(0).problem()).contains("when");
    assertThat(report.badLines().get(1).problem()).contains("when: missing");
    assertThat(report.badLines().get(2).line()).isEqualTo(5);

    Event first = events.get(0);
    assertThat(first.time().instant().toString()).isEqualTo("2024-03-01T10:00:00Z");
    assertThat(types(first))
        .containsExactlyInAnyOrder(
            "ipv4-addr", "domain-name", "file", "ipv6-addr", "network-traffic");
    JsonObject file =
        first.objects().stream()
            .filter(o -> o.string("type").orElseThrow().equals("file"))
            .findFirst()
            .orElseThrow();
    assertThat(file.object("hashes").flatMap(h -> h.string("SHA-256"))).isPresent();
    assertThat(file.string("name")).hasValue("x.exe");
    assertThat(types(events.get(1))).containsExactly("domain-name");

    DetectionEngine engine =
        DetectionEngine.compile(
            List.of(
                Fixtures.indicator(
                    1,
                    "[network-traffic:dst_ref.value = '2001:db8::1' AND network-traffic:dst_port = 443]")));
    assertThat(engine.match(first)).hasSize(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[1]|the mapping: expected an object",
        "{\"objects\":[]}|time: required",
        "{\"time\":{\"field\":\"t\",\"format\":\"unix\"},\"objects\":[]}|time.format: 'unix' is not one of",
        "{\"time\":{\"field\":\"t\",\"format\":\"iso8601\"}}|needs 'objects' or 'connection'",
        "{\"time\":{\"field\":\"t\",\"format\":\"iso8601\"},\"objects\":[{\"type\":\"ipv4\",\"properties\":{\"value\":\"a\"}}]}|objects[0].type: 'ipv4' is not a cyber-observable type",
        "{\"time\":{\"field\":\"t\",\"format\":\"iso8601\"},\"objects\":[{\"type\":\"file\",\"properties\":{}}]}|objects[0].properties: at least one property",
        "{\"time\":{\"field\":\"t\",\"format\":\"iso8601\"},\"objects\":[{\"type\":\"file\",\"properties\":{\"hashes.'SHA-256\":\"h\"}}]}|unclosed quote",
        "{\"time\":{\"field\":\"t\",\"format\":\"iso8601\"},\"objects\":[{\"type\":\"file\",\"properties\":{\"id\":\"h\"}}]}|type and id are set by Wuzhen",
        "{\"time\":{\"field\":\"t\",\"format\":\"iso8601\"},\"objects\":[{\"type\":\"file\",\"properties\":{\"name\":7}}]}|objects[0].properties.name: expected a field name",
        "{\"time\":{\"field\":\"t\",\"format\":\"iso8601\"},\"connection\":{\"src\":\"a\"}}|connection.dst: required",
        "{\"time\":{\"field\":\"t\",\"format\":\"iso8601\"},\"extra\":1,\"objects\":[]}|extra: unknown member",
        "{\"time\":|not valid JSON"
      })
  void badMappingsAreRefusedNamingTheMember(String mapping, String message) {
    assertThatThrownBy(() -> FieldMapping.parse(mapping))
        .isInstanceOf(FieldMapping.MappingException.class)
        .hasMessageContaining(message);
  }
}
