package org.wuzhen.misp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;

/**
 * misp-stix's table for single attributes (documentation/misp_attributes_to_stix21.md): the STIX
 * pattern of a {@code to_ids} attribute and the SCOs of its observed-data. Types not in the table
 * have no STIX equivalent here and become {@code x-misp-attribute} objects.
 */
final class AttributePatterns {
  private AttributePatterns() {}

  /** MISP hash types to the key misp-stix writes in patterns and {@code hashes}. */
  static final Map<String, String> HASHES =
      Map.of(
          "md5", "MD5",
          "sha1", "SHA1",
          "sha256", "SHA256",
          "sha512", "SHA512",
          "ssdeep", "SSDEEP",
          "tlsh", "TLSH");

  /**
   * One SCO of a mapping, without id.
   *
   * @param type the SCO type
   * @param properties its properties
   */
  record Sco(String type, JsonObject properties) {}

  /** A mapped attribute: its pattern and its SCOs (the first is the main one). */
  record Mapped(String pattern, List<Sco> scos) {}

  static Optional<Mapped> of(String type, String value) {
    String hash = HASHES.get(type);
    if (hash != null) {
      return mapped(
          "[file:hashes." + hash + " = '" + quote(value) + "']",
          new Sco("file", props("hashes", one(hash, value))));
    }
    if (type.startsWith("filename|") && HASHES.containsKey(type.substring(9))) {
      String[] p = split(value);
      String a = HASHES.get(type.substring(9));
      return mapped(
          "[file:name = '" + quote(p[0]) + "' AND file:hashes." + a + " = '" + quote(p[1]) + "']",
          new Sco(
              "file", JsonObject.builder().put("name", p[0]).put("hashes", one(a, p[1])).build()));
    }
    return switch (type) {
      case "filename" ->
          mapped("[file:name = '" + quote(value) + "']", new Sco("file", props("name", value)));
      case "domain", "hostname" ->
          mapped(
              "[domain-name:value = '" + quote(value) + "']",
              new Sco("domain-name", props("value", value)));
      case "domain|ip" -> {
        String[] p = split(value);
        yield mapped(
            "[domain-name:value = '"
                + quote(p[0])
                + "' AND domain-name:resolves_to_refs[*].value = '"
                + quote(p[1])
                + "']",
            new Sco("domain-name", props("value", p[0])),
            new Sco(address(p[1]), props("value", p[1])));
      }
      case "ip-dst", "ip-src" -> {
        String side = type.equals("ip-dst") ? "dst" : "src";
        yield mapped(
            "[network-traffic:"
                + side
                + "_ref.type = '"
                + address(value)
                + "' AND network-traffic:"
                + side
                + "_ref.value = '"
                + quote(value)
                + "']",
            new Sco(address(value), props("value", value)));
      }
      case "url" ->
          mapped("[url:value = '" + quote(value) + "']", new Sco("url", props("value", value)));
      case "regkey" ->
          mapped(
              "[windows-registry-key:key = '" + quote(value) + "']",
              new Sco("windows-registry-key", props("key", value)));
      case "regkey|value" -> {
        String[] p = split(value);
        yield mapped(
            "[windows-registry-key:key = '"
                + quote(p[0])
                + "' AND windows-registry-key:values[*].data = '"
                + quote(p[1])
                + "']",
            new Sco(
                "windows-registry-key",
                JsonObject.builder()
                    .put("key", p[0])
                    .put("values", new JsonArray(List.of(props("data", p[1]))))
                    .build()));
      }
      case "mutex" ->
          mapped("[mutex:name = '" + quote(value) + "']", new Sco("mutex", props("name", value)));
      case "email-src" ->
          mapped(
              "[email-message:from_ref.value = '" + quote(value) + "']",
              new Sco("email-addr", props("value", value)));
      case "email-dst" ->
          mapped(
              "[email-message:to_refs[*].value = '" + quote(value) + "']",
              new Sco("email-addr", props("value", value)));
      default -> Optional.empty();
    };
  }

  /** STIX pattern string literal (§9.2): backslash and quote escaped. */
  static String quote(String v) {
    return v.replace("\\", "\\\\").replace("'", "\\'");
  }

  static String address(String ip) {
    return ip.indexOf(':') >= 0 ? "ipv6-addr" : "ipv4-addr";
  }

  /** A {@code |}-combined value; a value without {@code |} gives an empty second half. */
  static String[] split(String value) {
    int bar = value.indexOf('|');
    return bar < 0
        ? new String[] {value, ""}
        : new String[] {value.substring(0, bar), value.substring(bar + 1)};
  }

  private static Optional<Mapped> mapped(String pattern, Sco... scos) {
    return Optional.of(new Mapped(pattern, List.of(scos)));
  }

  static JsonObject props(String name, String value) {
    return JsonObject.builder().put(name, value).build();
  }

  static JsonObject props(String name, JsonObject value) {
    return JsonObject.builder().put(name, value).build();
  }

  private static JsonObject one(String name, String value) {
    return JsonObject.builder().put(name, new JsonString(value)).build();
  }
}
