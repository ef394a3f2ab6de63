package org.wuzhen.detect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * Suricata EVE lines made from the real Zeek dns and ssl logs of the test resources (the WRCCDC
 * 2018 capture, CC BY-SA 4.0), so the EVE reader is tested and measured on real values at scale: no
 * real Suricata capture of a permitted licence was available. Each dns record becomes an EVE {@code
 * dns} record (version 2, its answers with their rdata, the query name and type), each ssl record
 * an EVE {@code tls} record (SNI, version, the first certificate fingerprint written
 * colon-separated as Suricata writes it), every tenth one of either followed by a {@code flow}
 * record of the same connection, and every fiftieth by an {@code alert} carrying the protocol
 * section. Times keep their microseconds, with Suricata's {@code +0000}. Deterministic: {@code
 * main} writes {@code eve/wrccdc-eve.json.gz}, and {@code EveLineRateTest} checks that the
 * committed file is this conversion.
 */
final class EveFromZeek {
  private EveFromZeek() {}

  static byte[] convert(byte[] dnsJson, byte[] sslJson) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long[] flow = {1_000_000};
    int[] n = {0};
    for (byte[] log : List.of(dnsJson, sslJson)) {
      for (String line : new String(log, StandardCharsets.UTF_8).split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        JsonObject z = (JsonObject) Json.parse(line);
        boolean dns = z.string("_path").orElse("").equals("dns");
        JsonObject section = dns ? dns(z) : tls(z);
        long flowId = flow[0]++;
        write(out, common(z, flowId, dns ? "dns" : "tls").put(dns ? "dns" : "tls", section));
        n[0]++;
        if (n[0] % 10 == 0) {
          write(
              out,
              common(z, flowId, "flow")
                  .put("app_proto", dns ? "dns" : "tls")
                  .put(
                      "flow",
                      JsonObject.builder()
                          .put("pkts_toserver", 1 + n[0] % 7)
                          .put("pkts_toclient", 1 + n[0] % 5)
                          .put("bytes_toserver", 60 + n[0] % 900)
                          .put("bytes_toclient", 90 + n[0] % 1400)
                          .put("start", time(z))
                          .put("end", time(z))
                          .put("age", 0)
                          .put("state", "closed")
                          .put("reason", "timeout")
                          .put("alerted", n[0] % 50 == 0)
                          .build()));
        }
        if (n[0] % 50 == 0) {
          write(
              out,
              common(z, flowId, "alert")
                  .put("app_proto", dns ? "dns" : "tls")
                  .put(
                      "alert",
                      JsonObject.builder()
                          .put("action", "allowed")
                          .put("gid", 1)
                          .put("signature_id", 2_000_000 + n[0] % 97)
                          .put("rev", 1)
                          .put("signature", "WUZHEN TEST converted record " + n[0] % 97)
                          .put("category", "Misc activity")
                          .put("severity", 3)
                          .put(
                              "metadata",
                              JsonObject.builder()
                                  .put(
                                      "created_at",
                                      new JsonArray(List.of(new JsonString("2018_03_24"))))
                                  .build())
                          .build())
                  .put(dns ? "dns" : "tls", section));
        }
      }
    }
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, JsonObject.Builder record) {
    out.writeBytes(Json.write(record.build()).getBytes(StandardCharsets.UTF_8));
    out.write('\n');
  }

  private static String time(JsonObject z) {
    String ts = z.string("ts").orElseThrow();
    return ts.substring(0, ts.length() - 1) + "+0000";
  }

  private static JsonObject.Builder common(JsonObject z, long flowId, String type) {
    JsonObject.Builder b =
        JsonObject.builder()
            .put("timestamp", time(z))
            .put("flow_id", flowId)
            .put("in_iface", "eth0")
            .put("event_type", type);
    copy(z, "id.orig_h", b, "src_ip");
    copy(z, "id.orig_p", b, "src_port");
    copy(z, "id.resp_h", b, "dest_ip");
    copy(z, "id.resp_p", b, "dest_port");
    b.put("proto", z.string("proto").orElse("tcp").toUpperCase(Locale.ROOT));
    return b;
  }

  private static void copy(JsonObject from, String name, JsonObject.Builder to, String as) {
    from.get(name).ifPresent(v -> to.put(as, v));
  }

  private static JsonObject dns(JsonObject z) {
    JsonObject.Builder d = JsonObject.builder().put("version", 2);
    List<JsonValue> answers = new ArrayList<>();
    Optional<JsonArray> zeekAnswers = z.get("answers").map(JsonArray.class::cast);
    Optional<JsonArray> ttls = z.get("TTLs").map(JsonArray.class::cast);
    String query = z.string("query").orElse("");
    if (zeekAnswers.isPresent()) {
      List<JsonValue> a = zeekAnswers.get().elements();
      for (int i = 0; i < a.size(); i++) {
        String rdata = ((JsonString) a.get(i)).value();
        JsonObject.Builder answer =
            JsonObject.builder()
                .put("rrname", query)
                .put("rrtype", rrtype(rdata, z.string("qtype_name").orElse("A")));
        if (ttls.isPresent() && i < ttls.get().size()) {
          String ttl = ((JsonNumber) ttls.get().get(i)).text();
          answer.put("ttl", Long.parseLong(ttl.substring(0, ttl.indexOf('.'))));
        }
        answers.add(answer.put("rdata", rdata).build());
      }
    }
    d.put("type", answers.isEmpty() ? "query" : "answer");
    z.get("trans_id").ifPresent(v -> d.put("id", v));
    if (!query.isEmpty()) {
      d.put("rrname", query);
    }
    z.string("qtype_name").ifPresent(t -> d.put("rrtype", t));
    z.string("rcode_name").ifPresent(r -> d.put("rcode", r));
    if (!answers.isEmpty()) {
      d.put("answers", new JsonArray(answers));
    }
    return d.build();
  }

  private static String rrtype(String rdata, String asked) {
    if (rdata.indexOf(':') >= 0 && Observables.isAddress(rdata)) {
      return "AAAA";
    }
    if (Observables.isAddress(rdata)) {
      return "A";
    }
    return asked.equals("PTR") || asked.equals("TXT") || asked.equals("MX") ? asked : "CNAME";
  }

  private static JsonObject tls(JsonObject z) {
    JsonObject.Builder t = JsonObject.builder();
    z.string("server_name").ifPresent(s -> t.put("sni", s));
    z.string("version").ifPresent(v -> t.put("version", v.replace("TLSv1", "TLS 1.")));
    z.get("cert_chain_fps")
        .map(JsonArray.class::cast)
        .filter(a -> a.size() > 0)
        .map(a -> ((JsonString) a.get(0)).value())
        .ifPresent(fp -> t.put("fingerprint", colons(fp)));
    z.string("cipher").ifPresent(c -> t.put("cipher_suite", c));
    return t.build();
  }

  private static String colons(String hex) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 2) {
      if (i > 0) {
        s.append(':');
      }
      s.append(hex, i, Math.min(hex.length(), i + 2));
    }
    return s.toString();
  }

  /** Writes the converted file, gzip-compressed (no name, no time: the same bytes each time). */
  public static void main(String[] args) throws IOException {
    byte[] eve = convert(LineRateReadingTest.DNS, LineRateReadingTest.SSL);
    Path target =
        Path.of(args.length > 0 ? args[0] : "detect/src/test/resources/eve/wrccdc-eve.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target))) {
      out.write(eve);
    }
  }
}
