package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

/**
 * What a MISP feed last served one reader of one event (docs/misp.md): the SHA-256 of the event
 * without its timestamp, the timestamp served (epoch seconds, as MISP writes it) and the attributes
 * served, as a JSON array. Kept so that the timestamp keeps rising and withheld attributes go out
 * as deleted across restarts.
 *
 * @param reader who read the feed (collection, member and user, as the feed names them)
 */
public record ServedEvent(
    String reader, String eventUuid, String contentHash, long timestamp, String attributes) {
  public ServedEvent {
    requireNonNull(reader, "reader");
    requireNonNull(eventUuid, "eventUuid");
    requireNonNull(contentHash, "contentHash");
    requireNonNull(attributes, "attributes");
  }
}
