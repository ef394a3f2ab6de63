package org.wuzhen.detect;

import java.util.List;
import org.wuzhen.stix.JsonObject;

/**
 * Where a {@link LiveDetection} delivers its sightings: a file, a stream, a TAXII collection. Each
 * delivery is a whole snapshot (a later one holds new versions of the same sightings). Called from
 * one thread at a time.
 */
@FunctionalInterface
public interface SightingSink {
  /**
   * Delivers one snapshot: the sightings, their observed-data and observables, and the sighter's
   * identity when it was made up. Returns true when every object was accepted; a sink reports its
   * own failures (which objects were refused, why a write failed) where its user will see them.
   */
  boolean deliver(List<JsonObject> objects);
}
