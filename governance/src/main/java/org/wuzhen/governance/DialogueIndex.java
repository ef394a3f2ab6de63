package org.wuzhen.governance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
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
  /** One dialogue object and the collection it is in (read permissions apply per collection). */
  record Entry(CollectionId collection, StixObject object) {}

  private final ObjectStore store;
  private final CollectionFeed feed;
  private final Map<String, Map<String, Entry>> about = new HashMap<>();

  DialogueIndex(ObjectStore store) {
    this.store = store;
    this.feed = new CollectionFeed(store, List.of("note", "opinion", "sighting"));
  }

  synchronized void refresh() {
    for (CollectionInfo c : store.collections()) {
      for (StixObject o : feed.next(c.id())) {
        List<String> targets =
            o.type().equals("sighting")
                ? o.string("sighting_of_ref").stream().toList()
                : o.json().strings("object_refs");
        for (String target : targets) {
          Map<String, Entry> entries = about.computeIfAbsent(target, k -> new LinkedHashMap<>());
          String key = c.id() + " " + o.id();
          Entry known = entries.get(key);
          if (known == null || Consensus.LATEST.compare(o, known.object()) > 0) {
            entries.put(key, new Entry(c.id(), o));
          }
        }
      }
    }
  }

  /** What was said about {@code objectId} in the collections {@code readable} admits. */
  synchronized Dialogue about(String objectId, Predicate<CollectionId> readable) {
    List<StixObject> notes = new ArrayList<>();
    List<StixObject> opinions = new ArrayList<>();
    List<StixObject> sightings = new ArrayList<>();
    List<Entry> entries = new ArrayList<>(about.getOrDefault(objectId, Map.of()).values());
    entries.sort(Comparator.comparing(Entry::object, Consensus.LATEST));
    for (Entry e : entries) {
      if (!readable.test(e.collection())) {
        continue;
      }
      switch (e.object().type()) {
        case "note" -> notes.add(e.object());
        case "opinion" -> opinions.add(e.object());
        default -> sightings.add(e.object());
      }
    }
    return new Dialogue(notes, opinions, sightings);
  }
}
