package org.wuzhen.detect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import org.wuzhen.pattern.ObjectPath;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;

/**
 * What {@link EveObservables} reads of a Suricata EVE record and can build from it, for the
 * line-rate reader that decides a line from its bytes ({@link JsonLineCheck}): the fields it reads
 * and how (found by running it over a record that answers every field, so a field added there is
 * checked here too), the types a record can build (from the sections it has), the types each field
 * feeds ({@link EveFeeds}), and the paths whose values it copies verbatim from one string.
 * Stateless.
 */
final class EveFields implements JsonLineCheck.Shape {
  private static final List<String> SECTIONS = List.of("dns", "http", "tls", "fileinfo");

  private static final MemberName[] SECTION_NAMES =
      SECTIONS.stream().map(MemberName::of).toArray(MemberName[]::new);

  static final EveFields INSTANCE = new EveFields();

  /** The types of a record by the sections it has (bit i: {@code SECTIONS.get(i)}). */
  private final Set<String>[] typesBySections;

  private final List<JsonLineCheck.Read> reads;

  private final Map<List<String>, Set<String>> feeds;

  @SuppressWarnings("unchecked")
  private EveFields() {
    typesBySections = new Set[1 << SECTIONS.size()];
    for (int mask = 0; mask < typesBySections.length; mask++) {
      Set<String> t = new HashSet<>(Set.of("ipv4-addr", "ipv6-addr", "network-traffic"));
      if ((mask & 0b111) != 0) {
        t.add("domain-name"); // dns names, http hosts, tls SNI
      }
      if ((mask & 0b10) != 0) {
        t.add("url");
      }
      if ((mask & 0b100) != 0) {
        t.add("x509-certificate");
      }
      if ((mask & 0b1000) != 0) {
        t.add("file");
      }
      typesBySections[mask] = Set.copyOf(t);
    }
    reads = recorded();
    feeds = EveFeeds.traced(reads);
  }

  @Override
  public List<JsonLineCheck.Read> reads() {
    return reads;
  }

  /** As {@link EveFeeds} traces them from the reader. */
  @Override
  public Optional<Set<String>> feeds(List<String> path) {
    return Optional.ofNullable(feeds.get(path));
  }

  /**
   * By the sections present; null when a root member's name holds a dot, which the reader would
   * take literally for a dotted field ({@code "dns.rrname"}): such odd lines are read the exact
   * way.
   */
  @Override
  public Set<String> types(JsonTape tape, Predicate<MemberName> rootHas) {
    if (tape.dottedRootName()) {
      return null;
    }
    int mask = 0;
    for (int i = 0; i < SECTION_NAMES.length; i++) {
      if (rootHas.test(SECTION_NAMES[i])) {
        mask |= 1 << i;
      }
    }
    return typesBySections[mask];
  }

  /**
   * Whether {@link EveObservables} copies a value at this path verbatim from one string field:
   * addresses, domain names, certificate serial, subject and issuer, file hashes and name. A
   * certificate's hash is the fingerprint without colons, lower-cased: {@link JsonLineCheck} probes
   * it in that form too. URLs are composed and ports are numbers: those are not.
   */
  static boolean verbatim(ObjectPath path) {
    List<ObjectPath.Step> steps = path.steps();
    for (ObjectPath.Step s : steps) {
      if (!(s instanceof ObjectPath.Step.Key)) {
        return false;
      }
    }
    String first = ((ObjectPath.Step.Key) steps.get(0)).name();
    return switch (path.objectType()) {
      case "ipv4-addr", "ipv6-addr", "domain-name" -> steps.size() == 1 && first.equals("value");
      case "x509-certificate" ->
          (steps.size() == 2 && first.equals("hashes"))
              || (steps.size() == 1
                  && Set.of("serial_number", "subject", "issuer").contains(first));
      case "file" ->
          (steps.size() == 2 && first.equals("hashes"))
              || (steps.size() == 1 && first.equals("name"));
      default -> false;
    };
  }

  /** Runs the reader over a record that answers every field, noting what it asks and how. */
  private static List<JsonLineCheck.Read> recorded() {
    Map<String, Note> asked = new LinkedHashMap<>();
    EveObservables.toEvent(new Answering(true, asked), "fields", ObservableTypes.ALL);
    return reads(asked);
  }

  private static List<JsonLineCheck.Read> reads(Map<String, Note> notes) {
    List<JsonLineCheck.Read> out = new ArrayList<>();
    notes.forEach(
        (field, note) -> {
          JsonLineCheck.Kind k = note.kind;
          if (k == JsonLineCheck.Kind.TEXT && field.startsWith("tls.not")) {
            k = JsonLineCheck.Kind.UTC_TEXT; // validity dates: parsed as UTC times
          }
          boolean required = note.root && (field.equals("timestamp") || field.equals("event_type"));
          out.add(
              new JsonLineCheck.Read(
                  field,
                  k,
                  required,
                  required && field.equals("event_type"),
                  note.root && field.equals("tls.fingerprint"),
                  reads(note.inner)));
        });
    return List.copyOf(out);
  }

  /** How a field was read; for an array of objects, how the fields of its objects were. */
  private static final class Note {
    final boolean root;
    final JsonLineCheck.Kind kind;
    final Map<String, Note> inner = new LinkedHashMap<>();

    Note(boolean root, JsonLineCheck.Kind kind) {
      this.root = root;
      this.kind = kind;
    }
  }

  /** A record answering every field with a value each read accepts, noting the reads. */
  private record Answering(boolean root, Map<String, Note> asked) implements JsonRecord {
    /** A text every reader of a text accepts: a certificate date, a name. */
    private static final String TEXT = "2000-01-01T00:00:00";

    private Note note(String field, JsonLineCheck.Kind kind) {
      Note before = asked.putIfAbsent(field, new Note(root, kind));
      if (before != null && before.kind != kind) {
        throw new IllegalStateException(field + " is read as " + before.kind + " and " + kind);
      }
      return asked.get(field);
    }

    @Override
    public String logPath() {
      return "eve";
    }

    @Override
    public Optional<String> text(String field) {
      note(field, JsonLineCheck.Kind.TEXT);
      return Optional.of(TEXT);
    }

    @Override
    public List<String> texts(String field) {
      note(field, JsonLineCheck.Kind.TEXTS);
      return List.of(TEXT);
    }

    @Override
    public OptionalLong count(String field) {
      note(field, JsonLineCheck.Kind.COUNT);
      return OptionalLong.of(1);
    }

    @Override
    public Optional<Instant> time(String field) {
      note(field, JsonLineCheck.Kind.TIME);
      return Optional.of(Instant.EPOCH);
    }

    @Override
    public Optional<JsonValue> value(String field) {
      note(field, JsonLineCheck.Kind.VALUE);
      return Optional.of(new JsonString(TEXT));
    }

    @Override
    public List<JsonRecord> records(String field) {
      return List.of(new Answering(false, note(field, JsonLineCheck.Kind.RECORDS).inner));
    }
  }
}
