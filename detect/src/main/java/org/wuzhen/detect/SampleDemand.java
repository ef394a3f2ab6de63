package org.wuzhen.detect;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which events of one input a sighting may keep as a sample, so that only those are built whole
 * (the others are built for matching only, {@link MatchFields}). {@link Sightings} keeps the first
 * {@code sampleSize} events committed for an indicator and bucket; an input's matches are committed
 * in its order, after those of the inputs before it. So once this input has matched {@code
 * sampleSize} events of a key, that key's sample is full when any later event of this input is
 * committed, and those events need not be whole. Counting per input only errs towards building
 * whole. Not thread-safe; one per input read.
 */
final class SampleDemand {
  private record Key(String indicatorId, long bucketStartMicros) {}

  private final SightingOptions options;
  private final Map<Key, int[]> matched = new HashMap<>();

  SampleDemand(SightingOptions options) {
    this.options = options;
  }

  /**
   * Whether a sighting may keep the event of these matches (of one event) as a sample; counts them.
   */
  boolean wantsWhole(List<Match> matches) {
    if (!options.includeObservedData() || matches.isEmpty()) {
      return false;
    }
    long bucket = Sightings.bucketStartMicros(options, matches.getFirst().event().time());
    boolean wanted = false;
    for (Match m : matches) {
      int[] count = matched.computeIfAbsent(new Key(m.indicatorId(), bucket), k -> new int[1]);
      if (count[0] < options.sampleSize()) {
        wanted = true;
        count[0]++;
      }
    }
    return wanted;
  }

  /** The matches again, with the whole event in place of the one built for matching. */
  static List<Match> whole(List<Match> matches, Event whole) {
    return matches.stream().map(m -> new Match(m.indicatorId(), whole)).toList();
  }
}
