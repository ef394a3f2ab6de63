package org.wuzhen.detect;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.stix.StixObject;

/**
 * Where a {@link LiveDetection} gets its indicators: a file read once, or a collection followed for
 * new indicators and for the community's exclusions. Called from one thread at a time.
 */
public interface IndicatorSource {
  /** Every indicator the source holds now. */
  List<StixObject> load() throws UnreadableInputException;

  /**
   * For a source that is fixed (never adds nor excludes): a digest of its whole content (e.g.
   * SHA-256 of a file), under which a {@link PlanCache} keeps its compiled plan; equal digests must
   * mean equal {@link #load()}s. Empty (the default) for a source that changes: it is compiled at
   * every start.
   */
  default Optional<byte[]> digest() throws UnreadableInputException {
    return Optional.empty();
  }

  /**
   * For a fixed source read from one file: that file, so that a {@link PlanCache} can find its
   * saved plan by the file's identity without reading it. When present, {@link #digest()} and
   * {@link #load()} must depend on that file's bytes only. Empty (the default) otherwise.
   */
  default Optional<Path> file() {
    return Optional.empty();
  }

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
