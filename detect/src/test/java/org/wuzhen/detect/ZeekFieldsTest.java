package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wuzhen.pattern.ObjectPath;
import org.wuzhen.stix.JsonObject;

/**
 * What the line-rate reader assumes of the Zeek mapping: the types each log can build, the fields
 * it reads, and which paths hold verbatim copies of one field.
 */
class ZeekFieldsTest {
  /** One record of each log with every field the mapping reads, holding addresses and names. */
  private static final Map<String, String> FULL =
      Map.of(
          "dns",
          "\"query\":\"a.example\",\"answers\":[\"b.example\",\"192.0.2.9\",\"2001:db8::9\"]",
          "ssl",
          "\"server_name\":\"c.example\",\"cert_chain_fps\":[\"" + "ab".repeat(32) + "\"]",
          "x509",
          "\"fingerprint\":\""
              + "cd".repeat(20)
              + "\",\"certificate.serial\":\"01\",\"certificate.subject\":\"CN=s\","
              + "\"certificate.issuer\":\"CN=i\",\"certificate.not_valid_before\":1.5,"
              + "\"certificate.not_valid_after\":2.5",
          "http",
          "\"host\":\"d.example\",\"uri\":\"/x\",\"method\":\"GET\",\"version\":\"1.1\","
              + "\"user_agent\":\"ua\"",
          "files",
          "\"md5\":\""
              + "ef".repeat(16)
              + "\",\"sha1\":\""
              + "ef".repeat(20)
              + "\",\"filename\":\"f.exe\",\"mime_type\":\"x/y\",\"total_bytes\":5,"
              + "\"tx_hosts\":[\"192.0.2.7\"],\"rx_hosts\":[\"2001:db8::7\"]",
          "smtp",
          "\"mailfrom\":\"<a@example.org>\",\"rcptto\":[\"b@example.org\"]",
          "notice",
          "\"src\":\"192.0.2.5\",\"dst\":\"2001:db8::5\"",
          "conn",
          "\"service\":\"dns,http\",\"orig_bytes\":1,\"resp_bytes\":2,\"orig_pkts\":3,"
              + "\"resp_pkts\":4",
          "weird",
          "\"name\":\"odd\"");

