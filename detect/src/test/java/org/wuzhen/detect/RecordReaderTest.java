package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;

class RecordReaderTest {
  private static final Path ZEEK = Path.of("src/test/resources/zeek/json");
  private static final Path EVE = Path.of("src/test/resources/eve/eve-sample.json");

  @Test
  void zeekRecordsTaggedOrUntaggedGiveTheEventsOfTheFileReader() throws IOException {
    for (String log : List.of("dns", "ssl", "x509", "smtp")) {
      Path file = ZEEK.resolve(log + ".json.gz");
      List<Event> fromFile = new ArrayList<>();
      TelemetryReader.zeek().read(log + ".log", gunzip(file), fromFile::add);
      List<String> lines = lines(gunzip(file));
      RecordReader untagged = RecordReader.zeek(log, ObservableTypes.ALL);
      RecordReader tagged = RecordReader.zeek("unused", ObservableTypes.ALL);
      List<Event> fromUntagged = new ArrayList<>();
      List<Event> fromTagged = new ArrayList<>();
      for (String line : lines) {
        JsonObject record = (JsonObject) Json.parse(line);
        byte[] plain = record.without("_path").toString().getBytes(StandardCharsets.UTF_8);
        byte[] wrapped =
            JsonObject.builder()
                .put(log, record)
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        fromUntagged.add(read(untagged.read(plain, "x")));
        fromTagged.add(read(tagged.read(wrapped, "x")));
      }
      assertThat(fromFile).as(log).hasSize(lines.size()).isNotEmpty();
      assertThat(objects(fromUntagged)).as(log).isEqualTo(objects(fromFile));
      assertThat(objects(fromTagged)).as(log).isEqualTo(objects(fromFile));
    }
  }

  @Test
  void eveRecordsGiveTheEventsOfTheFileReader() throws IOException {
    List<Event> fromFile = new ArrayList<>();
    ReadReport report =
        TelemetryReader.eve().read("eve.json", Files.newInputStream(EVE), fromFile::add);
    RecordReader reader = RecordReader.eve(ObservableTypes.ALL);
    List<Event> fromRecords = new ArrayList<>();
    for (String line : lines(Files.newInputStream(EVE))) {
      if (reader.read(line.getBytes(StandardCharsets.UTF_8), "x")
          instanceof RecordReader.Outcome.Read r) {
        fromRecords.add(r.event());
      }
    }
    assertThat(fromFile).hasSize((int) report.events()).isNotEmpty();
    assertThat(objects(fromRecords)).isEqualTo(objects(fromFile));
  }

  @Test
  void hostileRecordsAreBadWithTheirReason() {
    RecordReader zeek = RecordReader.zeek("conn", ObservableTypes.ALL);
    assertThat(bad(zeek, "{\"ts\": 1.5, \"id.orig_h\": \"10.0.0.1\"")).contains("col");
    assertThat(bad(zeek, "[1, 2]")).isEqualTo("expected a JSON object, found array");
    assertThat(bad(zeek, "{\"id.orig_h\": \"10.0.0.1\"}")).contains("ts");
    assertThat(bad(zeek, "{\"ts\": \"yesterday\"}")).contains("ts");
    assertThat(bad(zeek, "{\"ts\": 1.5, \"id.orig_p\": \"eighty\"}")).contains("id.orig_p");
    assertThat(bad(zeek, "[".repeat(100_000))).isNotBlank();
    assertThat(bad(zeek, "")).isNotBlank();
    byte[] huge = new byte[RecordReader.MAX_RECORD_BYTES + 1];
    assertThat(zeek.read(huge, "x"))
        .isEqualTo(
            new RecordReader.Outcome.Bad(
                "record has 3145729 bytes, more than " + RecordReader.MAX_RECORD_BYTES));
    byte[] invalidUtf8 = {'{', '"', 't', 's', '"', ':', (byte) 0xff, '}'};
    assertThat(zeek.read(invalidUtf8, "x")).isInstanceOf(RecordReader.Outcome.Bad.class);
    RecordReader eve = RecordReader.eve(ObservableTypes.ALL);
    assertThat(bad(eve, "{\"event_type\": \"dns\"}")).contains("timestamp");
  }

  private static String bad(RecordReader reader, String record) {
    RecordReader.Outcome outcome = reader.read(record.getBytes(StandardCharsets.UTF_8), "x");
    assertThat(outcome).as(record).isInstanceOf(RecordReader.Outcome.Bad.class);
    return ((RecordReader.Outcome.Bad) outcome).problem();
  }

  private static Event read(RecordReader.Outcome outcome) {
    assertThat(outcome).isInstanceOf(RecordReader.Outcome.Read.class);
    return ((RecordReader.Outcome.Read) outcome).event();
  }

  private static List<Object> objects(List<Event> events) {
    List<Object> out = new ArrayList<>();
    for (Event e : events) {
      out.add(List.of(e.time(), e.objects()));
    }
    return out;
  }

  private static InputStream gunzip(Path file) throws IOException {
    return new GZIPInputStream(Files.newInputStream(file));
  }

  private static List<String> lines(InputStream in) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return r.lines().filter(l -> !l.isBlank()).toList();
    }
  }
}
