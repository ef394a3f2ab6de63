package org.wuzhen.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * The observable types whose objects {@link EveObservables} may copy the text of each EVE field
 * into, as a value: a string of that field can hit an index only of those types ({@code src_ip}
 * only addresses, {@code dns.rrname} only domain names, {@code tls.fingerprint} only certificates).
 * Found as {@link ZeekFields#feeds} finds Zeek's, by running the reader ({@link FeedTrace}), so the
 * narrowing follows the reader and cannot drift from it. A field whose text the runs never saw
 * copied feeds nothing when no other value of it changes the event either ({@link
 * FeedTrace#ignored}: {@code event_type}), and else is left out, and then feeds every type of its
 * record. Stateless.
 */
final class EveFeeds {
  private EveFeeds() {}

  /** A certificate date every reader of one accepts (the reader parses it as a UTC time). */
  private static final String DATE = "2000-01-01T00:00:00";

  /**
   * The types each field feeds, keyed by its path of names: a root field's name ({@code
   * dns.rrname}), a field of the objects of an array of records after the array's ({@code
   * dns.answers}, {@code rdata}).
   */
  static Map<List<String>, Set<String>> traced(List<JsonLineCheck.Read> reads) {
    Map<List<String>, Integer> numbers = new HashMap<>();
    Map<List<String>, JsonLineCheck.Kind> kinds = new HashMap<>();
    number(reads, List.of(), numbers, kinds);
    List<List<String>> byNumber = new ArrayList<>(Collections.nCopies(numbers.size(), List.of()));
    numbers.forEach((path, i) -> byNumber.set(i, path));
    Function<IntFunction<String>, Event> read =
        shape ->
            EveObservables.toEvent(
                new Traced(List.of(), numbers, kinds, shape), "fields", ObservableTypes.ALL);
    Map<List<String>, Set<String>> fed = new HashMap<>(FeedTrace.traced(byNumber, read));
    // A string field read but never copied (event_type) feeds nothing: its strings are not
    // probed. Only fields the runs answer with text of the shape can be told so: a count, a time
    // or a certificate date is answered alike in every run (and the check never probes those).
    Set<JsonLineCheck.Kind> textual =
        Set.of(JsonLineCheck.Kind.TEXT, JsonLineCheck.Kind.TEXTS, JsonLineCheck.Kind.VALUE);
    for (List<String> path :
        FeedTrace.ignored(
            byNumber, p -> !fed.containsKey(p) && textual.contains(kinds.get(p)), read)) {
      fed.put(path, Set.of());
    }
    return Map.copyOf(fed);
  }

  private static void number(
      List<JsonLineCheck.Read> reads,
      List<String> prefix,
      Map<List<String>, Integer> numbers,
      Map<List<String>, JsonLineCheck.Kind> kinds) {
    for (JsonLineCheck.Read r : reads) {
      List<String> path = new ArrayList<>(prefix);
      path.add(r.name());
      numbers.put(List.copyOf(path), numbers.size());
      kinds.put(List.copyOf(path), r.kind());
      number(r.inner(), path, numbers, kinds);
    }
  }

  /** A record answering each field with the text of one shape, a distinct value per field. */
  private record Traced(
      List<String> prefix,
      Map<List<String>, Integer> numbers,
      Map<List<String>, JsonLineCheck.Kind> kinds,
      IntFunction<String> shape)
      implements JsonRecord {
    private List<String> path(String field) {
      List<String> path = new ArrayList<>(prefix);
      path.add(field);
      return path;
    }

    private String answer(String field) {
      List<String> path = path(field);
      Integer number = numbers.get(path);
      if (number == null) {
        throw new IllegalStateException(path + " is read but was not recorded");
      }
      return kinds.get(path) == JsonLineCheck.Kind.UTC_TEXT ? DATE : shape.apply(number);
    }

    @Override
    public String logPath() {
      return "eve";
    }

    @Override
    public Optional<String> text(String field) {
      return Optional.of(answer(field));
    }

    @Override
    public List<String> texts(String field) {
      return List.of(answer(field));
    }

    @Override
    public OptionalLong count(String field) {
      return OptionalLong.of(1);
    }

    @Override
    public Optional<Instant> time(String field) {
      return Optional.of(Instant.EPOCH);
    }

    @Override
    public Optional<JsonValue> value(String field) {
      return Optional.of(new JsonString(answer(field)));
    }

    @Override
    public List<JsonRecord> records(String field) {
      return List.of(new Traced(path(field), numbers, kinds, shape));
    }
  }
}
