package org.wuzhen.detect;

import static java.util.Objects.requireNonNull;

/** An indicator whose pattern matched an event, at the event's time. */
public record Match(String indicatorId, Event event) {
  public Match {
    requireNonNull(indicatorId, "indicatorId");
    requireNonNull(event, "event");
  }
}