  private static List<Event> read(String log, String fields) throws Exception {
    String line =
        "{\"_path\":\""
            + log
            + "\",\"ts\":1.25,\"id.orig_h\":\"192.0.2.1\",\"id.orig_p\":1,"
            + "\"id.resp_h\":\"2001:db8::1\",\"id.resp_p\":2,\"proto\":\"tcp\","
            + fields
            + "}\n";
    List<Event> events = new ArrayList<>();
    ReadReport report =
        ZeekReader.read(
            log, new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), events::add);
    assertThat(report.badLines()).as(log).isEmpty();
    return events;
  }

  @Test
  void everyLogBuildsOnlyTheTypesItDeclares() throws Exception {
    for (Map.Entry<String, String> log : FULL.entrySet()) {
      List<String> built = new ArrayList<>();
      for (Event e : read(log.getKey(), log.getValue())) {
        for (JsonObject o : e.objects()) {
          built.add(o.string("type").orElseThrow());
        }
      }
      assertThat(built).as(log.getKey()).isNotEmpty();
      assertThat(ZeekFields.types(log.getKey())).as(log.getKey()).containsAll(built);
    }
  }

  @Test
  void everyLogReadsTsAndTheFieldsItMaps() {
    assertThat(ZeekFields.reads("dns"))
        .containsEntry("ts", ZeekFields.Kind.TIME)
        .containsEntry("query", ZeekFields.Kind.TEXT)
        .containsEntry("answers", ZeekFields.Kind.TEXTS)
        .containsEntry("id.orig_p", ZeekFields.Kind.COUNT);
    assertThat(ZeekFields.reads("http"))
        .containsKeys("host", "uri", "method", "version", "user_agent");
    assertThat(ZeekFields.reads("weird")).isEqualTo(ZeekFields.reads(""));
    assertThat(ZeekFields.readArrays("dns").names()[0]).isEqualTo("ts");
  }

  @Test
  void eachFieldFeedsOnlyTheTypesItsTextIsCopiedInto() {
    assertThat(ZeekFields.feeds("dns", "query")).containsExactly("domain-name");
    assertThat(ZeekFields.feeds("dns", "id.orig_h"))
        .containsExactlyInAnyOrder("ipv4-addr", "ipv6-addr");
    assertThat(ZeekFields.feeds("dns", "answers"))
        .containsExactlyInAnyOrder("domain-name", "ipv4-addr", "ipv6-addr");
    assertThat(ZeekFields.feeds("dns", "proto")).containsExactly("network-traffic");
    assertThat(ZeekFields.feeds("ssl", "server_name")).containsExactly("domain-name");
    assertThat(ZeekFields.feeds("ssl", "cert_chain_fps")).containsExactly("x509-certificate");
    assertThat(ZeekFields.feeds("", "id.resp_h"))
        .containsExactlyInAnyOrder("ipv4-addr", "ipv6-addr");
    // A field the mapping does not read may feed anything the log builds.
    assertThat(ZeekFields.feeds("dns", "no such field")).isEqualTo(ZeekFields.types("dns"));
  }

  /**
   * Checked apart from how {@link ZeekFields#feeds} finds its answer: in one record of each log
   * with hand-written values, every string of a built object at a verbatim path is the text of a
   * field that feeds the object's type.
   */
  @Test
  void everyVerbatimValueComesFromAFieldThatFeedsItsType() throws Exception {
    for (Map.Entry<String, String> log : FULL.entrySet()) {
      JsonObject line =
          (JsonObject)
              org.wuzhen.stix.Json.parse(
                  "{\"id.orig_h\":\"192.0.2.1\",\"id.resp_h\":\"2001:db8::1\",\"proto\":\"tcp\","
                      + log.getValue()
                      + "}");
      int checked = 0;
      for (Event e : read(log.getKey(), log.getValue())) {
        for (JsonObject o : e.objects()) {
          String type = o.string("type").orElseThrow();
          for (String property : o.names()) {
            List<String> keys = new ArrayList<>(List.of(property));
            List<String> values = new ArrayList<>();
            if (o.string(property).isPresent()) {
              values.add(o.string(property).get());
            } else if (o.object(property).isPresent()) {
              JsonObject inner = o.object(property).get();
              for (String k : inner.names()) {
                inner.string(k).ifPresent(values::add);
                keys = List.of(property, k);
              }
            }
            if (values.isEmpty() || !ZeekFields.verbatim(path(type, keys.toArray(String[]::new)))) {
              continue;
            }
            for (String value : values) {
              List<String> from = fieldsHolding(line, value);
              assertThat(from).as("%s: %s of %s", log.getKey(), value, type).isNotEmpty();
              assertThat(from)
                  .as("%s: the fields holding %s feed %s", log.getKey(), value, type)
                  .anyMatch(f -> ZeekFields.feeds(ZeekFields.log(log.getKey()), f).contains(type));
              checked++;
            }
          }
        }
      }
      assertThat(checked).as(log.getKey()).isGreaterThanOrEqualTo(2); // the two addresses at least
    }
  }

  private static List<String> fieldsHolding(JsonObject line, String value) {
    List<String> out = new ArrayList<>();
    for (String name : line.names()) {
      if (line.string(name).filter(value::equals).isPresent()
          || line.strings(name).contains(value)) {
        out.add(name);
      }
    }
    return out;
  }

  @Test
  void onlyCopiedValuesAreVerbatim() {
    assertThat(ZeekFields.verbatim(path("ipv4-addr", "value"))).isTrue();
    assertThat(ZeekFields.verbatim(path("x509-certificate", "hashes", "SHA-256"))).isTrue();
    assertThat(ZeekFields.verbatim(path("file", "name"))).isTrue();
    assertThat(ZeekFields.verbatim(path("url", "value"))).isFalse();
    assertThat(ZeekFields.verbatim(path("email-addr", "value"))).isFalse();
    assertThat(ZeekFields.verbatim(path("network-traffic", "dst_ref", "value"))).isFalse();
    assertThat(ZeekFields.verbatim(path("file", "size"))).isFalse();
    assertThat(ZeekFields.verbatim(path("x509-certificate", "validity_not_before"))).isFalse();
  }

  private static ObjectPath path(String type, String... keys) {
    List<ObjectPath.Step> steps = new ArrayList<>();
    for (String k : keys) {
      steps.add(new ObjectPath.Step.Key(k));
    }
    return new ObjectPath(type, steps);
  }
}
