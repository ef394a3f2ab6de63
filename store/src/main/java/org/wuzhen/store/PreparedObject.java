package org.wuzhen.store;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;

/**
 * An object version made ready for {@link ObjectStore#addPrepared}: its JSON text written, its
 * SHA-256 for the transparency log taken, its full-text entry and a relationship's ends derived.
 * That is about a third of what storing an object costs, and it needs no lock, so a bulk import
 * prepares objects on the threads that convert them and the one writing thread only inserts.
 * Immutable and thread-safe; the write does everything else (creator rule, duplicates, log leaves,
 * indexes) exactly as {@link ObjectStore#add} does.
 *
 * <p>It keeps the row, not the object's JSON tree: a bulk import holds thousands of prepared
 * objects until their transaction, and the trees were most of that memory and of the collector's
 * copying.
 */
public final class PreparedObject {
  private final StixId id;
  final ObjectRow row;

  private PreparedObject(StixId id, ObjectRow row) {
    this.id = id;
    this.row = row;
  }

  /** Prepares an object the caller has validated, to be stored as its own serialisation. */
  public static PreparedObject of(StixObject object) {
    requireNonNull(object, "object");
    // Written to UTF-8 once, in the writer's buffer: the log's digest is taken over those bytes
    // and the text decoded from them (a plain copy for ASCII), rather than the text written and
    // then encoded again.
    String[] json = new String[1];
    byte[] sha256 =
        Json.readCompact(
            object.json(),
            (utf8, length) -> {
              json[0] = new String(utf8, 0, length, StandardCharsets.UTF_8);
              return LogRecords.sha256(utf8, length);
            });
    return new PreparedObject(object.id(), ObjectRow.of(object, json[0], sha256));
  }

  /** The prepared object's id. */
  public StixId id() {
    return id;
  }

  @Override
  public String toString() {
    return "PreparedObject[" + id + "]";
  }
}
