package org.wuzhen.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.wuzhen.pattern.ObservedData;
import org.wuzhen.pattern.PatternEvaluator;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;

/**
 * Differential test: on random single-observation indicators and random events, the engine's
 * matches are exactly the reference evaluator's, run on every indicator for every event. Each
 * engine match is thus confirmed, and no evaluator match is missed (for indexed patterns too, since
 * the fallback ones are checked on every event anyway). Seeded: a failure names its seed.
 */
class EngineAgreesWithEvaluatorTest {
  private static final String[] IPV4 = {
    "10.0.0.1", "10.0.0.2", "10.1.2.3", "192.168.1.1", "203.0.113.9"
  };
  private static final String[] IPV6 = {"2001:db8::1", "2001:db8:1::5", "fe80::1"};
  private static final String[] DOMAINS = {
    "a.example.org",
    "b.example.org",
    "example.org",
    "evil.test",
    "x.evil.test",
    "caf\u00e9.test",
    "cafe\u0301.test"
  };
  private static final String[] FILE_NAMES = {"a.exe", "caf\u00e9.doc", "cafe\u0301.doc"};
  private static final String[] MD5 = {
    "d41d8cd98f00b204e9800998ecf8427e",
    "D41D8CD98F00B204E9800998ECF8427E",
    "0123456789abcdef0123456789abcdef"
  };
  private static final int[] PORTS = {53, 80, 443, 8080};
  private static final String[] PROTOCOLS = {"tcp", "udp", "dns", "http"};
  private static final String[] LIKES = {
    "%.example.org", "a.%", "%evil%", "_.example.org", "caf%", "%\u00e9.test", "caf\u00e9.test",
    "%", "10.%", "%.1", "%.exe", "cafe\u0301%", "d41d%", "%cdef"
  };
  private static final String[] REGEXES = {"^a\\.", "org$", "[0-9]+", "\u00e9", "evil", "^10\\."};
  private static final String[] BLOCKS = {
    "10.0.0.0/8",
    "10.1.0.0/16",
    "192.168.1.1",
    "2001:db8::/32",
    "0.0.0.0/0",
    "203.0.113.0/24",
    "::/0",
    "10.0.0.2/31"
  };

  private record Path(String text, boolean number, boolean address) {}

  private static final Path[] PATHS = {
    new Path("ipv4-addr:value", false, true),
    new Path("ipv6-addr:value", false, true),
    new Path("domain-name:value", false, false),
    new Path("domain-name:resolves_to_refs[*].value", false, true),
    new Path("network-traffic:dst_port", true, false),
    new Path("network-traffic:dst_ref.value", false, true),
    new Path("network-traffic:protocols[*]", false, false),
    new Path("file:size", true, false),
    new Path("file:name", false, false),
    new Path("file:hashes.MD5", false, false),
  };

  private static <T> T pick(Random r, T[] from) {
    return from[r.nextInt(from.length)];
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String anyString(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> pick(r, IPV4);
      case 1 -> pick(r, IPV6);
      case 2 -> pick(r, FILE_NAMES);
      case 3 -> pick(r, MD5);
      default -> r.nextBoolean() ? pick(r, DOMAINS) : pick(r, PROTOCOLS);
    };
  }

  private static String number(Random r) {
    int n =
        r.nextBoolean() ? PORTS[r.nextInt(PORTS.length)] : new int[] {0, 100, 4096}[r.nextInt(3)];
    return r.nextInt(4) == 0 ? n + ".0" : Integer.toString(n);
  }

  private static String comparison(Random r) {
    Path p = pick(r, PATHS);
    String not = r.nextInt(6) == 0 ? "NOT " : "";
    if (p.number()) {
      String op = pick(r, new String[] {"=", "=", "IN", "!=", ">", "<="});
      String value = op.equals("IN") ? "(" + number(r) + ", " + number(r) + ")" : number(r);
      return p.text() + " " + not + op + " " + value;
    }
    int choice = r.nextInt(p.address() ? 9 : 7);
    return switch (choice) {
      case 0, 1 -> p.text() + " " + not + "= " + quote(anyString(r));
      case 2 ->
          p.text() + " " + not + "IN (" + quote(anyString(r)) + ", " + quote(anyString(r)) + ")";
      case 3 -> p.text() + " " + not + "LIKE " + quote(pick(r, LIKES));
      case 4 -> p.text() + " " + not + "MATCHES " + quote(pick(r, REGEXES));
      case 5 -> p.text() + " " + pick(r, new String[] {"!=", ">", "<"}) + " " + quote(anyString(r));
      case 6 -> "EXISTS " + p.text();
      case 7 -> p.text() + " " + not + "ISSUBSET " + quote(pick(r, BLOCKS));
      default -> p.text() + " " + not + "ISSUPERSET " + quote(pick(r, BLOCKS));
    };
  }

