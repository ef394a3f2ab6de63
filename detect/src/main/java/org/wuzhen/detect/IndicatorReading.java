package org.wuzhen.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.wuzhen.pattern.CheckResult;
import org.wuzhen.pattern.ObservationExpression;
import org.wuzhen.pattern.Pattern;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;

/** What reading one STIX object for compilation gave: an indicator to use, or why not. */
sealed interface IndicatorReading {
  /** The version of an object without {@code modified}: before every version that has one. */
  StixTimestamp EARLIEST = StixTimestamp.parse("0001-01-01T00:00:00Z");

  record Rejected(String why) implements IndicatorReading {}

  record Revoked() implements IndicatorReading {}

  /**
   * A usable indicator; for one that one event decides, also its index keys (empty: checked on
   * every event) and whether a hit decides it, worked out here so that it runs in parallel.
   */
  record Usable(ParsedIndicator indicator, Optional<List<IndexKey>> keys, boolean decided)
      implements IndicatorReading {
    static Usable of(ParsedIndicator c) {
      if (!IndexKeys.singleObservation(c.root())) {
        return new Usable(c, Optional.empty(), false);
      }
      Optional<List<IndexKey>> keys = IndexKeys.of(c.root());
      return new Usable(c, keys, keys.isPresent() && IndexKeys.decidedByIndex(c.root()));
    }
  }

  /**
   * Reads every object, in parallel: parsing and checking the patterns is most of compiling a
   * million of them, and each is independent. Timestamps repeat across a feed (one {@code
   * valid_from} for a whole import), so their parses are shared.
   */
  static List<IndicatorReading> readAll(List<StixObject> newest) {
    Map<String, StixTimestamp> timestamps = new ConcurrentHashMap<>();
    PatternShapes shapes = new PatternShapes();
    return newest.parallelStream().map(o -> read(o, shapes, timestamps)).toList();
  }

  private static IndicatorReading read(
      StixObject o, PatternShapes shapes, Map<String, StixTimestamp> timestamps) {
    if (!o.type().equals("indicator")) {
      return new Rejected("type '" + o.type() + "' is not indicator");
    }
    if (o.revoked()) {
      return new Revoked();
    }
    String patternType = o.string("pattern_type").orElse("");
    if (!patternType.equals("stix")) {
      return new Rejected("pattern_type '" + patternType + "' is not 'stix'");
    }
    Optional<String> text = o.pattern();
    if (text.isEmpty()) {
      return new Rejected("pattern: a string is required");
    }
    Optional<ObservationExpression> root = shapes.read(text.get());
    if (root.isEmpty()) {
      CheckResult checked = Patterns.check(text.get());
      if (!checked.ok()) {
        return new Rejected("pattern: " + checked.errors().getFirst());
      }
      root = checked.pattern().map(Pattern::root);
    }
    try {
      return Usable.of(
          new ParsedIndicator(
              o.id(),
              root.orElseThrow(),
              timestamp(o, "valid_from", timestamps),
              timestamp(o, "valid_until", timestamps)));
    } catch (StixFormatException e) {
      return new Rejected(e.getMessage());
    }
  }

  /** The newest version of each id, by {@code modified}; a later one in the list wins a tie. */
  static List<StixObject> newestVersions(List<StixObject> input) {
    // StixId equality is the equality of its text, without building the text. Presized: a
    // million ids would otherwise rehash the map a dozen times.
    Map<StixId, Integer> position = new HashMap<>(input.size() * 4 / 3 + 16);
    List<StixObject> newest = new ArrayList<>(input.size());
    for (StixObject o : input) {
      Integer seen = position.putIfAbsent(o.id(), newest.size());
      if (seen == null) {
        newest.add(o);
      } else if (version(o).compareTo(version(newest.get(seen))) >= 0) {
        newest.set(seen, o);
      }
    }
    return newest;
  }

  /** A present but unreadable timestamp is an error, not an absent bound. */
  private static Optional<StixTimestamp> timestamp(
      StixObject o, String property, Map<String, StixTimestamp> parsed) {
    Optional<JsonValue> value = o.get(property);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!(value.get() instanceof JsonString s)) {
      throw new StixFormatException(property + ": expected a timestamp string");
    }
    StixTimestamp known = parsed.get(s.value());
    if (known != null) {
      return Optional.of(known);
    }
    try {
      StixTimestamp t = StixTimestamp.parse(s.value());
      if (parsed.size() < 10_000) {
        parsed.put(s.value(), t);
      }
      return Optional.of(t);
    } catch (StixFormatException e) {
      throw new StixFormatException(property + ": " + e.getMessage());
    }
  }

  private static StixTimestamp version(StixObject o) {
    return o.version().orElse(EARLIEST);
  }
}
