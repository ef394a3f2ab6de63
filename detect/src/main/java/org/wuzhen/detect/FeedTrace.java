package org.wuzhen.detect;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
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
