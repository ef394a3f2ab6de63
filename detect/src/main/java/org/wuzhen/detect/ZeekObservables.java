package org.wuzhen.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixTimestamp;

/**
 * Turns one Zeek record into an event: the STIX 2.1 cyber-observables (§6) it shows. Every record
 * with {@code id.orig_h}/{@code id.resp_h} gives two addresses and a network-traffic object; each
 * log adds its own: dns the query and answers, ssl the server name and certificate hashes, x509 the
 * certificate, http the host, URL and request, files the hashes, smtp the addresses, notice its src
 * and dst. Every observable of the wanted types is built; given {@link MatchFields} the objects
 * keep only what the plan reads ({@link ObservableSet}). Stateless.
 */
final class ZeekObservables {
  private ZeekObservables() {}

  static Event toEvent(ZeekRecord r, String source, ObservableTypes wanted) {
    Instant ts = r.time("ts").orElseThrow(() -> new ZeekRecord.BadRecordException("ts: missing"));
    ObservableSet set = new ObservableSet(source, wanted);
    switch (r.logPath()) {
      case "dns" -> dns(r, set);
      case "ssl" -> ssl(r, set);
      case "x509" -> x509(r, set);
      case "http" -> http(r, set);
      case "files" -> files(r, set);
      case "smtp" -> smtp(r, set);
      case "notice" -> notice(r, set);
      case "conn" -> conn(r, set);
      default -> connection(r, set, List.of(), Optional.empty());
    }
    return new Event(source, timestamp(ts), set.objects());
  }

  private static StixTimestamp timestamp(Instant t) {
    return TimeText.stix(t);
  }

  private static JsonObject.Builder sco(String type) {
    return Observables.sco(type);
  }

  private static Optional<String> address(ObservableSet set, String text) {
    return Observables.address(set, text);
  }

  private static Optional<String> address(ObservableSet set, Optional<String> text) {
    return text.flatMap(t -> Observables.address(set, t));
  }

  /** The connection's two endpoints and its network-traffic object (§6.12). */
  private static void connection(
      ZeekRecord r, ObservableSet set, List<String> application, Optional<JsonObject> extensions) {
    connection(r, set, application, extensions, JsonObject.EMPTY);
  }

  private static void connection(
      ZeekRecord r,
      ObservableSet set,
      List<String> application,
      Optional<JsonObject> extensions,
      JsonObject extra) {
    Observables.connection(
        set,
        r.text("id.orig_h"),
        r.text("id.resp_h"),
        r.count("id.orig_p"), // read (and type-checked) even when unused
        r.count("id.resp_p"),
        r.text("proto"),
        application,
        extensions,
        extra);
  }

  private static void dns(ZeekRecord r, ObservableSet set) {
    List<JsonValue> resolved = new ArrayList<>();
    for (String answer : r.texts("answers")) {
      if (Observables.isAddress(answer)) {
        address(set, answer).ifPresent(ip -> resolved.add(new JsonString(ip)));
      } else if (isName(answer) && set.wants("domain-name")) {
        resolved.add(new JsonString(set.add(sco("domain-name").put("value", answer))));
      }
    }
    r.text("query")
        .filter(ZeekObservables::isName)
        .ifPresent(
            q -> {
              JsonObject.Builder d = sco("domain-name").put("value", q);
              if (!resolved.isEmpty()) {
                d.put("resolves_to_refs", new JsonArray(resolved));
              }
              set.add(d);
            });
    connection(r, set, List.of("dns"), Optional.empty());
  }

  private static boolean isName(String s) {
    return Observables.isName(s);
  }

  private static void ssl(ZeekRecord r, ObservableSet set) {
    // An SNI that is an address adds nothing: the responder address is already there.
    r.text("server_name")
        .filter(ZeekObservables::isName)
        .filter(n -> !Observables.isNetwork(n))
        .ifPresent(n -> set.add(sco("domain-name").put("value", n)));
    for (String fp : r.texts("cert_chain_fps")) {
      hashName(fp)
          .ifPresent(
              algorithm ->
                  set.add(
                      sco("x509-certificate")
                          .put("hashes", JsonObject.builder().put(algorithm, fp).build())));
    }
    connection(r, set, List.of("ssl"), Optional.empty());
  }

  private static Optional<String> hashName(String hex) {
    return Observables.hashName(hex);
  }

