package org.wuzhen.pattern;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.wuzhen.pattern.ComparisonExpression.Comparison;
import org.wuzhen.pattern.ObjectPath.Step;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixTimestamp;

/** Random pattern trees and observations for the property tests. */
final class RandomPatterns {
  static final List<String> TYPES =
      List.of("file", "ipv4-addr", "network-traffic", "x-thing", "process");
  static final List<String> KEYS =
      List.of(
          "name",
          "size",
          "value",
          "hashes",
          "SHA-256",
          "a b",
          "it's",
          "x_y",
          "AND",
          "dst_ref",
          "protocols",
          "payload_bin");

  private final Random random;

  RandomPatterns(Random random) {
    this.random = random;
  }

  Pattern pattern() {
    return new Pattern(observation(3));
  }

  ObservationExpression observation(int depth) {
    int choice = depth <= 0 ? 0 : random.nextInt(6);
    return switch (choice) {
      case 0, 1 -> new ObservationExpression.Observation(comparison(2));
      case 2 -> new ObservationExpression.And(observations(depth));
      case 3 -> new ObservationExpression.Or(observations(depth));
      case 4 -> new ObservationExpression.FollowedBy(observations(depth));
      default -> new ObservationExpression.Qualified(observation(depth - 1), qualifier());
    };
  }

  private List<ObservationExpression> observations(int depth) {
    List<ObservationExpression> out = new ArrayList<>();
    for (int i = 2 + random.nextInt(2); i > 0; i--) {
      out.add(observation(depth - 1));
    }
    return out;
  }

  Qualifier qualifier() {
    return switch (random.nextInt(3)) {
      case 0 ->
          new Qualifier.Within(BigDecimal.valueOf(random.nextInt(4000) - 100, random.nextInt(3)));
      case 1 -> new Qualifier.Repeats(random.nextInt(4) - 1);
      default -> {
        StixTimestamp a = timestamp();
        StixTimestamp b = timestamp();
        yield new Qualifier.StartStop(a, b);
      }
    };
  }

  ComparisonExpression comparison(int depth) {
    int choice = depth <= 0 ? 0 : random.nextInt(5);
    return switch (choice) {
      case 0, 1, 2 -> single();
      case 3 -> new ComparisonExpression.And(comparisons(depth));
      default -> new ComparisonExpression.Or(comparisons(depth));
    };
  }

  private List<ComparisonExpression> comparisons(int depth) {
    List<ComparisonExpression> out = new ArrayList<>();
    for (int i = 2 + random.nextInt(2); i > 0; i--) {
      out.add(comparison(depth - 1));
    }
    return out;
  }

