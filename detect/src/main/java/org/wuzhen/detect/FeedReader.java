package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.wuzhen.pattern.IpNetwork;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.ScoIds;
import org.wuzhen.stix.StixTimestamp;

/**
 * Reads a plain-text indicator feed into STIX indicators with deterministic ids: the same value
 * always gives the same indicator id (UUIDv5 over the pattern). Lines starting with {@code #} are
 * comments; a line that is not an entry of the format is counted with its number and what was
 * wrong, and skipped.
 */
public final class FeedReader {
  /** The first bad lines kept with their reason; the others are only counted. */
  public static final int MAX_BAD_LINES_KEPT = 100;

  /**
   * Namespace of the indicator ids; it was {@code wuzhen indicators import}'s, ids must not move.
   */
  static final UUID NAMESPACE = ScoIds.uuidV5(ScoIds.NAMESPACE, "wuzhen indicators import");

  private static final String DOMAIN =
      "(?i)[a-z0-9_]([a-z0-9_-]{0,62}[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]{0,62}[a-z0-9_])?)+\\.?";

  /** The feed formats. */
  public enum Format {
    /** One IP address or CIDR block, domain, URL, e-mail address or hash per line. */
    PLAIN("plain"),
    /** IPsum's {@code IP<TAB>count} lines: the count is how many blocklists name the address. */
    IPSUM("ipsum");

    private final String text;

    Format(String text) {
      this.text = text;
    }

    /** The format's name, as users write it. */
    public String text() {
      return text;
    }
  }

  /**
   * What a feed gave: one indicator per distinct pattern, in feed order, and the lines skipped.
   *
   * @param badLines the first {@link #MAX_BAD_LINES_KEPT} bad lines, each with its reason
   */
  public record Result(
      List<JsonObject> indicators, long badLineCount, List<ReadReport.BadLine> badLines) {
    public Result {
      indicators = List.copyOf(indicators);
      badLines = List.copyOf(badLines);
    }
  }

  /** One entry: its STIX pattern and a description. */
  record Entry(String pattern, String description) {}

  /** A line that is not an entry, and why. */
  static final class BadEntry extends Exception {
    private static final long serialVersionUID = 1L;

    BadEntry(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Format format;
  private final StixTimestamp validFrom;

  /**
   * @param validFrom the indicators' valid_from, created and modified
   */
  public FeedReader(Format format, StixTimestamp validFrom) {
    this.format = requireNonNull(format, "format");
    this.validFrom = requireNonNull(validFrom, "validFrom");
  }

  /**
   * Reads a feed as UTF-8 to its end.
   *
   * @param name names the feed in bad lines, e.g. its file name
   */
  public Result read(String name, InputStream in) throws IOException {
    requireNonNull(name, "name");
    List<JsonObject> indicators = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<ReadReport.BadLine> badLines = new ArrayList<>();
    long bad = 0;
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    long number = 0;
    while ((line = lines.readLine()) != null) {
      number++;
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      Entry entry;
      try {
        entry = format == Format.IPSUM ? ipsum(text) : plain(text);
      } catch (BadEntry e) {
        if (++bad <= MAX_BAD_LINES_KEPT) {
          badLines.add(
              new ReadReport.BadLine(
                  name,
                  number,
                  "not a valid "
                      + format.text()
                      + " line: '"
                      + abbreviate(text)
                      + "' ("
                      + e.getMessage()
                      + ")"));
        }
        continue;
      }
      if (seen.add(entry.pattern())) {
        indicators.add(indicator(entry, validFrom));
      }
    }
    return new Result(indicators, bad, badLines);
  }

  static Entry ipsum(String line) throws BadEntry {
    String[] parts = line.split("\\s+");
    if (parts.length != 2) {
      throw new BadEntry("expected an IP address, a tab and a count");
    }
    if (!parts[1].chars().allMatch(Character::isDigit) || parts[1].length() > 6) {
      throw new BadEntry("count '" + parts[1] + "' is not a number of at most 6 digits");
    }
    Optional<IpNetwork> ip = IpNetwork.parse(parts[0]);
    if (ip.isEmpty()) {
      throw new BadEntry("'" + parts[0] + "' is not an IP address");
    }
    if (parts[0].contains("/")) {
      throw new BadEntry("'" + parts[0] + "' is a CIDR block, expected one address");
    }
    return new Entry(
        "[" + (ip.get().isV4() ? "ipv4-addr" : "ipv6-addr") + ":value = " + literal(parts[0]) + "]",
        "IPsum: listed on " + Integer.parseInt(parts[1]) + " blocklists");
  }

  static Entry plain(String value) throws BadEntry {
    if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || value.contains(" ")) {
      throw new BadEntry("holds a space or a control character; expected one value per line");
    }
    Optional<IpNetwork> ip = IpNetwork.parse(value);
    if (ip.isPresent()) {
      String type = ip.get().isV4() ? "ipv4-addr" : "ipv6-addr";
      boolean block = value.contains("/");
      return new Entry(
          "[" + type + ":value " + (block ? "ISSUBSET " : "= ") + literal(value) + "]",
          "plain feed");
    }
    if (value.contains("://")) {
      return new Entry("[url:value = " + literal(value) + "]", "plain feed");
    }
    if (value.indexOf('@') > 0 && value.indexOf('@') == value.lastIndexOf('@')) {
      return new Entry("[email-addr:value = " + literal(value) + "]", "plain feed");
    }
    boolean hex = value.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    if (hex) {
      Optional<String> algorithm =
          switch (value.length()) {
            case 32 -> Optional.of("MD5");
            case 40 -> Optional.of("'SHA-1'");
            case 64 -> Optional.of("'SHA-256'");
            case 128 -> Optional.of("'SHA-512'");
            default -> Optional.empty();
          };
      if (algorithm.isPresent()) {
        return new Entry(
            "[file:hashes."
                + algorithm.get()
                + " = "
                + literal(value.toLowerCase(Locale.ROOT))
                + "]",
            "plain feed");
      }
    }
    if (value.matches(DOMAIN)) {
      return new Entry(
          "[domain-name:value = " + literal(value.toLowerCase(Locale.ROOT)) + "]", "plain feed");
    }
    boolean ipLike =
        value.matches("[0-9./]*[./][0-9./]*")
            || value.contains(":") && value.matches("(?i)[0-9a-f:./]+");
    if (ipLike) {
      throw new BadEntry("not a valid IP address or CIDR block");
    }
    if (hex) {
      throw new BadEntry(
          value.length()
              + " hex digits: an MD5, SHA-1, SHA-256 or SHA-512 hash has 32, 40, 64 or 128");
    }
    throw new BadEntry(
        "not an IP address, CIDR block, URL, e-mail address, MD5/SHA-1/SHA-256/SHA-512 hash or"
            + " domain name");
  }

  /** A STIX pattern string literal (§9.6.1: backslash and quote escaped). */
  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  static JsonObject indicator(Entry entry, StixTimestamp from) {
    String id = "indicator--" + ScoIds.uuidV5(NAMESPACE, entry.pattern());
    return JsonObject.builder()
        .put("type", "indicator")
        .put("spec_version", "2.1")
        .put("id", id)
        .put("created", from.text())
        .put("modified", from.text())
        .put("description", entry.description())
        .put("indicator_types", new JsonArray(List.of(new JsonString("malicious-activity"))))
        .put("pattern", entry.pattern())
        .put("pattern_type", "stix")
        .put("pattern_version", "2.1")
        .put("valid_from", from.text())
        .build();
  }

  private static String abbreviate(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }
}
