package org.wuzhen.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;

/** A sighting sink that keeps every snapshot in memory, or refuses them all. Thread-safe. */
final class InMemorySightingSink implements SightingSink {
  private final List<List<JsonObject>> snapshots = new ArrayList<>();
  private final boolean refuses;

  InMemorySightingSink() {
    this(false);
  }

  InMemorySightingSink(boolean refuses) {
    this.refuses = refuses;
  }

  @Override
  public synchronized Delivery deliver(List<JsonObject> objects) {
    snapshots.add(List.copyOf(objects));
    return refuses ? new Delivery.Refused(objects.size()) : new Delivery.Accepted();
  }

  synchronized int deliveries() {
    return snapshots.size();
  }

  synchronized List<JsonObject> last() {
    return snapshots.isEmpty() ? List.of() : snapshots.getLast();
  }

  /** The last snapshot's sighting counts, summed per indicator id. */
  synchronized Map<String, Long> countsByIndicator() {
    Map<String, Long> counts = new HashMap<>();
    for (JsonObject o : last()) {
      if (o.string("type").orElseThrow().equals("sighting")) {
        counts.merge(
            o.string("sighting_of_ref").orElseThrow(),
            Long.parseLong(Json.write(o.get("count").orElseThrow())),
            Long::sum);
      }
    }
    return counts;
  }
}
