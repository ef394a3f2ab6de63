package org.wuzhen.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.ScoIds;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;

/**
 * What an analyst's value can be: a STIX id, or an observable whose cyber-observable object has a
 * deterministic id (STIX 2.1 §2.9). The lookup then is an exact match on ids, which the store
 * indexes: no scan, whatever the store's size.
 */
final class Observables {
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(/([0-9]|[12][0-9]|3[0-2]))?");
  private static final Pattern IPV6 =
      Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(/[0-9]{1,3})?");
  private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");
  private static final Pattern MAC = Pattern.compile("([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z][A-Za-z0-9-]{0,62}\\.?");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}");

  private Observables() {}

  /**
   * A value and the ids of the objects it would be.
   *
   * @param kind what the value was read as ("ipv4-addr", "STIX id", ...); empty when nothing
   */
  record Candidate(String value, String kind, List<String> ids) {
    Candidate {
      ids = List.copyOf(ids);
    }
  }

  static Candidate of(String raw) {
    String value = raw.strip();
    if (value.isEmpty()) {
      return new Candidate(value, "", List.of());
    }
    Optional<StixId> id = stixId(value);
    if (id.isPresent()) {
      return new Candidate(value, "STIX id", List.of(id.get().toString()));
    }
    if (IPV4.matcher(value).matches()) {
      return sco(value, "ipv4-addr", "value", List.of(value));
    }
    if (MAC.matcher(value).matches()) {
      return sco(
          value, "mac-addr", "value", List.of(value.toLowerCase(Locale.ROOT).replace('-', ':')));
    }
    if (IPV6.matcher(value).matches() && value.length() <= 49) {
      return sco(value, "ipv6-addr", "value", variants(value));
    }
    if (value.length() <= 128 && HEX.matcher(value).matches()) {
      String algorithm =
          switch (value.length()) {
            case 32 -> "MD5";
            case 40 -> "SHA-1";
            case 64 -> "SHA-256";
            case 128 -> "SHA-512";
            default -> "";
          };
      if (!algorithm.isEmpty()) {
        Set<String> ids = new LinkedHashSet<>();
        for (String v : variants(value)) {
          JsonObject hashes = JsonObject.builder().put(algorithm, v).build();
          ScoIds.compute(JsonObject.builder().put("type", "file").put("hashes", hashes).build())
              .ifPresent(i -> ids.add(i.toString()));
        }
        return new Candidate(value, "file " + algorithm, List.copyOf(ids));
      }
    }
    if (value.contains("://")) {
      return sco(value, "url", "value", List.of(value));
    }
    if (EMAIL.matcher(value).matches()) {
      return sco(value, "email-addr", "value", variants(value));
    }
    if (DOMAIN.matcher(value).matches()) {
      String name = value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
      return sco(value, "domain-name", "value", variants(name));
    }
    return new Candidate(value, "", List.of());
  }

  /** The value as given, then lower-cased and upper-cased (producers differ; ids differ too). */
  private static List<String> variants(String value) {
    Set<String> out = new LinkedHashSet<>();
    out.add(value);
    out.add(value.toLowerCase(Locale.ROOT));
    out.add(value.toUpperCase(Locale.ROOT));
    return List.copyOf(out);
  }

  private static Candidate sco(String value, String type, String property, List<String> forms) {
    Set<String> ids = new LinkedHashSet<>();
    for (String form : forms) {
      ScoIds.compute(JsonObject.builder().put("type", type).put(property, form).build())
          .ifPresent(i -> ids.add(i.toString()));
    }
    return new Candidate(value, type, List.copyOf(ids));
  }

  private static Optional<StixId> stixId(String value) {
    if (!value.contains("--")) {
      return Optional.empty();
    }
    try {
      return Optional.of(StixId.parse(value));
    } catch (StixFormatException e) {
      return Optional.empty();
    }
  }
}
