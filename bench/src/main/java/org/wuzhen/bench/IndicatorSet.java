package org.wuzhen.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.StixObject;

/**
 * A deterministic set of STIX indicators of the shapes communities share, for the detection
 * benchmarks: the IPsum feed's addresses first, then generated IPv4 addresses, domains, URLs, MD5
 * and SHA-256 file hashes, IPv4 and IPv6 CIDR blocks, a few {@code LIKE '%.suffix'} and {@code
 * MATCHES} patterns, and values known to occur in the benchmark input (so that matches happen). The
 * same arguments always give the same indicators, ids included.
 */
public final class IndicatorSet {
  /** Shares of the generated mix, in percent; the rest of the shares goes to IPv4 addresses. */
  static final int DOMAINS = 25;

  static final int URLS = 12;
  static final int MD5 = 8;
  static final int SHA256 = 8;
  static final int V4_BLOCKS = 7;
  static final int V6_BLOCKS = 2;

  static final int LIKE_COUNT = 20;
  static final int MATCHES_COUNT = 5;

  private static final String[] TLDS = {
    "com", "net", "org", "info", "ru", "cn", "io", "xyz", "top"
  };
  private static final String[] WORDS = {
    "login", "secure", "update", "mail", "cdn", "api", "static", "account", "verify", "bank",
    "portal", "cloud", "files", "dl", "img", "app", "service", "support", "auth", "sync"
  };
  // Before the sample telemetry (2018), so its events fall inside every validity window.
  private static final String TIMESTAMP = "2015-01-01T00:00:00.000Z";

  private IndicatorSet() {}

  /** Values known to be in the benchmark input, by kind; each becomes one indicator. */
  public record Present(List<String> ipv4, List<String> domains, List<String> sha256Certificates) {
    public Present {
      ipv4 = List.copyOf(ipv4);
      domains = List.copyOf(domains);
      sha256Certificates = List.copyOf(sha256Certificates);
    }

    public int size() {
      return ipv4.size() + domains.size() + sha256Certificates.size();
    }
  }

  /**
   * {@code n} indicators: the present values and the fixed LIKE / MATCHES ones, then the mix above,
   * with IPv4 addresses from the IPsum file ({@code address<TAB>count} lines, {@code #} comments)
   * before generated ones.
   */
  public static List<StixObject> generate(int n, Path ipsum, Present present, long seed)
      throws IOException {
    List<StixObject> out = new ArrayList<>(n);
    generate(n, ipsum, present, seed, out::add);
    return out;
  }

  /** As {@link #generate(int, Path, Present, long)}, values drawn clear of {@code avoid}. */
  static List<StixObject> generate(
      int n, Path ipsum, Present present, long seed, CaptureValues avoid) throws IOException {
    List<StixObject> out = new ArrayList<>(n);
    generate(n, ipsum, present, seed, avoid, out::add);
    return out;
  }

  /** As {@link #generate(int, Path, Present, long)}, handing each indicator to {@code sink}. */
  public static void generate(
      int n, Path ipsum, Present present, long seed, Consumer<StixObject> sink) throws IOException {
    generate(n, ipsum, present, seed, CaptureValues.NONE, sink);
  }

