package org.wuzhen.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.wuzhen.stix.StixObject;

/**
 * An indicator source held in memory, for tests: indicators are added and exclusions set while a
 * run polls it, and a number of polls can be made to fail. Thread-safe.
 */
final class InMemoryIndicatorSource implements IndicatorSource {
  private final List<StixObject> indicators = new ArrayList<>();
  private int handedOut;
  private Set<String> excluded = Set.of();
  private int failuresToGive;
  private int polls;

  InMemoryIndicatorSource(StixObject... indicators) {
    this.indicators.addAll(List.of(indicators));
  }

  synchronized void add(StixObject indicator) {
    indicators.add(indicator);
  }

  synchronized void exclude(String... ids) {
    excluded = Set.of(ids);
  }

  synchronized void failNextPolls(int n) {
    failuresToGive = n;
  }

  /** How many times {@link #more()} was called. */
  synchronized int polls() {
    return polls;
  }

  @Override
  public synchronized List<StixObject> load() {
    handedOut = indicators.size();
    return List.copyOf(indicators);
  }

  @Override
  public synchronized List<StixObject> more() throws UnreadableInputException {
    polls++;
    if (failuresToGive > 0) {
      failuresToGive--;
      throw new UnreadableInputException("in-memory source: unavailable for this poll");
    }
    List<StixObject> added = List.copyOf(indicators.subList(handedOut, indicators.size()));
    handedOut = indicators.size();
    return added;
  }

  @Override
  public synchronized Set<String> excluded() {
    return excluded;
  }
}
