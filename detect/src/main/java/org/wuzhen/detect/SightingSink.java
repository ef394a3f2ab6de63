package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

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
   * identity when it was made up. A sink reports its own failures (which objects were refused, why
   * a write failed) where its user will see them.
   */
  Delivery deliver(List<JsonObject> objects);

  /** How a delivery ended; a retry helps only after {@link Failed}. */
  sealed interface Delivery {
    /** True when every object was accepted. */
    default boolean accepted() {
      return this instanceof Accepted;
    }

    /** Every object was accepted. */
    record Accepted() implements Delivery {}

    /**
     * The receiver answered and refused {@code objects} of them (the rest were accepted): the same
     * objects delivered again would be refused again.
     */
    record Refused(int objects) implements Delivery {
      public Refused {
        if (objects < 1) {
          throw new IllegalArgumentException("refused objects: " + objects + " is not positive");
        }
      }
    }

    /** The delivery did not happen (the receiver could not be reached or answered an error). */
    record Failed(String reason) implements Delivery {
      public Failed {
        requireNonNull(reason, "reason");
      }
    }

    /** Accepted when nothing was refused, else Refused. */
    static Delivery refusing(int refused) {
      return refused == 0 ? new Accepted() : new Refused(refused);
    }
  }
}