  /**
   * As {@link #generate(int, Path, Present, long, Consumer)}, with every generated value drawn
   * again until it matches nothing {@code avoid} holds: an address or block that holds none of its
   * addresses, a domain, URL or hash none of its texts equals, a LIKE suffix none ends with, a
   * MATCHES none is found by. The IPsum addresses and the present values are kept as they are (a
   * real feed's address seen in the capture is a real hit).
   */
  static void generate(
      int n, Path ipsum, Present present, long seed, CaptureValues avoid, Consumer<StixObject> sink)
      throws IOException {
    if (n < present.size() + LIKE_COUNT + MATCHES_COUNT) {
      throw new IllegalArgumentException(
          "n: " + n + " is fewer than the present values plus the LIKE and MATCHES patterns");
    }
    Random r = new Random(seed);
    List<String> feed = ipsum(ipsum);
    Emitter emit = new Emitter(r, sink);
    for (String ip : present.ipv4()) {
      emit.pattern("[ipv4-addr:value = '" + ip + "']");
    }
    for (String d : present.domains()) {
      emit.pattern("[domain-name:value = " + quote(d) + "]");
    }
    for (String fp : present.sha256Certificates()) {
      emit.pattern("[x509-certificate:hashes.'SHA-256' = '" + fp + "']");
    }
    for (int i = 0; i < LIKE_COUNT; i++) {
      String suffix;
      do {
        suffix = "." + word(r) + "-" + i + "." + tld(r);
      } while (avoid.anyEndsWith(suffix));
      emit.pattern("[domain-name:value LIKE '%" + suffix + "']");
    }
    for (int i = 0; i < MATCHES_COUNT; i++) {
      String regex;
      do {
        regex = "^" + word(r) + "[0-9]{2,4}\\." + word(r) + "\\.";
      } while (avoid.anyFound(java.util.regex.Pattern.compile(regex)));
      emit.pattern("[domain-name:value MATCHES '" + regex.replace("\\", "\\\\") + "']");
    }
    int rest = n - emit.count;
    int[] counts = {
      rest * DOMAINS / 100,
      rest * URLS / 100,
      rest * MD5 / 100,
      rest * SHA256 / 100,
      rest * V4_BLOCKS / 100,
      rest * V6_BLOCKS / 100
    };
    int ipv4 = rest;
    for (int c : counts) {
      ipv4 -= c;
    }
    for (int i = 0; i < ipv4; i++) {
      String ip = i < feed.size() ? feed.get(i) : draw(r, avoid, IndicatorSet::ipv4);
      emit.pattern("[ipv4-addr:value = '" + ip + "']");
    }
    for (int i = 0; i < counts[0]; i++) {
      emit.pattern("[domain-name:value = '" + draw(r, avoid, IndicatorSet::domain) + "']");
    }
    for (int i = 0; i < counts[1]; i++) {
      emit.pattern("[url:value = '" + draw(r, avoid, IndicatorSet::url) + "']");
    }
    for (int i = 0; i < counts[2]; i++) {
      emit.pattern("[file:hashes.MD5 = '" + draw(r, avoid, x -> hex(x, 16)) + "']");
    }
    for (int i = 0; i < counts[3]; i++) {
      emit.pattern("[file:hashes.'SHA-256' = '" + draw(r, avoid, x -> hex(x, 32)) + "']");
    }
    for (int i = 0; i < counts[4]; i++) {
      emit.pattern("[ipv4-addr:value ISSUBSET '" + v4Block(r, avoid) + "']");
    }
    for (int i = 0; i < counts[5]; i++) {
      emit.pattern("[ipv6-addr:value ISSUBSET '" + v6Block(r, avoid) + "']");
    }
  }

  /** A value of {@code kind} that the capture does not hold. */
  private static String draw(
      Random r, CaptureValues avoid, java.util.function.Function<Random, String> kind) {
    String value;
    do {
      value = kind.apply(r);
    } while (avoid.holds(value));
    return value;
  }

  /** A block none of the capture's IPv4 addresses is in. */
  static String v4Block(Random r, CaptureValues avoid) {
    String block;
    do {
      block = v4Block(r);
    } while (avoid.coversIpv4(
        ipv4Bits(block.substring(0, block.indexOf('/'))),
        Integer.parseInt(block.substring(block.indexOf('/') + 1))));
    return block;
  }

  /** A block none of the capture's IPv6 addresses is in. */
  static String v6Block(Random r, CaptureValues avoid) {
    String block;
    do {
      block = v6Block(r);
    } while (avoid.coversIpv6(org.wuzhen.pattern.IpNetwork.parse(block).orElseThrow()));
    return block;
  }

  /** Assigns ids and wraps patterns into indicators. Mutable; one per generation. */
  private static final class Emitter {
    private final Random random;
    private final Consumer<StixObject> sink;
    int count;

