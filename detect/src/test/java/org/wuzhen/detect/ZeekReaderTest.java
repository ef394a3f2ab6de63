package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.JsonObject;

class ZeekReaderTest {
  private final List<Event> events = new ArrayList<>();

  private ReadReport read(String name, String text) throws IOException {
    return ZeekReader.read(
        name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), events::add);
  }

  private static JsonObject only(Event e, String type) {
    List<JsonObject> found =
        e.objects().stream().filter(o -> o.string("type").orElseThrow().equals(type)).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static List<String> values(Event e, String type) {
    return e.objects().stream()
        .filter(o -> o.string("type").orElseThrow().equals(type))
        .map(o -> o.string("value").orElseThrow())
        .toList();
  }

  @Test
  void skipsAndCountsBadJsonLinesWithFileAndLineNumber() throws IOException {
    String good =
        "{\"_path\":\"dns\",\"ts\":1521911720.5,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":5353,"
            + "\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":53,\"query\":\"a.example\"}";
    ReadReport report =
        read(
            "dns.json",
            good
                + "\n{\"_path\":\"dns\",\"ts\":15219\n"
                + "{\"_path\":\"dns\",\"ts\":1521911720,\"id.orig_p\":\"five\"}\n"
                + "{\"_path\":\"dns\",\"ts\":1521911720,\"answers\":[1,2]}\n"
                + "[1,2]\n"
                + "{\"_path\":\"dns\",\"query\":\"no.time\"}\n"
                + "\n"
                + good
                + "\n");

    assertThat(report.records()).isEqualTo(7);
    assertThat(report.events()).isEqualTo(2);
    assertThat(report.badLineCount()).isEqualTo(5);
    assertThat(report.badLines())
        .extracting(ReadReport.BadLine::line)
        .containsExactly(2L, 3L, 4L, 5L, 6L);
    assertThat(report.badLines().get(1).toString())
        .isEqualTo("dns.json:3: id.orig_p: expected an integer, found string");
    assertThat(report.badLines().get(4).problem()).isEqualTo("ts: missing");
    assertThat(events).extracting(Event::source).containsExactly("dns.json:1", "dns.json:8");
  }

  @Test
  void mapsADnsRecordToAddressesTrafficAndNames() throws IOException {
    read(
        "x.json",
        "{\"_path\":\"dns\",\"ts\":\"2018-03-24T17:15:20.865716Z\",\"id.orig_h\":\"10.47.1.100\","
            + "\"id.orig_p\":41772,\"id.resp_h\":\"10.0.0.100\",\"id.resp_p\":53,\"proto\":\"udp\","
            + "\"query\":\"ise.wrccdc.org\",\"answers\":[\"ise.wrccdc.cpp.edu\",\"134.71.3.16\","
            + "\"2001:db8::1\",\"TXT 10 hello world\"]}\n");

    Event e = events.get(0);
    assertThat(e.time().text()).isEqualTo("2018-03-24T17:15:20.865716Z");
    assertThat(values(e, "ipv4-addr")).containsExactly("134.71.3.16", "10.47.1.100", "10.0.0.100");
    assertThat(values(e, "ipv6-addr")).containsExactly("2001:db8::1");
    assertThat(values(e, "domain-name")).containsExactly("ise.wrccdc.cpp.edu", "ise.wrccdc.org");
    JsonObject traffic = only(e, "network-traffic");
    assertThat(traffic.toString())
        .contains("\"src_port\":41772", "\"dst_port\":53", "\"protocols\":[\"udp\",\"dns\"]");
    JsonObject query =
        e.objects().stream()
            .filter(o -> o.string("value").orElse("").equals("ise.wrccdc.org"))
            .findFirst()
            .orElseThrow();
    assertThat(query.strings("resolves_to_refs")).hasSize(3);
  }

  @Test
  void readsTsvUnderItsHeaderWithSetsUnsetAndEscapes() throws IOException {
    String tsv =
        String.join(
            "\n",
            "#separator \\x09",
            "#set_separator\t,",
            "#empty_field\t(empty)",
            "#unset_field\t-",
            "#path\tx509",
            "#fields\tts\tfingerprint\tcertificate.serial\tcertificate.subject"
                + "\tcertificate.not_valid_before\tsan.dns",
            "#types\ttime\tstring\tstring\tstring\ttime\tvector[string]",
            "1521911720.624556\t"
                + "ab".repeat(32)
                + "\tCC57\tO=VMware\\\\, Inc\\x09x"
                + "\t1315656902.000000\t(empty)",
            "1521911720.7\t-\t-\t-\t-\t-",
            "1521911720.8\ttoo\tfew",
            "#close\t2024-04-12-19-34-07",
            "");
    ReadReport report = read("x509.log", tsv);

    assertThat(report.events()).isEqualTo(2); // the second record has every field unset
    assertThat(events.get(1).objects()).isEmpty();
    assertThat(report.badLines())
        .extracting(Object::toString)
        .containsExactly("x509.log:10: expected 6 columns (#fields), found 3");
    JsonObject cert = only(events.get(0), "x509-certificate");
    assertThat(cert.object("hashes").orElseThrow().string("SHA-256")).contains("ab".repeat(32));
    assertThat(cert.string("serial_number")).contains("CC57");
    assertThat(cert.string("subject")).contains("O=VMware\\, Inc\tx");
    assertThat(cert.string("validity_not_before")).contains("2011-09-10T12:15:02Z");
  }

  @Test
  void refusesAWrongTypeInATsvCountField() throws IOException {
    ReadReport report =
        read(
            "conn.log",
            "#separator \\x09\n#fields\tts\tid.orig_h\tid.orig_p\n#types\ttime\taddr\tport\n"
                + "1.5\t10.0.0.1\tx\n2.5\t10.0.0.1\t7\n");

    assertThat(report.badLines())
        .extracting(Object::toString)
        .containsExactly("conn.log:4: id.orig_p: expected a port, found 'x'");
    assertThat(events.get(0).time().text()).isEqualTo("1970-01-01T00:00:02.500Z");
  }

  @Test
  void readsGzipByItsMagicBytesWhateverTheName() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(
          "{\"_path\":\"smtp\",\"ts\":1.0,\"mailfrom\":\"<a@example.org>\",\"rcptto\":[\"b@example.org\"]}\n"
              .getBytes(StandardCharsets.UTF_8));
    }
    ZeekReader.read("plain-name", new ByteArrayInputStream(bytes.toByteArray()), events::add);

    assertThat(values(events.get(0), "email-addr"))
        .containsExactly("a@example.org", "b@example.org");
  }

  @Test
  void reportsATruncatedGzipStreamAsABadLineAndKeepsWhatWasRead() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      java.util.Random random = new java.util.Random(7); // incompressible lines, many buffers
      for (int i = 0; i < 20_000; i++) {
        gz.write(
            ("{\"ts\":" + i + ",\"query\":\"" + Long.toHexString(random.nextLong()) + "\"}\n")
                .getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] all = bytes.toByteArray();
    byte[] cut = Arrays.copyOf(all, all.length / 2);
    ReadReport report = ZeekReader.read("conn.json.gz", new ByteArrayInputStream(cut), events::add);

    assertThat(report.events()).isPositive().isLessThan(20_000);
    assertThat(report.badLineCount()).isEqualTo(1);
    assertThat(report.badLines().get(0).problem()).startsWith("compressed data: ");
  }

  @Test
  void mapsHttpFilesSslAndNoticeRecords() throws IOException {
    read(
        "mixed.json",
        String.join(
            "\n",
            "{\"_path\":\"http\",\"ts\":1,\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\","
                + "\"id.resp_p\":80,\"method\":\"GET\",\"host\":\"www.example.org\","
                + "\"uri\":\"/a?b=1\",\"version\":\"1.1\",\"user_agent\":\"curl/8\"}",
            "{\"_path\":\"files\",\"ts\":2,\"md5\":\""
                + "1".repeat(32)
                + "\",\"sha256\":\""
                + "2".repeat(64)
                + "\",\"filename\":\"x.exe\",\"total_bytes\":10,"
                + "\"tx_hosts\":[\"10.0.0.9\"]}",
            "{\"_path\":\"ssl\",\"ts\":3,\"id.orig_h\":\"10.0.0.1\",\"id.resp_h\":\"10.0.0.2\","
                + "\"server_name\":\"tls.example.org\",\"cert_chain_fps\":[\""
                + "3".repeat(64)
                + "\"]}",
            "{\"_path\":\"notice\",\"ts\":4,\"src\":\"10.0.0.7\",\"dst\":\"10.0.0.8\"}"));

    Event http = events.get(0);
    assertThat(values(http, "url")).containsExactly("http://www.example.org/a?b=1");
    assertThat(values(http, "domain-name")).containsExactly("www.example.org");
    assertThat(only(http, "network-traffic").toString())
        .contains(
            "\"http-request-ext\":{\"request_method\":\"GET\",\"request_value\":\"/a?b=1\","
                + "\"request_version\":\"http/1.1\",\"request_header\":{\"Host\":"
                + "\"www.example.org\",\"User-Agent\":\"curl/8\"}}");
    JsonObject file = only(events.get(1), "file");
    assertThat(file.object("hashes").orElseThrow().names()).containsExactly("MD5", "SHA-256");
    assertThat(values(events.get(1), "ipv4-addr")).containsExactly("10.0.0.9");
    assertThat(values(events.get(2), "domain-name")).containsExactly("tls.example.org");
    assertThat(only(events.get(2), "x509-certificate").toString()).contains("3".repeat(64));
    assertThat(values(events.get(3), "ipv4-addr")).containsExactly("10.0.0.7", "10.0.0.8");
  }

  @Test
  void mapsAConnRecordWithServicesAndCounts() throws IOException {
    read(
        "conn.json",
        "{\"_path\":\"conn\",\"ts\":5,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":40000,"
            + "\"id.resp_h\":\"2001:db8::2\",\"id.resp_p\":443,\"proto\":\"TCP\","
            + "\"service\":\"ssl,http\",\"orig_bytes\":10,\"resp_bytes\":20,\"orig_pkts\":1,"
            + "\"resp_pkts\":2}\n");

    Event e = events.get(0);
    assertThat(values(e, "ipv6-addr")).containsExactly("2001:db8::2");
    assertThat(only(e, "network-traffic").toString())
        .contains(
            "\"protocols\":[\"tcp\",\"ssl\",\"http\"]",
            "\"src_byte_count\":10",
            "\"dst_byte_count\":20",
            "\"src_packets\":1",
            "\"dst_packets\":2");
  }

  @Test
  void onlyTheObservableTypesThePlanWantsAreBuilt() throws IOException {
    String line =
        "{\"_path\":\"dns\",\"ts\":1521911720.5,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":5353,"
            + "\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":53,\"query\":\"a.example\","
            + "\"answers\":[\"b.example\",\"192.0.2.1\"]}";
    List<Event> lean = new ArrayList<>();
    ZeekReader.read(
        "dns.json",
        new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)),
        ObservableTypes.of(java.util.Set.of("domain-name")),
        lean::add);
    read("dns.json", line);
    Event full = events.getFirst();
    assertThat(full.objects())
        .extracting(o -> o.string("type").orElseThrow())
        .contains("ipv4-addr", "network-traffic", "domain-name");
    Event only = lean.getFirst();
    assertThat(only.objects())
        .extracting(o -> o.string("type").orElseThrow())
        .containsOnly("domain-name");
    assertThat(values(only, "domain-name")).containsExactlyInAnyOrder("a.example", "b.example");
    JsonObject queried =
        only.objects().stream()
            .filter(o -> o.string("value").orElseThrow().equals("a.example"))
            .findFirst()
            .orElseThrow();
    // Only the answer that was built is referenced: no reference to an object that is not there.
    assertThat(queried.array("resolves_to_refs").orElseThrow().size()).isEqualTo(1);
  }
}
