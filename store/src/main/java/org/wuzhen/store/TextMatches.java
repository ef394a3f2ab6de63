package org.wuzhen.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of a {@link TextQuery}'s hits, newest first; {@code next} (continue below this {@code
 * date_added}) is present exactly when {@code more} is true.
 */
public record TextMatches(List<TextMatch> hits, boolean more, Optional<Long> next) {
  public TextMatches {
    hits = List.copyOf(hits);
    if (more != next.isPresent()) {
      throw new IllegalArgumentException("next must be present exactly when more is true");
    }
  }

  public static TextMatches none() {
    return new TextMatches(List.of(), false, Optional.empty());
  }
}
