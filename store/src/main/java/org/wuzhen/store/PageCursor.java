package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/** Keyset position: the last (date_added, id, version) a page returned. */
public record PageCursor(long dateAddedMicros, String id, long versionMicros) {
  public PageCursor {
    requireNonNull(id, "id");
  }
}