    Emitter(Random random, Consumer<StixObject> sink) {
      this.random = random;
      this.sink = sink;
    }

    void pattern(String pattern) {
      UUID uuid = version4(random.nextLong(), random.nextLong());
      JsonObject o =
          JsonObject.builder()
              .put("type", "indicator")
              .put("spec_version", "2.1")
              .put("id", "indicator--" + uuid)
              .put("created", TIMESTAMP)
              .put("modified", TIMESTAMP)
              .put("pattern", new JsonString(pattern))
              .put("pattern_type", "stix")
              .put("valid_from", TIMESTAMP)
              .build();
      sink.accept(StixObject.from(o));
      count++;
    }
  }

  private static UUID version4(long hi, long lo) {
    return new UUID(
        (hi & 0xffffffffffff0fffL) | 0x0000000000004000L,
        (lo & 0x3fffffffffffffffL) | 0x8000000000000000L);
  }

  /** The feed's addresses in file order; comment and blank lines skipped. */
  static List<String> ipsum(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int tab = line.indexOf('\t');
      out.add((tab < 0 ? line : line.substring(0, tab)).strip());
    }
    return out;
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String word(Random r) {
    return WORDS[r.nextInt(WORDS.length)];
  }

  private static String tld(Random r) {
    return TLDS[r.nextInt(TLDS.length)];
  }

  private static String label(Random r, int min, int max) {
    int length = min + r.nextInt(max - min + 1);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append((char) ('a' + r.nextInt(26)));
    }
    return b.toString();
  }

  static String domain(Random r) {
    String base = label(r, 5, 12) + "." + tld(r);
    return r.nextInt(3) == 0 ? word(r) + "." + base : base;
  }

  static String url(Random r) {
    return (r.nextBoolean() ? "http://" : "https://")
        + domain(r)
        + "/"
        + word(r)
        + "/"
        + label(r, 4, 10)
        + (r.nextBoolean() ? ".php?id=" + r.nextInt(100_000) : ".exe");
  }

  static String hex(Random r, int bytes) {
    byte[] b = new byte[bytes];
    r.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A public-looking address: first octet 1-223, not 10 or 127. */
  static String ipv4(Random r) {
    int first;
    do {
      first = 1 + r.nextInt(223);
    } while (first == 10 || first == 127);
    return first + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
  }

  static String v4Block(Random r) {
    int prefix = new int[] {16, 20, 24, 24, 24, 28}[r.nextInt(6)];
    int address = ipv4Bits(ipv4(r)) & (int) (0xffffffffL << (32 - prefix));
    return (address >>> 24)
        + "."
        + ((address >>> 16) & 255)
        + "."
        + ((address >>> 8) & 255)
        + "."
        + (address & 255)
        + "/"
        + prefix;
  }

  private static int ipv4Bits(String ip) {
    String[] p = ip.split("\\.");
    return (Integer.parseInt(p[0]) << 24)
        | (Integer.parseInt(p[1]) << 16)
        | (Integer.parseInt(p[2]) << 8)
        | Integer.parseInt(p[3]);
  }

  /** A /32 to /64 block inside 2001:db8::/16-like global space, written with its zero groups. */
  static String v6Block(Random r) {
    int prefix = new int[] {32, 48, 48, 56, 64}[r.nextInt(5)];
    int[] groups = new int[8];
    groups[0] = 0x2000 + r.nextInt(0x1000);
    for (int g = 1; g < 4; g++) {
      groups[g] = r.nextInt(0x10000);
    }
    StringBuilder b = new StringBuilder();
    for (int g = 0; g < 4; g++) {
      int bitsLeft = prefix - g * 16;
      int value =
          bitsLeft >= 16
              ? groups[g]
              : bitsLeft <= 0 ? 0 : groups[g] & (0xffff << (16 - bitsLeft)) & 0xffff;
      b.append(Integer.toHexString(value)).append(':');
    }
    return b.append(":/").append(prefix).toString();
  }
}
