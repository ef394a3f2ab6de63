package org.wuzhen.detect;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.wuzhen.pattern.ObjectPath;

/**
 * What {@link ZeekObservables} reads of a record and can build from it, for the line-rate readers
 * that decide a line from its bytes: the fields each log reads and how (found by running the
 * mapping itself over a record that answers every field, so a field added there is read here too),
 * the observable types each log can build, and the paths whose values are copied verbatim from one
 * string field. Stateless.
 */
final class ZeekFields {
  /** How the mapping reads a field. */
  enum Kind {
    TEXT,
    TEXTS,
    COUNT,
    TIME
  }

  private static final Set<String> ADDRESSES = Set.of("ipv4-addr", "ipv6-addr", "network-traffic");

  /** The logs {@link ZeekObservables} maps on their own; every other log reads as {@code conn}. */
  private static final List<String> LOGS =
      List.of("dns", "ssl", "x509", "http", "files", "smtp", "notice", "conn");

  private static final Map<String, Map<String, Kind>> READS = reads();

  /** The fields a log reads, as arrays for the per-line loop. */
  record Reads(String[] names, Kind[] kinds, byte[][] ascii, int[] hashes) {
    static Reads of(Map<String, Kind> fields) {
      String[] names = fields.keySet().toArray(String[]::new);
      byte[][] ascii = new byte[names.length][];
      int[] hashes = new int[names.length];
      for (int i = 0; i < names.length; i++) {
        ascii[i] = names[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        hashes[i] = names[i].hashCode();
      }
      return new Reads(names, fields.values().toArray(Kind[]::new), ascii, hashes);
    }
  }

  private static final Map<String, Reads> READ_ARRAYS = readArrays();

  private static Map<String, Reads> readArrays() {
    Map<String, Reads> out = new java.util.HashMap<>();
    READS.forEach((log, fields) -> out.put(log, Reads.of(fields)));
    return Map.copyOf(out);
  }

  /**
   * The log a {@code _path} or {@code #path} names, as {@link #reads} and {@link #types} key it.
   */
  static String log(String logPath) {
    return LOGS.contains(logPath) ? logPath : "";
  }

  /** {@link #reads} as arrays; {@code log} as {@link #log} gives it. */
  static Reads readArrays(String log) {
    return READ_ARRAYS.get(log);
  }

  private ZeekFields() {}

  /** The fields the mapping reads of a record of this log, with how it reads them. */
  static Map<String, Kind> reads(String logPath) {
    Map<String, Kind> r = READS.get(logPath);
    return r != null ? r : READS.get("");
  }

  private static final Set<String> DNS = with("domain-name");
  private static final Set<String> SSL = with("domain-name", "x509-certificate");
  private static final Set<String> X509 = Set.of("x509-certificate");
  private static final Set<String> HTTP = with("domain-name", "url");
  private static final Set<String> FILES = with("file");
  private static final Set<String> SMTP = with("email-addr");

  /** The observable types a record of this log can build (the same set each time). */
  static Set<String> types(String logPath) {
    return switch (logPath) {
      case "dns" -> DNS;
      case "ssl" -> SSL;
      case "x509" -> X509;
      case "http" -> HTTP;
      case "files" -> FILES;
      case "smtp" -> SMTP;
      default -> ADDRESSES;
    };
  }

  private static Set<String> with(String... more) {
    java.util.HashSet<String> s = new java.util.HashSet<>(ADDRESSES);
    s.addAll(List.of(more));
    return Set.copyOf(s);
  }

  /**
   * Whether the mapping copies a value at this path verbatim from one string field of the record
   * (or one element of a set field): addresses, domain names, hashes, certificate names and serial,
   * file name and type. URLs are composed, e-mail addresses trimmed, protocols lower-cased, ports
   * and sizes are numbers: those are not.
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
              || (steps.size() == 1 && Set.of("name", "mime_type").contains(first));
      default -> false;
    };
  }

  private static final Map<String, Map<String, Set<String>>> FEEDS = feeds();

  /**
   * The observable types whose objects may hold the text of {@code field} of a record of {@code
   * log} (as {@link #log} gives it) as a value, verbatim or not: a string of that field can hit an
   * index only of those types (the dns {@code query} only domain names, {@code id.orig_h} only
   * addresses, {@code proto} only network-traffic). Found by running the mapping over records whose
   * every string field holds text of one shape (addresses, names, hashes, words, mailboxes), each
   * field its own value; a field the runs never saw copied may feed every type of its log.
   */
  static Set<String> feeds(String log, String field) {
    Set<String> types = FEEDS.getOrDefault(log, Map.of()).get(field);
    return types != null ? types : types(log.isEmpty() ? "any-other-log" : log);
  }

  private static Map<String, Map<String, Set<String>>> feeds() {
    Map<String, Map<String, Set<String>>> out = new java.util.HashMap<>();
    READS.forEach((log, fields) -> out.put(log, traced(log.isEmpty() ? "any-other-log" : log)));
    return Map.copyOf(out);
  }

  private static Map<String, Set<String>> traced(String log) {
    List<String> fields = List.copyOf(READS.get(log(log)).keySet());
    // A string field never seen copied is left out: feeds() then gives every type of the log.
    return FeedTrace.traced(
        fields,
        shape ->
            ZeekObservables.toEvent(
                new ZeekRecord() {
                  @Override
                  public String logPath() {
                    return log;
                  }

                  @Override
                  public Optional<String> text(String field) {
                    return Optional.of(shape.apply(fields.indexOf(field)));
                  }

                  @Override
                  public List<String> texts(String field) {
                    return List.of(shape.apply(fields.indexOf(field)));
                  }

                  @Override
                  public OptionalLong count(String field) {
                    return OptionalLong.of(1);
                  }

                  @Override
                  public Optional<Instant> time(String field) {
                    return Optional.of(Instant.EPOCH);
                  }
                },
                "fields",
                ObservableTypes.ALL));
  }

  private static Map<String, Map<String, Kind>> reads() {
    Map<String, Map<String, Kind>> out = new java.util.HashMap<>();
    for (String log : LOGS) {
      out.put(log, recorded(log));
    }
    out.put("", recorded("any-other-log"));
    return Map.copyOf(out);
  }

  /** Runs the mapping over a record that answers every field, noting what it asks. */
  private static Map<String, Kind> recorded(String log) {
    Map<String, Kind> asked = new LinkedHashMap<>();
    asked.put("ts", Kind.TIME); // first: the one field every record needs
    ZeekRecord answering =
        new ZeekRecord() {
          @Override
          public String logPath() {
            return log;
          }

          @Override
          public Optional<String> text(String field) {
            note(field, Kind.TEXT);
            return Optional.of("x");
          }

          @Override
          public List<String> texts(String field) {
            note(field, Kind.TEXTS);
            return List.of("x");
          }

          @Override
          public OptionalLong count(String field) {
            note(field, Kind.COUNT);
            return OptionalLong.of(1);
          }

          @Override
          public Optional<Instant> time(String field) {
            note(field, Kind.TIME);
            return Optional.of(Instant.EPOCH);
          }

          private void note(String field, Kind kind) {
            Kind before = asked.putIfAbsent(field, kind);
            if (before != null && before != kind) {
              throw new IllegalStateException(field + " is read as " + before + " and " + kind);
            }
          }
        };
    ZeekObservables.toEvent(answering, "fields", ObservableTypes.ALL);
    return java.util.Collections.unmodifiableMap(asked);
  }
}
