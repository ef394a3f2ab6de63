package org.wuzhen.misp;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.federation.Federation;
import org.wuzhen.federation.PullSource;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;
import org.wuzhen.stix.validate.StixValidator;
import org.wuzhen.store.AddOutcome;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.PeerStore;
import org.wuzhen.store.PulledPage;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.SyncCursor;

/**
 * Pulls MISP feeds as a MISP instance does (Feed.php): {@code manifest.json} with ETag and 304,
 * then every event the manifest lists that passes the feed's rules and is unknown here or newer
 * than the local version (the event's report or grouping {@code modified}), converted with {@link
 * MispImport} and applied whole events, several per transaction, with the feed as provenance. The
 * manifest's ETag is the feed's cursor, saved only once every event of that manifest is in, so a
 * failed fetch is retried. Federation polls each feed on its schedule as a {@link PullSource}
 * ({@link #sources}); {@link #pollOnce} polls one now. Thread-safe.
 */
public final class MispFeedPull {
  private static final Logger LOG = LoggerFactory.getLogger(MispFeedPull.class);

  /** Largest manifest or event file read. */
  static final long MAX_BYTES = 256L << 20;

  private final List<MispFeed> feeds;
  private final PeerStore cursors;
  private final ObjectStore objects;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final StixValidator validator =
      new StixValidator(
          StixValidator.Options.defaults().withPatternCheck(Patterns.validatorCheck()));

  /** The cursor's remote collection: a feed has one cursor, its manifest's ETag. */
  static final String MANIFEST = "manifest.json";

