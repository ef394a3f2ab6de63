package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixTimestamp;

/**
 * One telemetry event as the engine sees it: where it came from (for example {@code
 * dns.log.gz:12}), when it happened, and the cyber-observable objects it was turned into. Every
 * object has a string {@code type} and {@code id}; {@code *_ref} values name other objects of the
 * same event.
 */
public record Event(String source, StixTimestamp time, List<JsonObject> objects) {
  public Event {
    requireNonNull(source, "source");
    requireNonNull(time, "time");
    objects = List.copyOf(objects);
    for (int i = 0; i < objects.size(); i++) {
      JsonObject o = objects.get(i);
      if (o.string("type").isEmpty() || o.string("id").isEmpty()) {
        throw new IllegalArgumentException(
            source + ": objects[" + i + "] needs a string 'type' and 'id'");
      }
    }
  }
}
