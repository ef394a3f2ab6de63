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
  private final CollectionFeed feed;
  private final Map<String, Map<String, Entry>> about = new HashMap<>();

  DialogueIndex(ObjectStore store) {
    this.store = store;
    this.feed = new CollectionFeed(store, List.of("note", "opinion", "sighting"));
  }

  synchronized void refresh() {
    for (CollectionInfo c : store.collections()) {
      for (CollectionFeed.Read read : feed.next(c.id())) {
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
