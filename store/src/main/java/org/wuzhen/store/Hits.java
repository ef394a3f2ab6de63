package org.wuzhen.store;

import java.util.List;
import java.util.Optional;

/**
 * One page of {@link Hit}s, newest first; {@code next} (continue below this {@code date_added}) is
 * present exactly when {@code more} is true.
 */
public record Hits(List<Hit> hits, boolean more, Optional<Long> next) {
  public Hits {
    hits = List.copyOf(hits);
    if (more != next.isPresent()) {
      throw new IllegalArgumentException("next must be present exactly when more is true");
    }
  }

  /** The page of {@code limit} from rows read one beyond it, newest first. */
  static Hits page(List<Hit> rows, int limit) {
    if (rows.size() <= limit) {
      return new Hits(rows, false, Optional.empty());
    }
    List<Hit> page = rows.subList(0, limit);
    return new Hits(page, true, Optional.of(page.getLast().object().dateAddedMicros()));
  }

  public static Hits none() {
    return new Hits(List.of(), false, Optional.empty());
  }
}