  public <S extends PeerStore & ObjectStore> MispFeedPull(
      S store, List<MispFeed> feeds, Clock clock) {
    this.cursors = requireNonNull(store, "store");
    this.objects = store;
    this.feeds = List.copyOf(feeds);
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * What one poll of a feed did.
   *
   * @param notModified the manifest answered 304
   * @param fetched events fetched and imported (new or newer)
   * @param unchanged events the manifest lists that are already here at that timestamp
   * @param filtered events the feed's rules leave out
   * @param failures events that could not be fetched or read (retried next poll)
   * @param report the import report of the events fetched
   * @param added object versions stored
   * @param duplicates object versions already here (or refused by the creator rule)
   */
  public record Outcome(
      boolean notModified,
      int fetched,
      int unchanged,
      int filtered,
      List<String> failures,
      ImportReport report,
      long added,
      long duplicates) {
    public Outcome {
      failures = List.copyOf(failures);
      requireNonNull(report, "report");
    }
  }

  /**
   * The feeds as sources federation polls like peers ({@link Federation#withSources}): each on its
   * interval, its status and its cursor shown with the peers'.
   */
  public List<PullSource> sources() {
    List<PullSource> out = new ArrayList<>();
    for (MispFeed feed : feeds) {
      out.add(new Source(feed));
    }
    return out;
  }

  /** One feed as a {@link PullSource}. */
  private final class Source implements PullSource {
    private final MispFeed feed;

    Source(MispFeed feed) {
      this.feed = feed;
    }

    @Override
    public String name() {
      return feed.name();
    }

    @Override
    public Duration interval() {
      return feed.interval();
    }

    @Override
    public Polled poll(BooleanSupplier stopped) throws IOException {
      Outcome o = pollOnce(feed, stopped);
      LOG.info(
          "misp feed {}: {} fetched, {} unchanged, {} filtered, {} failed",
          feed.name(),
          o.fetched(),
          o.unchanged(),
          o.filtered(),
          o.failures().size());
      return new Polled(o.added(), o.duplicates(), o.failures());
    }

    @Override
    public Map<String, Optional<SyncCursor>> cursors() {
      return Map.of(MANIFEST, cursors.syncCursor(feed.cursorName(), MANIFEST));
    }

    @Override
    public String position(SyncCursor cursor) {
      return MispFeedPull.position(cursor);
    }
  }

  /**
   * A feed's cursor in words: the ETag of the last manifest whose events are all in, or that no
   * manifest is complete yet (the cursor is saved empty while events of one are still missing).
   */
  public static String position(SyncCursor cursor) {
    return cursor.addedAfter().isEmpty()
        ? "no complete manifest yet"
        : "ETag " + cursor.addedAfter();
  }

  /** Polls one feed now. */
  public Outcome pollOnce(MispFeed feed) throws IOException {
    return pollOnce(feed, () -> false);
  }

  /** Polls one feed now, ending early (keeping what it did) once {@code stopped} is true. */
  public Outcome pollOnce(MispFeed feed, BooleanSupplier stopped) throws IOException {
    Optional<SyncCursor> cursor = cursors.syncCursor(feed.cursorName(), MANIFEST);
    HttpRequest.Builder request = get(feed, feed.url().resolve("manifest.json"));
    cursor
        .map(SyncCursor::addedAfter)
        .filter(e -> !e.isEmpty())
        .ifPresent(e -> request.header("If-None-Match", e));
    HttpResponse<byte[]> answer = send(request.build());
    if (answer.statusCode() == 304) {
      return new Outcome(true, 0, 0, 0, List.of(), ImportReport.empty(), 0, 0);
    }
    byte[] manifestBytes = body(answer, "manifest.json");
    JsonObject manifest;
    try {
      if (!(Json.parse(manifestBytes) instanceof JsonObject m)) {
        throw new IOException("manifest.json: expected an object of events by uuid");
      }
      manifest = m;
    } catch (JsonSyntaxException e) {
      throw new IOException("manifest.json: malformed JSON: " + e.getMessage());
    }
    List<Entry> entries = entries(manifest);
    MispImport importer = new MispImport(feed.publisher(), validator);
    int unchanged = 0;
    int filtered = 0;
    List<String> failures = new ArrayList<>();
    ImportReport report = ImportReport.empty();
    // Until every event of this manifest is in, the cursor keeps the ETag it had.
    Batch batch = new Batch(feed, cursor.map(SyncCursor::addedAfter).orElse(""));
    for (Entry e : entries) {
      if (stopped.getAsBoolean()) {
        batch.apply();
        return batch.outcome(unchanged, filtered, failures, report);
      }
      if (!feed.admits(e.tags(), e.orgName(), e.orgUuid())) {
        filtered++;
        continue;
      }
      Optional<Instant> local = localTimestamp(feed, e.uuid());
      if (local.isPresent() && !e.timestamp().isAfter(local.get())) {
        unchanged++;
        continue;
      }
      try {
        byte[] event =
            body(
                send(get(feed, feed.url().resolve(e.uuid() + ".json")).build()),
                e.uuid() + ".json");
        List<StixObject> made = new ArrayList<>();
        ImportReport one =
            importer.convert(event, feed.url() + e.uuid() + ".json", c -> made.addAll(c.objects()));
        report = report.plus(one);
        if (!one.refused().isEmpty()) {
          failures.addAll(one.refused());
          continue;
        }
        batch.add(made);
      } catch (IOException | MispFormatException ex) {
        failures.add(e.uuid() + ": " + ex.getMessage());
      }
    }
    if (failures.isEmpty()) {
      // Every event of this manifest is in: the last transaction moves the cursor to its ETag.
      batch.apply(answer.headers().firstValue("ETag").orElse(""));
    } else {
      batch.apply();
    }
    return batch.outcome(unchanged, filtered, failures, report);
  }

  /** Objects per transaction when several events are applied together. */
  static final int BATCH_OBJECTS = 2_000;

  /**
   * Whole events gathered into transactions of about {@link #BATCH_OBJECTS} objects: one commit for
   * many small events instead of one each. An event is only ever added whole, after it converted
   * and validated whole, so a transaction holds all of each of its events or none of them (a
   * failure of the store loses the batch, not part of an event, and the cursor stays behind for the
   * next poll). Confined to one poll's thread.
   */
  private final class Batch {
    private final MispFeed feed;
    private final String previousEtag;
    private final List<StixObject> pending = new ArrayList<>();
    private int events;
    private int fetched;
    private long added;
    private long duplicates;

    Batch(MispFeed feed, String previousEtag) {
      this.feed = feed;
      this.previousEtag = previousEtag;
    }

    void add(List<StixObject> event) {
      if (!pending.isEmpty() && pending.size() + event.size() > BATCH_OBJECTS) {
        apply();
      }
      pending.addAll(event);
      events++;
    }

    /** Applies the events gathered, in one transaction; the cursor keeps its previous ETag. */
    void apply() {
      if (events > 0) {
        apply(previousEtag);
      }
    }

    /** Applies the events gathered (perhaps none) and saves the cursor at {@code etag}. */
    void apply(String etag) {
      for (AddOutcome a :
          cursors.applyPulled(
              new PulledPage(
                  feed.collection(),
                  pending,
                  new SyncCursor(feed.cursorName(), MANIFEST, etag, clock.instant())))) {
        if (a instanceof AddOutcome.Added) {
          added++;
        } else {
          duplicates++;
        }
      }
      fetched += events;
      events = 0;
      pending.clear();
    }

    Outcome outcome(int unchanged, int filtered, List<String> failures, ImportReport report) {
      return new Outcome(false, fetched, unchanged, filtered, failures, report, added, duplicates);
    }
  }

  /** A manifest entry: the event's uuid, timestamp, tags and creator organisation. */
  private record Entry(
      String uuid, Instant timestamp, List<String> tags, String orgName, String orgUuid) {}

  private static List<Entry> entries(JsonObject manifest) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < manifest.size(); i++) {
      String uuid = manifest.nameAt(i);
      if (!(manifest.valueAt(i) instanceof JsonObject e)) {
        throw new IOException("manifest.json: " + uuid + ": expected an object");
      }
      if (!uuid.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
        throw new IOException("manifest.json: '" + uuid + "' is not an event uuid");
      }
      long ts;
      try {
        ts = Long.parseLong(e.get("timestamp").map(MispFeedPull::text).orElse("0"));
      } catch (NumberFormatException ex) {
        throw new IOException("manifest.json: " + uuid + ".timestamp: not an epoch");
      }
      List<String> tags = new ArrayList<>();
      e.array("Tag")
          .ifPresent(
              a ->
                  a.elements()
                      .forEach(
                          t -> {
                            if (t instanceof JsonObject o) {
                              o.string("name").ifPresent(tags::add);
                            }
                          }));
      JsonObject org = e.object("Orgc").orElse(JsonObject.EMPTY);
      entries.add(
          new Entry(
              uuid,
              Instant.ofEpochSecond(ts),
              tags,
              org.string("name").orElse(""),
              org.string("uuid").orElse("")));
    }
    // Oldest first, as MISP does: a later event that refers to an earlier one finds it.
    entries.sort(Comparator.comparing(Entry::timestamp));
    return entries;
  }

  private static String text(JsonValue v) {
    return v instanceof org.wuzhen.stix.JsonString s
        ? s.value()
        : v instanceof org.wuzhen.stix.JsonNumber n ? n.text() : "";
  }

  /** {@code modified} of the event's report or grouping here, if it is here. */
  private Optional<Instant> localTimestamp(MispFeed feed, String uuid) {
    for (String type : List.of("report--", "grouping--")) {
      List<StoredObject> found =
          objects.query(feed.collection(), ObjectQuery.latestOf(type + uuid, false)).objects();
      if (!found.isEmpty() && found.getFirst().version().isPresent()) {
        try {
          return Optional.of(StixTimestamp.parse(found.getFirst().version().get()).instant());
        } catch (StixFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static HttpRequest.Builder get(MispFeed feed, URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120)).GET();
    feed.headers().forEach(b::header);
    return b;
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(request.uri() + ": interrupted");
    }
  }

  private static byte[] body(HttpResponse<byte[]> answer, String what) throws IOException {
    if (answer.statusCode() != 200) {
      throw new IOException(what + ": HTTP " + answer.statusCode());
    }
    if (answer.body().length > MAX_BYTES) {
      throw new IOException(what + ": larger than " + MAX_BYTES + " bytes");
    }
    return answer.body();
  }
}