  private static void x509(ZeekRecord r, ObservableSet set) {
    JsonObject.Builder cert = sco("x509-certificate");
    boolean any = false;
    Optional<String> fp = r.text("fingerprint");
    if (fp.isPresent() && hashName(fp.get()).isPresent()) {
      cert.put("hashes", JsonObject.builder().put(hashName(fp.get()).get(), fp.get()).build());
      any = true;
    }
    any |= putText(cert, "serial_number", r.text("certificate.serial"));
    any |= putText(cert, "subject", r.text("certificate.subject"));
    any |= putText(cert, "issuer", r.text("certificate.issuer"));
    r.time("certificate.not_valid_before")
        .ifPresent(t -> cert.put("validity_not_before", timestamp(t).text()));
    r.time("certificate.not_valid_after")
        .ifPresent(t -> cert.put("validity_not_after", timestamp(t).text()));
    if (any) {
      set.add(cert);
    }
  }

  private static boolean putText(JsonObject.Builder b, String property, Optional<String> value) {
    value.ifPresent(v -> b.put(property, v));
    return value.isPresent();
  }

  private static void http(ZeekRecord r, ObservableSet set) {
    Optional<String> host = r.text("host");
    Optional<String> uri = r.text("uri");
    host.filter(h -> !Observables.isNetwork(h))
        .filter(ZeekObservables::isName)
        .ifPresent(h -> set.add(sco("domain-name").put("value", h)));
    if (host.isPresent()) {
      set.add(sco("url").put("value", "http://" + host.get() + uri.orElse("/")));
    }
    Optional<JsonObject> extensions = Optional.empty();
    Optional<String> method = r.text("method");
    if (method.isPresent() && uri.isPresent()) {
      JsonObject request =
          Observables.httpRequest(
              method.get(),
              uri.get(),
              r.text("version").map(v -> "http/" + v),
              host,
              r.text("user_agent"));
      extensions = Optional.of(JsonObject.builder().put("http-request-ext", request).build());
    }
    connection(r, set, List.of("http"), extensions);
  }

  private static void files(ZeekRecord r, ObservableSet set) {
    Optional<JsonObject.Builder> file =
        Observables.file(r.text("md5"), r.text("sha1"), r.text("sha256"), r.text("filename"));
    OptionalLong size = r.count("total_bytes");
    Optional<String> mime = r.text("mime_type");
    file.ifPresent(
        f -> {
          mime.ifPresent(m -> f.put("mime_type", m));
          size.ifPresent(n -> f.put("size", n));
          set.add(f);
        });
    for (String host : r.texts("tx_hosts")) {
      address(set, host);
    }
    for (String host : r.texts("rx_hosts")) {
      address(set, host);
    }
    connection(r, set, List.of(), Optional.empty());
  }

  private static void smtp(ZeekRecord r, ObservableSet set) {
    r.text("mailfrom")
        .map(ZeekObservables::mailbox)
        .filter(ZeekObservables::isName)
        .ifPresent(m -> set.add(sco("email-addr").put("value", m)));
    for (String to : r.texts("rcptto")) {
      String m = mailbox(to);
      if (isName(m)) {
        set.add(sco("email-addr").put("value", m));
      }
    }
    connection(r, set, List.of("smtp"), Optional.empty());
  }

  /** SMTP envelope addresses may come as {@code <a@b>}. */
  private static String mailbox(String s) {
    String t = s.strip();
    return t.startsWith("<") && t.endsWith(">") ? t.substring(1, t.length() - 1) : t;
  }

  private static void notice(ZeekRecord r, ObservableSet set) {
    address(set, r.text("src"));
    address(set, r.text("dst"));
    connection(r, set, List.of(), Optional.empty());
  }

  private static void conn(ZeekRecord r, ObservableSet set) {
    List<String> services = new ArrayList<>();
    r.text("service")
        .ifPresent(s -> services.addAll(List.of(s.toLowerCase(Locale.ROOT).split(","))));
    JsonObject.Builder extra = JsonObject.builder();
    r.count("orig_bytes").ifPresent(n -> extra.put("src_byte_count", n));
    r.count("resp_bytes").ifPresent(n -> extra.put("dst_byte_count", n));
    r.count("orig_pkts").ifPresent(n -> extra.put("src_packets", n));
    r.count("resp_pkts").ifPresent(n -> extra.put("dst_packets", n));
    connection(r, set, services, Optional.empty(), extra.build());
  }
}
