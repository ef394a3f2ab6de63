package org.wuzhen.store;

import java.util.List;
import java.util.Optional;

/** One page of query results; {@code next} is present exactly when {@code more} is true. */
public record ObjectPage(List<StoredObject> objects, boolean more, Optional<PageCursor> next) {
  public ObjectPage {
    objects = List.copyOf(objects);
    if (more != next.isPresent()) {
      throw new IllegalArgumentException("next must be present exactly when more is true");
    }
  }
}
