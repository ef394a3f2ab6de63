package org.wuzhen.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixTimestamp;

/**
 * Turns one Suricata EVE JSON record into an event. Every record with {@code src_ip}/{@code
 * dest_ip} gives two addresses and a network-traffic object (ports, transport, {@code app_proto});
 * the protocol sections add their observables wherever they appear (an alert carries the same
 * {@code dns}, {@code http}, {@code tls} or {@code fileinfo} sections as the protocol events): dns
 * the query and its answers (EVE versions 1, 2 and 3), http the host, URL and request, tls the SNI
 * and the certificate, fileinfo the file, flow its byte and packet counts. Stateless.
 */
final class EveObservables {
  private EveObservables() {}

  static Event toEvent(JsonRecord r, String source, ObservableTypes wanted) {
    Instant ts =
        r.time("timestamp")
            .orElseThrow(() -> new ZeekRecord.BadRecordException("timestamp: missing"));
    String type =
        r.text("event_type")
            .orElseThrow(() -> new ZeekRecord.BadRecordException("event_type: missing"));
    if (type.isEmpty()) {
      throw new ZeekRecord.BadRecordException("event_type: empty");
    }
    ObservableSet set = new ObservableSet(source, wanted);
    dns(r, set);
    Optional<JsonObject> request = http(r, set);
    tls(r, set);
    fileinfo(r, set);
    List<String> application = new ArrayList<>();
    r.text("app_proto")
        .filter(p -> !p.equals("failed") && !p.equals("unknown"))
        .ifPresent(application::add);
    Observables.connection(
        set,
        r.text("src_ip"),
        r.text("dest_ip"),
        r.count("src_port"),
        r.count("dest_port"),
        r.text("proto"),
        application,
        request.map(x -> JsonObject.builder().put("http-request-ext", x).build()),
        flow(r));
    return new Event(source, TimeText.stix(ts), set.objects());
  }

  private static void dns(JsonRecord r, ObservableSet set) {
    List<JsonValue> resolved = new ArrayList<>();
    List<String> answers = new ArrayList<>();
    r.text("dns.rdata").ifPresent(answers::add); // version 1: one answer per record
    for (JsonRecord answer : r.records("dns.answers")) { // version 2 and 3
      answer.text("rdata").ifPresent(answers::add);
    }
    for (String answer : answers) {
      if (Observables.isAddress(answer)) {
        Observables.address(set, answer).ifPresent(ip -> resolved.add(new JsonString(ip)));
      } else if (set.wants("domain-name")) {
        Observables.domain(set, answer).ifPresent(id -> resolved.add(new JsonString(id)));
      }
    }
    List<String> queries = new ArrayList<>();
    r.text("dns.rrname").ifPresent(queries::add);
    for (JsonRecord query : r.records("dns.queries")) { // version 3
      query.text("rrname").ifPresent(queries::add);
    }
    for (String q : queries) {
      if (!Observables.isName(q) || q.equals("<root>")) {
        continue;
      }
      JsonObject.Builder d = Observables.sco("domain-name").put("value", q);
      if (!resolved.isEmpty()) {
        d.put("resolves_to_refs", new JsonArray(resolved));
      }
      set.add(d);
    }
  }

  /** The host and URL; the http-request-ext of the network traffic when method and URL exist. */
  private static Optional<JsonObject> http(JsonRecord r, ObservableSet set) {
    Optional<String> host = r.text("http.hostname");
    Optional<String> url = r.text("http.url");
    host.ifPresent(h -> Observables.domain(set, h));
    if (host.isPresent() && url.isPresent()) {
      String u = url.get();
      set.add(
          Observables.sco("url")
              .put(
                  "value",
                  u.contains("://")
                      ? u
                      : "http://" + host.get() + (u.startsWith("/") ? u : "/" + u)));
    }
    Optional<String> method = r.text("http.http_method");
    if (method.isEmpty() || url.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Observables.httpRequest(
            method.get(),
            url.get(),
            r.text("http.protocol").map(v -> v.toLowerCase(Locale.ROOT)),
            host,
            r.text("http.http_user_agent")));
  }

  private static void tls(JsonRecord r, ObservableSet set) {
    r.text("tls.sni").ifPresent(n -> Observables.domain(set, n));
    JsonObject.Builder cert = Observables.sco("x509-certificate");
    boolean any = false;
    Optional<String> fp = r.text("tls.fingerprint").map(EveObservables::hex);
    if (fp.isPresent() && Observables.hashName(fp.get()).isPresent()) {
      cert.put(
          "hashes",
          JsonObject.builder().put(Observables.hashName(fp.get()).get(), fp.get()).build());
      any = true;
    }
    any |= put(cert, "serial_number", r.text("tls.serial"));
    any |= put(cert, "subject", r.text("tls.subject"));
    any |= put(cert, "issuer", r.text("tls.issuerdn"));
    if (!any) {
      return;
    }
    r.text("tls.notbefore")
        .map(EveObservables::utc)
        .ifPresent(t -> cert.put("validity_not_before", t));
    r.text("tls.notafter")
        .map(EveObservables::utc)
        .ifPresent(t -> cert.put("validity_not_after", t));
    set.add(cert);
  }

  private static void fileinfo(JsonRecord r, ObservableSet set) {
    Observables.file(
            r.text("fileinfo.md5"),
            r.text("fileinfo.sha1"),
            r.text("fileinfo.sha256"),
            r.text("fileinfo.filename"))
        .ifPresent(
            file -> {
              r.count("fileinfo.size").ifPresent(n -> file.put("size", n));
              set.add(file);
            });
  }

  /** The flow section's counters as network-traffic properties. */
  private static JsonObject flow(JsonRecord r) {
    JsonObject.Builder extra = JsonObject.builder();
    r.count("flow.bytes_toserver").ifPresent(n -> extra.put("src_byte_count", n));
    r.count("flow.bytes_toclient").ifPresent(n -> extra.put("dst_byte_count", n));
    r.count("flow.pkts_toserver").ifPresent(n -> extra.put("src_packets", n));
    r.count("flow.pkts_toclient").ifPresent(n -> extra.put("dst_packets", n));
    r.time("flow.start").ifPresent(t -> extra.put("start", TimeText.stix(t).text()));
    r.time("flow.end").ifPresent(t -> extra.put("end", TimeText.stix(t).text()));
    return extra.build();
  }

  private static boolean put(JsonObject.Builder b, String property, Optional<String> value) {
    value.ifPresent(v -> b.put(property, v));
    return value.isPresent();
  }

  /** Suricata writes fingerprints as colon-separated hex pairs; Zeek and indicators do not. */
  private static String hex(String fingerprint) {
    return fingerprint.replace(":", "").toLowerCase(Locale.ROOT);
  }

  /** Suricata writes certificate dates without a zone; they are UTC. */
  private static String utc(String text) {
    try {
      return StixTimestamp.parse(text.endsWith("Z") ? text : text + "Z").text();
    } catch (RuntimeException e) {
      throw new ZeekRecord.BadRecordException(
          "tls.notbefore/notafter: expected a time, found '" + text + "'");
    }
  }
}
