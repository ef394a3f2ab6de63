package org.wuzhen.detect;

import java.util.List;
import java.util.Set;
import org.wuzhen.stix.StixObject;

/**
 * Where a {@link LiveDetection} gets its indicators: a file read once, or a collection followed for
 * new indicators and for the community's exclusions. Called from one thread at a time.
 */
public interface IndicatorSource {
  /** Every indicator the source holds now. */
  List<StixObject> load() throws UnreadableInputException;

  /** Indicators (or new versions) added since the last call; empty for a source that is fixed. */
  default List<StixObject> more() throws UnreadableInputException {
    return List.of();
  }

  /**
   * Ids of indicators the community's rules exclude from detection now (disputed, decayed,
   * expired); empty for a source without a community.
   */
  default Set<String> excluded() throws UnreadableInputException {
    return Set.of();
  }
}
