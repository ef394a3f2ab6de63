package org.wuzhen.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.StixTimestamp;

/**
 * Free text pasted into the import page, turned into STIX indicators: every token that reads as an
 * observable ({@link Observables}: IPv4/IPv6 with or without CIDR, domain, URL, e-mail, MAC,
 * MD5/SHA-1/SHA-256/SHA-512) becomes one indicator with a STIX pattern comparing that value; the
 * rest is listed as not understood. Defanged forms ({@code hxxp}, {@code [.]}, {@code (.)}) are
 * read as their plain form.
 */
final class FreeText {
  static final int MAX_VALUES = 10_000;

  /** Object paths of the pattern per observable kind (STIX 2.1 §9 and its SCOs). */
  private static final Map<String, String> PATHS =
      Map.of(
          "ipv4-addr", "ipv4-addr:value",
          "ipv6-addr", "ipv6-addr:value",
          "domain-name", "domain-name:value",
          "url", "url:value",
          "email-addr", "email-addr:value",
          "mac-addr", "mac-addr:value",
          "file MD5", "file:hashes.MD5",
          "file SHA-1", "file:hashes.'SHA-1'",
          "file SHA-256", "file:hashes.'SHA-256'",
          "file SHA-512", "file:hashes.'SHA-512'");

  private FreeText() {}

  /** The indicators made of a text, and the tokens that were not observables. */
  record Read(List<JsonObject> indicators, List<String> ignored) {}

  /**
   * @throws IllegalArgumentException when the text holds more than {@link #MAX_VALUES} tokens
   */
  static Read read(String text, String createdBy, Instant now) {
    Set<String> tokens = new LinkedHashSet<>();
    for (String token : text.split("[\\s,;\"<>]+")) {
      String t = refang(token.strip());
      if (!t.isEmpty()) {
        tokens.add(t);
      }
    }
    if (tokens.size() > MAX_VALUES) {
      throw new IllegalArgumentException(
          tokens.size() + " distinct values; an import takes at most " + MAX_VALUES);
    }
    String t = StixTimestamp.ofMillis(now).text();
    List<JsonObject> indicators = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (String token : tokens) {
      Observables.Candidate c = Observables.of(token);
      Optional<String> path = Optional.ofNullable(PATHS.get(c.kind()));
      if (path.isEmpty()) {
        ignored.add(token);
        continue;
      }
      indicators.add(
          JsonObject.builder()
              .put("type", "indicator")
              .put("spec_version", "2.1")
              .put("id", "indicator--" + UUID.randomUUID())
              .put("created_by_ref", createdBy)
              .put("created", t)
              .put("modified", t)
              .put("name", c.kind() + " " + c.value())
              .put("indicator_types", new JsonArray(List.of(new JsonString("malicious-activity"))))
              .put("pattern", "[" + path.get() + " = '" + quoted(c.value()) + "']")
              .put("pattern_type", "stix")
              .put("valid_from", t)
              .build());
    }
    return new Read(indicators, ignored);
  }

  /** A STIX pattern string literal's content: backslash and quote escaped (STIX 2.1 §9.2). */
  private static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("'", "\\'");
  }

  private static String refang(String token) {
    String t = token.replace("[.]", ".").replace("(.)", ".").replace("[:]", ":");
    if (t.regionMatches(true, 0, "hxxp", 0, 4)) {
      t = "http" + t.substring(4);
    }
    return t;
  }
}
