package org.wuzhen.detect;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * Finds which observable types a reader copies the text of each of its fields into, by running the
 * reader itself ({@link ZeekFields#feeds}, {@link EveFeeds}): over records whose every string field
 * holds text of one shape (addresses, names, hashes, words, mailboxes), each field its own value,
 * noting which objects hold which field's text. So the narrowing of the probes follows the reader
 * and cannot drift from it. Stateless.
 */
final class FeedTrace {
  private FeedTrace() {}

  /** Text of one shape, a distinct value per field number. */
  private static final List<IntFunction<String>> SHAPES =
      List.of(
          i -> "192.0.2." + (i + 1),
          i -> "2001:db8::" + Integer.toHexString(i + 1),
          i -> "f" + i + ".example.org",
          i -> String.format("%032x", i + 1),
          i -> String.format("%040x", i + 1),
          i -> String.format("%064x", i + 1),
          i -> "Word" + i,
          i -> "<m" + i + "@example.org>",
          i -> "m" + i + "@example.org",
          i -> "192.0." + (i + 1) + ".0/24");

  /**
   * The types each of {@code fields} feeds. {@code read} gives, for a shape, the event of a record
   * that answers the field numbered {@code i} in {@code fields} with {@code shape.apply(i)}. A
   * field whose text no run saw copied is left out: its caller then probes it against every type.
   */
  static <K> Map<K, Set<String>> traced(List<K> fields, Function<IntFunction<String>, Event> read) {
    Map<K, Set<String>> fed = new HashMap<>();
    for (IntFunction<String> shape : SHAPES) {
      Map<String, K> fieldOf = new HashMap<>();
      for (int i = 0; i < fields.size(); i++) {
        fieldOf.put(shape.apply(i), fields.get(i));
      }
      for (JsonObject o : read.apply(shape).objects()) {
        String type = o.string("type").orElseThrow();
        strings(
            o,
            text -> {
              K field = fieldOf.get(text);
              if (field != null) {
                fed.computeIfAbsent(field, f -> new HashSet<>()).add(type);
              }
            });
      }
    }
    Map<K, Set<String>> out = new HashMap<>();
    fed.forEach((field, types) -> out.put(field, Set.copyOf(types)));
    return Map.copyOf(out);
  }

  /**
   * The fields among {@code fields} whose text changes no event {@code read} builds: for every
   * shape, the event with the field given another value of that shape, or of the next shape, holds
   * the same objects as with its own ({@code event_type}: read, checked, never copied). Such a
   * field's strings can hit no index, so its caller need not probe them. A read that fails for one
   * value and not the other counts as a change. Only the fields {@code candidate} accepts are tried
   * ({@code read} as {@link #traced} has it).
   */
  static <K> Set<K> ignored(
      List<K> fields, Predicate<K> candidate, Function<IntFunction<String>, Event> read) {
    Set<K> out = new HashSet<>();
    for (int i = 0; i < fields.size(); i++) {
      if (candidate.test(fields.get(i)) && unchanged(i, fields.size(), read)) {
        out.add(fields.get(i));
      }
    }
    return Set.copyOf(out);
  }

  private static boolean unchanged(
      int field, int count, Function<IntFunction<String>, Event> read) {
    for (int s = 0; s < SHAPES.size(); s++) {
      IntFunction<String> shape = SHAPES.get(s);
      IntFunction<String> next = SHAPES.get((s + 1) % SHAPES.size());
      Optional<List<JsonObject>> own = objects(read, shape);
      for (IntFunction<String> other :
          List.<IntFunction<String>>of(
              i -> i == field ? shape.apply(count + field) : shape.apply(i),
              i -> i == field ? next.apply(field) : shape.apply(i))) {
        if (own.isEmpty() || !own.equals(objects(read, other))) {
          return false;
        }
      }
    }
    return true;
  }

  /** The objects of the event read under {@code shape}; empty when the read fails. */
  private static Optional<List<JsonObject>> objects(
      Function<IntFunction<String>, Event> read, IntFunction<String> shape) {
    try {
      return Optional.of(read.apply(shape).objects());
    } catch (RuntimeException e) {
      return Optional.empty(); // a value the reader refuses: a change, never "the same"
    }
  }

  /** Every string value within {@code value}, at any depth. */
  private static void strings(JsonValue value, Consumer<String> sink) {
    switch (value) {
      case JsonString s -> sink.accept(s.value());
      case JsonObject o -> {
        for (int i = 0; i < o.size(); i++) {
          strings(o.valueAt(i), sink);
        }
      }
      case JsonArray a -> a.elements().forEach(e -> strings(e, sink));
      default -> {}
    }
  }
}
