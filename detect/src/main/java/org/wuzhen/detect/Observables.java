package org.wuzhen.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * The cyber-observables every telemetry format builds the same way: addresses, the network-traffic
 * object of a connection, hash names, DNS names. Stateless.
 */
final class Observables {
  private Observables() {}

  static JsonObject.Builder sco(String type) {
    return JsonObject.builder().put("type", type);
  }

  /** An ipv4-addr or ipv6-addr for an address; empty when the text is not an address. */
  static Optional<String> address(ObservableSet set, String text) {
    if (!set.wants("ipv4-addr") && !set.wants("ipv6-addr")) {
      return Optional.empty();
    }
    int version = addressVersion(text);
    if (version == 0) {
      return Optional.empty();
    }
    return Optional.of(set.add(sco(version == 4 ? "ipv4-addr" : "ipv6-addr").put("value", text)));
  }

  /**
   * 4 or 6 for the text of an IPv4 or IPv6 address as {@link IpNetwork#parse} reads it, 0 for a
   * block or other text; IPv4 text is read without splitting ({@link Ipv4Text}), as it is on every
   * line.
   */
  static int addressVersion(String text) {
    if (text.indexOf('/') >= 0) {
      return 0;
    }
    if (text.indexOf(':') < 0) {
      return Ipv4Text.parse(text) == Ipv4Text.INVALID ? 0 : 4;
    }
    return IpNetwork.parse(text).isPresent() ? 6 : 0;
  }

  /** An address or a block ({@link IpNetwork#parse}). */
  static boolean isNetwork(String text) {
    return IndexKeys.block(text).isPresent();
  }

  /**
   * The connection's two endpoints and its network-traffic object (§6.12): protocols are the
   * transport (tcp when unknown) then the application protocols; {@code extra} adds properties such
   * as byte counts. Nothing is added when neither endpoint is an address.
   */
  static void connection(
      ObservableSet set,
      Optional<String> srcText,
      Optional<String> dstText,
      OptionalLong srcPort,
      OptionalLong dstPort,
      Optional<String> transport,
      List<String> application,
      Optional<JsonObject> extensions,
      JsonObject extra) {
    Optional<String> src = srcText.flatMap(t -> address(set, t));
    Optional<String> dst = dstText.flatMap(t -> address(set, t));
    if ((src.isEmpty() && dst.isEmpty()) || !set.wants("network-traffic")) {
      return;
    }
    JsonObject.Builder nt = sco("network-traffic");
    src.ifPresent(id -> nt.put("src_ref", id));
    dst.ifPresent(id -> nt.put("dst_ref", id));
    srcPort.ifPresent(p -> nt.put("src_port", p));
    dstPort.ifPresent(p -> nt.put("dst_port", p));
    List<JsonValue> protocols = new ArrayList<>();
    protocols.add(new JsonString(transport.map(p -> p.toLowerCase(Locale.ROOT)).orElse("tcp")));
    for (String p : application) {
      JsonString name = new JsonString(p.toLowerCase(Locale.ROOT));
      if (!p.isEmpty() && !protocols.contains(name)) {
        protocols.add(name);
      }
    }
    nt.put("protocols", new JsonArray(protocols));
    for (int i = 0; i < extra.size(); i++) {
      nt.put(extra.nameAt(i), extra.valueAt(i));
    }
    extensions.ifPresent(x -> nt.put("extensions", x));
    set.add(nt);
  }

  /** An IPv4 or IPv6 address (not a block). */
  static boolean isAddress(String text) {
    return addressVersion(text) != 0;
  }

  /** A DNS name, not the text of a TXT or other record a sensor lists among answers. */
  static boolean isName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Sensors write hex fingerprints; the algorithm follows from the length (§2.7 hash names). */
  static Optional<String> hashName(String hex) {
    return switch (hex.length()) {
      case 32 -> Optional.of("MD5");
      case 40 -> Optional.of("SHA-1");
      case 64 -> Optional.of("SHA-256");
      default -> Optional.empty();
    };
  }

  /**
   * The {@code http-request-ext} of a request (STIX 2.1 §6.12.2: method and value are required),
   * with its Host and User-Agent headers when known.
   */
  static JsonObject httpRequest(
      String method,
      String value,
      Optional<String> version,
      Optional<String> host,
      Optional<String> userAgent) {
    JsonObject.Builder request =
        JsonObject.builder().put("request_method", method).put("request_value", value);
    version.ifPresent(v -> request.put("request_version", v));
    JsonObject.Builder header = JsonObject.builder();
    host.ifPresent(h -> header.put("Host", h));
    userAgent.ifPresent(a -> header.put("User-Agent", a));
    JsonObject headers = header.build();
    if (!headers.isEmpty()) {
      request.put("request_header", headers);
    }
    return request.build();
  }

  /**
   * A file with whatever of its hashes and name are known; nothing is added when none is. Returns
   * the builder's content for the caller to extend, or empty.
   */
  static Optional<JsonObject.Builder> file(
      Optional<String> md5, Optional<String> sha1, Optional<String> sha256, Optional<String> name) {
    JsonObject.Builder hashes = JsonObject.builder();
    md5.ifPresent(h -> hashes.put("MD5", h));
    sha1.ifPresent(h -> hashes.put("SHA-1", h));
    sha256.ifPresent(h -> hashes.put("SHA-256", h));
    JsonObject built = hashes.build();
    if (built.isEmpty() && name.isEmpty()) {
      return Optional.empty();
    }
    JsonObject.Builder file = sco("file");
    if (!built.isEmpty()) {
      file.put("hashes", built);
    }
    name.ifPresent(n -> file.put("name", n));
    return Optional.of(file);
  }

  /** A domain-name for a host name that is not an address; its id, or empty. */
  static Optional<String> domain(ObservableSet set, String name) {
    if (!isName(name) || isNetwork(name)) {
      return Optional.empty();
    }
    return Optional.of(set.add(sco("domain-name").put("value", name)));
  }
}
