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
    Optional<IpNetwork> ip = IpNetwork.parse(text);
    if (ip.isEmpty() || text.indexOf('/') >= 0) {
      return Optional.empty();
    }
    return Optional.of(
        set.add(sco(ip.get().isV4() ? "ipv4-addr" : "ipv6-addr").put("value", text)));
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
    if (src.isEmpty() && dst.isEmpty()) {
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

  /** A domain-name for a host name that is not an address; its id, or empty. */
  static Optional<String> domain(ObservableSet set, String name) {
    if (!isName(name) || IpNetwork.parse(name).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(set.add(sco("domain-name").put("value", name)));
  }
}
