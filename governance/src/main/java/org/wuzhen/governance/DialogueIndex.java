package org.wuzhen.governance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.ObjectStore;

/**
 * Notes, opinions and sightings of every collection, indexed by the objects they are about ({@code
 * object_refs}, {@code sighting_of_ref}), latest version of each. Follows the store incrementally.
 * Mutable; every method is synchronized.
 */
final class DialogueIndex {
  /**
   * One dialogue object, the collection it is in and its stored version: a route shows it only as
   * the caller's read decision allows.
   */
  record Entry(CollectionId collection, CollectionFeed.Read read) {
    StixObject object() {
      return read.object();
    }
  }

  private final ObjectStore store;

  /**
   * One feed per type: given several types, SQLite walks the collection's date_added index past
   * every object of other types (all of a million indicators on each refresh); one type each uses
   * its (collection, type, date_added) index and stops at the end. Order across types does not
   * matter here: each entry keeps the latest version by {@link Consensus#LATEST}.
   */
  private final List<CollectionFeed> feeds;

  private final Map<String, Map<String, Entry>> about = new HashMap<>();

  DialogueIndex(ObjectStore store) {
    this.store = store;
    this.feeds =
        List.of("note", "opinion", "sighting").stream()
            .map(type -> new CollectionFeed(store, List.of(type)))
            .toList();
  }

  /** The store's {@link ObjectStore#lastAdded()} when the feeds were last read to their end. */
  private long followed = -1;

  synchronized void refresh() {
    // Read before the feeds: a version added while they are read is either in them or moves this
    // mark, and the next refresh reads on from where the feeds stopped.
    long last = store.lastAdded();
    if (last == followed) {
      return; // nothing added anywhere: one query instead of one per collection and type
    }
    for (CollectionInfo c : store.collections()) {
      List<CollectionFeed.Read> reads = new ArrayList<>();
      feeds.forEach(f -> reads.addAll(f.next(c.id())));
      for (CollectionFeed.Read read : reads) {
        StixObject o = read.object();
        List<String> targets =
            o.type().equals("sighting")
                ? o.string("sighting_of_ref").stream().toList()
                : o.json().strings("object_refs");
        for (String target : targets) {
          Map<String, Entry> entries = about.computeIfAbsent(target, k -> new LinkedHashMap<>());
          String key = c.id() + " " + o.id();
          Entry known = entries.get(key);
          if (known == null || Consensus.LATEST.compare(o, known.object()) > 0) {
            entries.put(key, new Entry(c.id(), read));
          }
        }
      }
    }
    followed = last;
  }

  /**
   * The ids of the objects of {@code type} that members gave an opinion about, the one with the
   * most recently stored opinion first, at most {@code limit}.
   */
  synchronized List<String> opined(String type, int limit) {
    Map<String, Long> latest = new HashMap<>();
    about.forEach(
        (target, entries) -> {
          if (target.startsWith(type + "--")) {
            for (Entry e : entries.values()) {
              if (e.object().type().equals("opinion")) {
                latest.merge(target, e.read().version().dateAddedMicros(), Math::max);
              }
            }
          }
        });
    return latest.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(limit)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The sightings stored at or after {@code micros} (date_added), latest version of each. */
  synchronized List<Entry> sightingsSince(long micros) {
    List<Entry> out = new ArrayList<>();
    about
        .values()
        .forEach(
            entries -> {
              for (Entry e : entries.values()) {
                if (e.object().type().equals("sighting")
                    && e.read().version().dateAddedMicros() >= micros) {
                  out.add(e);
                }
              }
            });
    return out;
  }

  /**
   * What was said about {@code objectId} in every collection, latest version of each, oldest first.
   */
  synchronized List<Entry> about(String objectId) {
    List<Entry> entries = new ArrayList<>(about.getOrDefault(objectId, Map.of()).values());
    entries.sort(Comparator.comparing(Entry::object, Consensus.LATEST));
    return entries;
  }
}
