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
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;
import org.wuzhen.stix.validate.StixValidator;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.PeerStore;
import org.wuzhen.store.PulledPage;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.SyncCursor;
import org.wuzhen.taxii.NodeExtension;
import org.wuzhen.taxii.TaxiiExtensions;

/**
 * Pulls MISP feeds as a MISP instance does (Feed.php): {@code manifest.json} with ETag and 304,
 * then every event the manifest lists that passes the feed's rules and is unknown here or newer
 * than the local version (the event's report or grouping {@code modified}), converted with {@link
 * MispImport} and applied one event per transaction with the feed as provenance. The manifest's
 * ETag is the feed's cursor, saved only once every event of that manifest is in, so a failed fetch
 * is retried. Thread-safe: one virtual thread polls, {@link #pollOnce} may be called by tests.
 */
public final class MispFeedPull implements NodeExtension {
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
  private final Map<String, Instant> next = new ConcurrentHashMap<>();
  private volatile Thread thread;
  private volatile boolean stopped;

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
   */
  public record Outcome(
      boolean notModified,
      int fetched,
      int unchanged,
      int filtered,
      List<String> failures,
      ImportReport report) {
    public Outcome {
      failures = List.copyOf(failures);
      requireNonNull(report, "report");
    }
  }

  @Override
  public void extend(TaxiiExtensions.Builder server) {}

  @Override
  public synchronized void start() {
    if (thread == null && !feeds.isEmpty()) {
      thread = Thread.ofVirtual().name("wuzhen-misp-feeds").start(this::schedule);
    }
  }

  @Override
  public void close() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void schedule() {
    while (!stopped) {
      Instant now = clock.instant();
      for (MispFeed feed : feeds) {
        if (next.getOrDefault(feed.name(), Instant.MIN).isAfter(now)) {
          continue;
        }
        try {
          Outcome o = pollOnce(feed);
          LOG.info(
              "misp feed {}: {} fetched, {} unchanged, {} filtered, {} failed",
              feed.name(),
              o.fetched(),
              o.unchanged(),
              o.filtered(),
              o.failures().size());
        } catch (IOException | RuntimeException e) {
          LOG.warn("misp feed {}: {}", feed.name(), e.getMessage());
        }
        next.put(feed.name(), clock.instant().plus(feed.interval()));
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Polls one feed now. */
  public Outcome pollOnce(MispFeed feed) throws IOException {
    Optional<SyncCursor> cursor = cursors.syncCursor(feed.cursorName(), "manifest.json");
    HttpRequest.Builder request = get(feed, feed.url().resolve("manifest.json"));
    cursor
        .map(SyncCursor::addedAfter)
        .filter(e -> !e.isEmpty())
        .ifPresent(e -> request.header("If-None-Match", e));
    HttpResponse<byte[]> answer = send(request.build());
    if (answer.statusCode() == 304) {
      return new Outcome(true, 0, 0, 0, List.of(), ImportReport.empty());
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
    int fetched = 0;
    int unchanged = 0;
    int filtered = 0;
    List<String> failures = new ArrayList<>();
    ImportReport report = ImportReport.empty();
    String previous = cursor.map(SyncCursor::addedAfter).orElse("");
    for (Entry e : entries) {
      if (stopped) {
        return new Outcome(false, fetched, unchanged, filtered, failures, report);
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
        // One transaction per event: all of it or none of it, the cursor unchanged.
        cursors.applyPulled(
            new PulledPage(
                feed.collection(),
                made,
                new SyncCursor(feed.cursorName(), "manifest.json", previous, clock.instant())));
        fetched++;
      } catch (IOException | MispFormatException ex) {
        failures.add(e.uuid() + ": " + ex.getMessage());
      }
    }
    if (failures.isEmpty()) {
      String etag = answer.headers().firstValue("ETag").orElse("");
      cursors.applyPulled(
          new PulledPage(
              feed.collection(),
              List.of(),
              new SyncCursor(feed.cursorName(), "manifest.json", etag, clock.instant())));
    }
    return new Outcome(false, fetched, unchanged, filtered, failures, report);
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
