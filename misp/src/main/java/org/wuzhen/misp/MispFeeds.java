package org.wuzhen.misp;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.ObjectPage;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.ServedEvent;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.VersionSelection;
import org.wuzhen.taxii.Caller;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ExtensionRequest;
import org.wuzhen.taxii.ExtensionRoute;
import org.wuzhen.taxii.NodeExtension;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.taxii.TaxiiExtensions;

/**
 * Serves collections as MISP feeds a real MISP subscribes to: {@code GET
 * /misp/feeds/<collection>/manifest.json}, {@code /<event uuid>.json}, {@code /hashes.csv} with
 * strong ETags and 304s, and {@code GET /misp/events/<report id>} for one event. Authenticated like
 * TAXII (MISP's feed settings send {@code Authorization: Bearer ...} as a custom header). Every
 * object is read through the request's {@link ObjectReader} (the node's one read decision) and then
 * decided by the {@link FeedPolicy}. Built feeds are cached per collection and caller for {@link
 * #CACHE_FOR} and dropped when the collection is written through TAXII. Thread-safe.
 */
public final class MispFeeds implements NodeExtension {
  /** How long a built feed is served before it is built again (writes drop it sooner). */
  public static final Duration CACHE_FOR = Duration.ofSeconds(30);

  private final Supplier<FeedPolicy> policy;
  private final Cache<String, FeedFiles> cache =
      Caffeine.newBuilder().expireAfterWrite(CACHE_FOR).maximumSize(1000).build();
  private final EventClock clock;

  /**
   * @param store where what was served is kept across restarts ({@link ObjectStore#servedEvents})
   * @param policy the feed policy in force (read per build, so policy changes apply)
   */
  public MispFeeds(ObjectStore store, Supplier<FeedPolicy> policy) {
    this.clock = new EventClock(requireNonNull(store, "store"));
    this.policy = requireNonNull(policy, "policy");
  }

  @Override
  public void extend(TaxiiExtensions.Builder server) {
    server
        .route(ExtensionRoute.get("/misp/feeds/{collection}/{file}", this::feedFile))
        .route(ExtensionRoute.get("/misp/events/{id}", this::event))
        .writeCheck(
            (caller, collection, object) -> {
              // Not a check: a write to a collection makes its cached feeds stale.
              cache.asMap().keySet().removeIf(k -> k.startsWith(collection + " "));
              return Optional.empty();
            });
  }

  private ExtensionReply feedFile(ExtensionRequest r) {
    CollectionId collection = collection(r, r.pathParam("collection"));
    String name = r.pathParam("file");
    FeedFiles feed =
        cache.get(key(collection, r), k -> FeedFiles.of(events(r.reader(), collection, r)));
    FeedFiles.File file =
        feed.file(name)
            .orElseThrow(
                () ->
                    ExtensionException.notFound(
                        "no file '" + name + "' in the feed of " + collection));
    if (r.header("if-none-match").filter(file.etag()::equals).isPresent()) {
      return new ExtensionReply(304, ExtensionReply.JSON, new byte[0])
          .withHeader("ETag", file.etag());
    }
    String type = name.endsWith(".csv") ? "text/csv;charset=utf-8" : ExtensionReply.JSON;
    return new ExtensionReply(200, type, file.bytes()).withHeader("ETag", file.etag());
  }

  private ExtensionReply event(ExtensionRequest r) {
    String id = r.pathParam("id");
    if (!id.startsWith("report--") && !id.startsWith("grouping--")) {
      throw ExtensionException.badRequest(
          "id: expected a report or grouping id, found '" + id + "'");
    }
    String uuid = id.substring(id.indexOf("--") + 2);
    for (var c : r.reader().readableCollections()) {
      List<StoredObject> found =
          r.reader().query(c.id(), ObjectQuery.latestOf(id, false)).objects();
      if (!found.isEmpty()) {
        FeedFiles feed =
            cache.get(key(c.id(), r), k -> FeedFiles.of(events(r.reader(), c.id(), r)));
        Optional<FeedFiles.File> file = feed.fullEvent(uuid);
        if (file.isPresent()) {
          return new ExtensionReply(200, ExtensionReply.JSON, file.get().bytes())
              .withHeader("ETag", file.get().etag());
        }
      }
    }
    throw ExtensionException.notFound(id + ": no such event that you may read as a MISP feed");
  }

