package org.wuzhen.taxii.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests that scrape a node's
 * {@code /metrics}: every line must be a HELP, TYPE, comment or sample line of the format; every
 * sample belongs to a family declared by one TYPE line before it; names, label names and escapes
 * are checked; no series appears twice; each histogram has increasing cumulative buckets ending in
 * {@code le="+Inf"} equal to its {@code _count}. Anything else fails, naming the line.
 */
public final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final List<String> TYPES =
      List.of("counter", "gauge", "histogram", "summary", "untyped");

  /** A parsed scrape: each family's type, and each series' value by its canonical key. */
  public record Scrape(Map<String, String> types, Map<String, Double> series) {
    /** The value of {@code name} with exactly these labels (name, value, ...), if present. */
    public Optional<Double> value(String name, String... labels) {
      Map<String, String> l = new TreeMap<>();
      for (int i = 0; i + 1 < labels.length; i += 2) {
        l.put(labels[i], labels[i + 1]);
      }
      return Optional.ofNullable(series.get(key(name, l)));
    }

    /** The value, 0 when the series is absent (a counter not yet incremented). */
    public double valueOrZero(String name, String... labels) {
      return value(name, labels).orElse(0.0);
    }
  }

  private PrometheusText() {}

  /**
   * Parses a scrape.
   *
   * @throws IllegalArgumentException naming the line and what is wrong with it
   */
  public static Scrape parse(String text) {
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, Double> series = new LinkedHashMap<>();
    Map<String, Boolean> helped = new HashMap<>();
    Map<String, TreeMap<Double, Double>> buckets = new HashMap<>();
    Map<String, Double> counts = new HashMap<>();
    String[] lines = text.split("\n", -1);
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition does not end with a line feed");
    }
    for (int n = 0; n < lines.length - 1; n++) {
      String line = lines[n];
      String at = "line " + (n + 1) + " '" + line + "': ";
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        String[] parts = line.split(" ", 4);
        if (parts.length >= 3 && parts[1].equals("TYPE")) {
          requireName(parts[2], at);
          if (parts.length != 4 || !TYPES.contains(parts[3])) {
            throw new IllegalArgumentException(at + "TYPE needs one of " + TYPES);
          }
          if (types.put(parts[2], parts[3]) != null) {
            throw new IllegalArgumentException(at + "a second TYPE for " + parts[2]);
          }
        } else if (parts.length >= 3 && parts[1].equals("HELP")) {
          requireName(parts[2], at);
          if (helped.put(parts[2], true) != null) {
            throw new IllegalArgumentException(at + "a second HELP for " + parts[2]);
          }
        }
        continue;
      }
      Sample s = sample(line, at);
      String family = family(s.name(), types, at);
      String key = key(s.name(), s.labels());
      if (series.put(key, s.value()) != null) {
        throw new IllegalArgumentException(at + "series " + key + " appears twice");
      }
      if (types.get(family).equals("histogram")) {
        Map<String, String> others = new TreeMap<>(s.labels());
        String le = others.remove("le");
        String group = key(family, others);
        if (s.name().equals(family + "_bucket")) {
          if (le == null) {
            throw new IllegalArgumentException(at + "a bucket without le");
          }
          buckets.computeIfAbsent(group, g -> new TreeMap<>()).put(number(le, at), s.value());
        } else if (s.name().equals(family + "_count")) {
          counts.put(group, s.value());
        }
      }
    }
    for (Map.Entry<String, TreeMap<Double, Double>> h : buckets.entrySet()) {
      double previous = 0;
      for (double v : h.getValue().values()) {
        if (v < previous) {
          throw new IllegalArgumentException("histogram " + h.getKey() + ": buckets decrease");
        }
        previous = v;
      }
      Double inf = h.getValue().get(Double.POSITIVE_INFINITY);
      if (inf == null || !inf.equals(counts.get(h.getKey()))) {
        throw new IllegalArgumentException(
            "histogram " + h.getKey() + ": the +Inf bucket is not its _count");
      }
    }
    return new Scrape(types, series);
  }

  private record Sample(String name, Map<String, String> labels, double value) {}

  private static Sample sample(String line, String at) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    requireName(name, at);
    Map<String, String> labels = new TreeMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        if (eq < 0) {
          throw new IllegalArgumentException(at + "a label without '='");
        }
        String label = line.substring(i, eq);
        if (!LABEL.matcher(label).matches()) {
          throw new IllegalArgumentException(at + "bad label name '" + label + "'");
        }
        if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
          throw new IllegalArgumentException(at + "a label value must be quoted");
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; ; j++) {
          if (j >= line.length()) {
            throw new IllegalArgumentException(at + "an unterminated label value");
          }
          char c = line.charAt(j);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            char e = line.charAt(++j);
            switch (e) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw new IllegalArgumentException(at + "bad escape '\\" + e + "'");
            }
          } else {
            value.append(c);
          }
        }
        if (labels.put(label, value.toString()) != null) {
          throw new IllegalArgumentException(at + "label " + label + " twice");
        }
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        } else if (line.charAt(i) != '}') {
          throw new IllegalArgumentException(at + "expected ',' or '}' after a label");
        }
      }
      i++;
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new IllegalArgumentException(at + "expected a space before the value");
    }
    String[] rest = line.substring(i + 1).split(" ", -1);
    if (rest.length > 2) {
      throw new IllegalArgumentException(at + "more than a value and a timestamp");
    }
    double value = number(rest[0], at);
    if (rest.length == 2) {
      try {
        Long.parseLong(rest[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(at + "bad timestamp '" + rest[1] + "'");
      }
    }
    return new Sample(name, labels, value);
  }

  private static String family(String name, Map<String, String> types, String at) {
    if (types.containsKey(name)) {
      return name;
    }
    for (String suffix : List.of("_bucket", "_count", "_sum", "_created", "_total")) {
      if (name.endsWith(suffix)) {
        String family = name.substring(0, name.length() - suffix.length());
        if (types.containsKey(family)) {
          return family;
        }
      }
    }
    throw new IllegalArgumentException(at + "no TYPE declared for " + name + " before it");
  }

  private static double number(String text, String at) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        if (!text.matches("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
          throw new IllegalArgumentException(at + "'" + text + "' is not a number");
        }
        yield Double.parseDouble(text);
      }
    };
  }

  private static void requireName(String name, String at) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(at + "bad metric name '" + name + "'");
    }
  }

  static String key(String name, Map<String, String> labels) {
    StringBuilder b = new StringBuilder(name).append('{');
    new TreeMap<>(labels).forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
    return b.append('}').toString();
  }

  /** Lines of the scrape that belong to {@code family}, for failure messages. */
  public static List<String> linesOf(String text, String family) {
    List<String> out = new ArrayList<>();
    text.lines().filter(l -> l.contains(family)).forEach(out::add);
    return out;
  }
}