  private static String expression(Random r, int depth) {
    if (depth == 0 || r.nextInt(3) == 0) {
      return comparison(r);
    }
    String op = r.nextBoolean() ? " AND " : " OR ";
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < 2 + r.nextInt(2); i++) {
      parts.add(expression(r, depth - 1));
    }
    return "(" + String.join(op, parts) + ")";
  }

  /**
   * Mostly one bracket; else forms one event decides (OR of brackets, WITHIN, START/STOP, REPEATS
   * 1) and forms it cannot (AND, FOLLOWEDBY, REPEATS 2: never a match on one event).
   */
  static String observationExpression(Random r) {
    String a = "[" + expression(r, 2) + "]";
    String b = "[" + expression(r, 1) + "]";
    return switch (r.nextInt(12)) {
      case 0 -> a + " OR " + b;
      case 1 -> a + " WITHIN 10 SECONDS";
      case 2 ->
          "(" + a + " OR " + b + ") START t'2024-05-01T00:00:00Z' STOP t'2024-05-02T00:00:00Z'";
      case 3 -> a + " START t'2024-05-01T00:00:00Z' STOP t'2024-05-01T12:00:00Z'";
      case 4 -> a + " REPEATS 1 TIMES";
      case 5 -> a + (r.nextBoolean() ? " AND " : " FOLLOWEDBY ") + b;
      case 6 -> a + " REPEATS 2 TIMES";
      default -> a;
    };
  }

  static Event event(Random r, int n) {
    List<JsonObject> scos = new ArrayList<>();
    List<JsonObject> addresses = new ArrayList<>();
    for (int i = 0; i < 1 + r.nextInt(2); i++) {
      addresses.add(Fixtures.ip(r.nextInt(4) == 0 ? pick(r, IPV6) : pick(r, IPV4)));
    }
    scos.addAll(addresses);
    for (int i = 0; i < r.nextInt(3); i++) {
      JsonObject d = Fixtures.domain(pick(r, DOMAINS));
      if (r.nextBoolean()) {
        d =
            Fixtures.sco(
                "{\"type\":\"domain-name\",\"value\":"
                    + org.wuzhen.stix.Json.write(d.get("value").orElseThrow())
                    + ",\"resolves_to_refs\":[\""
                    + addresses.get(r.nextInt(addresses.size())).string("id").orElseThrow()
                    + "\"]}");
      }
      scos.add(d);
    }
    if (r.nextBoolean()) {
      JsonObject src = addresses.get(0);
      JsonObject dst = addresses.get(addresses.size() - 1);
      scos.add(
          Fixtures.sco(
              "{\"type\":\"network-traffic\",\"src_ref\":\""
                  + src.string("id").orElseThrow()
                  + "\",\"dst_ref\":\""
                  + dst.string("id").orElseThrow()
                  + "\",\"dst_port\":"
                  + PORTS[r.nextInt(PORTS.length)]
                  + ",\"protocols\":[\""
                  + pick(r, PROTOCOLS)
                  + "\",\""
                  + pick(r, PROTOCOLS)
                  + "\"]}"));
    }
    if (r.nextInt(3) == 0) {
      scos.add(
          Fixtures.sco(
              "{\"type\":\"file\",\"name\":"
                  + org.wuzhen.stix.Json.write(new org.wuzhen.stix.JsonString(pick(r, FILE_NAMES)))
                  + ",\"size\":"
                  + new String[] {"0", "100", "100.0", "4096"}[r.nextInt(4)]
                  + ",\"hashes\":{\"MD5\":\""
                  + pick(r, MD5)
                  + "\"}}"));
    }
    // The same SCO drawn twice has one id: keep it once, as an adapter does.
    Map<String, JsonObject> unique = new LinkedHashMap<>();
    scos.forEach(o -> unique.putIfAbsent(o.string("id").orElseThrow(), o));
    return new Event("random-" + n, Fixtures.T, List.copyOf(unique.values()));
  }

  @Test
  void engineMatchesExactlyWhatTheEvaluatorMatches() {
    PatternEvaluator evaluator = new PatternEvaluator();
    long totalMatches = 0;
    long indexed = 0;
    long fallback = 0;
    long unsupported = 0;
    for (long seed = 1; seed <= 300; seed++) {
      Random r = new Random(seed);
      List<StixObject> indicators = new ArrayList<>();
      List<String> patterns = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        String pattern = observationExpression(r);
        patterns.add(pattern);
        indicators.add(Fixtures.indicator(i, pattern));
      }
      DetectionEngine engine = DetectionEngine.compile(indicators);
      assertThat(engine.report().rejected()).as("seed %d", seed).isEmpty();
      indexed += engine.report().indexed();
      fallback += engine.report().fallback();
      unsupported += engine.report().multiObservation();
      for (int e = 0; e < 25; e++) {
        Event event = event(r, e);
        Map<String, JsonObject> graph = new LinkedHashMap<>();
        event.objects().forEach(o -> graph.put(o.string("id").orElseThrow(), o));
        List<ObservedData> observation =
            List.of(new ObservedData("observed-data--x", event.time(), event.time(), 1, graph));
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < patterns.size(); i++) {
          if (evaluator.evaluate(Patterns.parse(patterns.get(i)), observation).matched()) {
            expected.add(Fixtures.id(i));
          }
        }
        Set<String> actual = new TreeSet<>();
        engine.match(event).forEach(m -> actual.add(m.indicatorId()));
        assertThat(actual)
            .as("seed %d, event %s, patterns %s", seed, event.objects(), patterns)
            .isEqualTo(expected);
        totalMatches += actual.size();
      }
    }
    // Not vacuous: plenty of matches, and both the indexed and the fallback paths exercised.
    assertThat(totalMatches).isGreaterThan(5_000);
    assertThat(indexed).isGreaterThan(1_000);
    assertThat(fallback).isGreaterThan(1_000);
    assertThat(unsupported).isGreaterThan(500);
  }
}