  /** The collection's events as this reader, under the feed policy, timestamps kept rising. */
  private List<JsonObject> events(
      ObjectReader reader, CollectionId collection, ExtensionRequest r) {
    List<StixObject> readable = new ArrayList<>();
    Optional<org.wuzhen.store.PageCursor> after = Optional.empty();
    while (true) {
      ObjectPage page =
          reader.query(
              collection,
              new ObjectQuery(
                  Optional.empty(),
                  List.of(),
                  List.of(),
                  VersionSelection.LAST,
                  List.of(),
                  1000,
                  after,
                  true));
      for (StoredObject s : page.objects()) {
        readable.add(StixObject.parse(s.json().orElseThrow()));
      }
      if (!page.more() || page.next().isEmpty()) {
        break;
      }
      after = page.next();
    }
    return clock.rising(key(collection, r), events(collection, readable, policy.get()));
  }

  /**
   * The events of a collection's objects that a reader may read, under the feed policy: only what
   * the policy allows is ever looked at.
   */
  static List<JsonObject> events(
      CollectionId collection, List<StixObject> readable, FeedPolicy policy) {
    List<JsonObject> allowed = new ArrayList<>();
    for (StixObject o : readable) {
      if (policy.decide(collection, o).allowed()) {
        allowed.add(o.json());
      }
    }
    return new StixToMisp(allowed, collection.toString()).events();
  }

  private static CollectionId collection(ExtensionRequest r, String text) {
    CollectionId id;
    try {
      id = CollectionId.parse(text);
    } catch (IllegalArgumentException e) {
      throw ExtensionException.badRequest("collection: " + e.getMessage());
    }
    if (!r.mayRead(id)) {
      throw ExtensionException.notFound("no collection " + text + " that you may read");
    }
    return id;
  }

  private static String key(CollectionId collection, ExtensionRequest r) {
    Caller c = r.caller().orElseThrow();
    return collection + " " + c.member() + " " + c.user();
  }

  /**
   * Keeps each event's timestamp rising whenever its content changes, also when the change is a
   * withdrawal that leaves only older objects (MISP fetches an event again only when its manifest
   * timestamp grew). Remembers the last content hash, timestamp and attributes per reader and event
   * in the store, so a restart neither lowers a raised timestamp nor forgets an attribute to send
   * as deleted; what a reader was served is read from the store once per node lifetime and then
   * kept here. Thread-safe.
   */
  static final class EventClock {
    private final ObjectStore store;
    private final Map<String, Map<String, ServedEvent>> seen = new HashMap<>();

    EventClock(ObjectStore store) {
      this.store = store;
    }

    synchronized List<JsonObject> rising(String reader, List<JsonObject> events) {
      Map<String, ServedEvent> served =
          seen.computeIfAbsent(reader, r -> new HashMap<>(store.servedEvents(r)));
      List<JsonObject> out = new ArrayList<>(events.size());
      List<ServedEvent> changed = new ArrayList<>();
      for (JsonObject wrapped : events) {
        JsonObject e = wrapped.object("Event").orElseThrow();
        String uuid = e.string("uuid").orElseThrow();
        ServedEvent last = served.get(uuid);
        // An attribute sent before and now withheld goes out once more as deleted, with what
        // was already sent: MISP removes nothing a newer feed version merely leaves out.
        Map<String, JsonObject> sent = new LinkedHashMap<>();
        List<JsonValue> attributes = new ArrayList<>();
        for (JsonValue v : e.array("Attribute").orElse(JsonArray.EMPTY).elements()) {
          JsonObject a = (JsonObject) v;
          sent.put(a.string("uuid").orElseThrow(), a);
          attributes.add(a);
        }
        if (last != null) {
          for (JsonValue v : ((JsonArray) Json.parse(last.attributes())).elements()) {
            JsonObject a = (JsonObject) v;
            String attribute = a.string("uuid").orElseThrow();
            if (!sent.containsKey(attribute)) {
              JsonObject gone = a.with("deleted", JsonBoolean.TRUE);
              sent.put(attribute, gone);
              attributes.add(gone);
            }
          }
        }
        e = e.with("Attribute", new JsonArray(attributes));
        long ts = Long.parseLong(e.string("timestamp").orElseThrow());
        String hash =
            FeedFiles.hex(
                "SHA-256", Json.write(e.without("timestamp")).getBytes(StandardCharsets.UTF_8));
        if (last != null && last.contentHash().equals(hash)) {
          ts = last.timestamp();
        } else if (last != null && ts <= last.timestamp()) {
          ts = last.timestamp() + 1;
        }
        if (last == null || !last.contentHash().equals(hash) || last.timestamp() != ts) {
          ServedEvent now =
              new ServedEvent(
                  reader, uuid, hash, ts, Json.write(new JsonArray(List.copyOf(sent.values()))));
          served.put(uuid, now);
          changed.add(now);
        }
        out.add(
            JsonObject.builder()
                .put("Event", e.with("timestamp", new JsonString(Long.toString(ts))))
                .build());
      }
      // Saved before the feed is served: a timestamp served is never lowered by a restart.
      store.saveServedEvents(changed);
      return out;
    }
  }
}
