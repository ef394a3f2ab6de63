package org.wuzhen.detect;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Events of one input matched by a plan on the thread that reads them, each event's matches (never
 * empty) handed to a destination; a line's whole event is built only when a sighting may keep it as
 * a sample ({@link SampleDemand}: the input's matches are committed in its order). Used by the
 * readers of {@link ParallelReading} (one per input) and {@link ChunkedReading} (one per reader
 * thread, which takes its chunks in input order). Not thread-safe; one per reading thread.
 */
final class PlanMatching implements LineReader.MatchingSink {
  private final DetectionEngine engine;
  private final SampleDemand demand;
  private final Optional<MatchFields> fields;
  private final Runnable counted;
  private final Consumer<List<Match>> destination;

  /**
   * @param counted told of each event given to this sink (not of the lines the format decided
   *     alone)
   * @param destination takes the matches of each event that matched
   */
  PlanMatching(
      DetectionEngine engine,
      SightingOptions sightings,
      Runnable counted,
      Consumer<List<Match>> destination) {
    this.engine = engine;
    this.demand = new SampleDemand(sightings);
    this.fields = engine.matchFields();
    this.counted = counted;
    this.destination = destination;
  }

  @Override
  public void accept(Event event) {
    counted.run();
    List<Match> found = engine.match(event);
    if (!found.isEmpty()) {
      demand.wantsWhole(found); // counted: a whole event is a sample candidate too
      destination.accept(found);
    }
  }

  @Override
  public Optional<MatchFields> matchFields() {
    return fields;
  }

  @Override
  public void acceptMatching(Event event, MatchFields fields, Supplier<Event> whole) {
    counted.run();
    List<Match> found = engine.match(event);
    if (!found.isEmpty()) {
      if (demand.wantsWhole(found)) {
        found = SampleDemand.whole(found, whole.get());
      }
      destination.accept(found);
    }
  }
}