  Comparison single() {
    ObjectPath path = path();
    Operator op = Operator.values()[random.nextInt(Operator.values().length)];
    return switch (op) {
      case EXISTS -> new Comparison(path, op, false, List.of());
      case IN -> {
        List<Literal> values = new ArrayList<>();
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
          values.add(literal());
        }
        yield new Comparison(path, op, random.nextBoolean(), values);
      }
      case LIKE, MATCHES, ISSUBSET, ISSUPERSET ->
          new Comparison(
              path, op, random.nextBoolean(), List.of(new Literal.StringLiteral(stringFor(op))));
      case GT, LT, GE, LE -> {
        Literal l = literal();
        while (l instanceof Literal.BooleanLiteral) {
          l = literal();
        }
        yield new Comparison(path, op, random.nextBoolean(), List.of(l));
      }
      case EQ, NE -> new Comparison(path, op, random.nextBoolean(), List.of(literal()));
    };
  }

  private String stringFor(Operator op) {
    return switch (op) {
      case MATCHES -> pick(List.of("a.*b", "^x", "(a|b)+$", "\\d", "[", "(a)\\1", "é+", ""));
      case ISSUBSET, ISSUPERSET ->
          pick(List.of("10.0.0.0/8", "2001:db8::/32", "1.2.3.4", "::", "bad/99"));
      default -> pick(List.of("%a%", "_", "a_%", "%", "")) + string();
    };
  }

  ObjectPath path() {
    List<Step> steps = new ArrayList<>();
    steps.add(new Step.Key(pick(KEYS)));
    for (int i = random.nextInt(3); i > 0; i--) {
      steps.add(
          switch (random.nextInt(3)) {
            case 0 -> new Step.Key(pick(KEYS));
            case 1 -> new Step.Index(random.nextInt(3));
            default -> new Step.AnyIndex();
          });
    }
    return new ObjectPath(pick(TYPES), steps);
  }

  Literal literal() {
    return switch (random.nextInt(7)) {
      case 0 -> new Literal.StringLiteral(string());
      case 1 -> new Literal.IntegerLiteral(random.nextInt(2000) - 1000);
      case 2 ->
          new Literal.FloatLiteral(
              BigDecimal.valueOf(random.nextInt(20000) - 10000, 1 + random.nextInt(3)));
      case 3 -> new Literal.BooleanLiteral(random.nextBoolean());
      case 4 -> new Literal.TimestampLiteral(timestamp());
      case 5 -> new Literal.BinaryLiteral(Base64.getEncoder().encodeToString(bytes()));
      default -> {
        String hex = HexFormat.of().formatHex(bytes());
        yield new Literal.HexLiteral(random.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT));
      }
    };
  }

  private byte[] bytes() {
    byte[] b = new byte[random.nextInt(5)];
    random.nextBytes(b);
    return b;
  }

  String string() {
    StringBuilder out = new StringBuilder();
    String alphabet = "ab '\\%_.é\u00e9\uFFFD";
    for (int i = random.nextInt(6); i > 0; i--) {
      if (random.nextInt(10) == 0) {
        out.appendCodePoint(0x1F600);
      } else {
        out.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
    }
    return out.toString();
  }

  StixTimestamp timestamp() {
    String fraction =
        random.nextBoolean() ? "" : "." + "123456".substring(0, 1 + random.nextInt(6));
    return StixTimestamp.parse(
        String.format(
            Locale.ROOT,
            "2020-01-01T00:%02d:%02d%sZ",
            random.nextInt(60),
            random.nextInt(60),
            fraction));
  }

  /** Observed-data JSON objects with embedded SCOs drawn from the same vocabulary as the paths. */
  List<JsonValue> observedData(int count) {
    List<JsonValue> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JsonObject.Builder objects = JsonObject.builder();
      int n = 1 + random.nextInt(3);
      for (int k = 0; k < n; k++) {
        JsonObject.Builder sco = JsonObject.builder().put("type", pick(TYPES));
        for (int p = random.nextInt(4); p > 0; p--) {
          sco.put(pick(KEYS), value(2, n));
        }
        objects.put(Integer.toString(k), sco.build());
      }
      StixTimestamp first = timestamp();
      out.add(
          ConformanceTest.expand(
              JsonObject.builder()
                  .put("first", first.text())
                  .put("n", JsonNumber.of(1 + random.nextInt(3)))
                  .put("objects", objects.build())
                  .build(),
              i));
    }
    return out;
  }

  private JsonValue value(int depth, int objectCount) {
    int choice = random.nextInt(depth <= 0 ? 7 : 9);
    return switch (choice) {
      case 0 -> new JsonString(string());
      case 1 -> JsonNumber.of(random.nextInt(2000) - 1000);
      case 2 -> new JsonNumber((random.nextInt(200) - 100) + "." + random.nextInt(10));
      case 3 -> JsonBoolean.of(random.nextBoolean());
      case 4 -> new JsonString(timestamp().text());
      case 5 -> new JsonString(Integer.toString(random.nextInt(objectCount)));
      case 6 ->
          new JsonString(pick(List.of("10.1.2.3", "2001:db8::1", "10.0.0.0/16", "AAE=", "ff00")));
      case 7 -> {
        List<JsonValue> elements = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          elements.add(value(depth - 1, objectCount));
        }
        yield new JsonArray(elements);
      }
      default -> {
        JsonObject.Builder o = JsonObject.builder();
        for (int i = random.nextInt(3); i > 0; i--) {
          o.put(pick(KEYS), value(depth - 1, objectCount));
        }
        yield o.build();
      }
    };
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
