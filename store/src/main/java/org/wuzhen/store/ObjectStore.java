package org.wuzhen.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.wuzhen.stix.StixObject;

/**
 * The role of a store that keeps collections, the exact JSON of every object version in them and
 * the TAXII status resources of their writes. Implementations are thread-safe; a method that
 * returns has committed.
 */
public interface ObjectStore {
  // ---- collections ----

  /** Creates a collection; fails with {@link StoreException.Conflict} when the id exists. */
  CollectionInfo createCollection(CollectionInfo collection);

  List<CollectionInfo> collections();

  Optional<CollectionInfo> collection(CollectionId id);

  // ---- objects ----

  /**
   * Adds object versions to a collection in one transaction and assigns each new version a {@code
   * date_added} in microseconds, strictly increasing across the whole store (also across processes
   * sharing one PostgreSQL). A version already present (same id and same version, see {@link
   * StoredObject#versionMicros()}) is a {@link AddOutcome.Duplicate}, not an error. The first
   * stored version of an object, in any collection, fixes its {@link Creator}; a new version of an
   * object another creator holds is an {@link AddOutcome.Refused} and is not stored. The caller has
   * validated the objects.
   *
   * @return one outcome per input object, in input order
   */
  List<AddOutcome> add(CollectionId collection, Creator creator, List<StixObject> objects);

  /**
   * {@link #add} of objects already {@link PreparedObject prepared} (serialised, hashed and
   * indexed, e.g. on the threads of a bulk import): the same transaction, rules and outcomes, with
   * only the inserts left for the calling thread.
   */
  List<AddOutcome> addPrepared(
      CollectionId collection, Creator creator, List<PreparedObject> objects);

  /**
   * {@link #addPrepared} of several groups of objects (the events of a bulk import) in one
   * transaction, each group stored whole or not at all: a group whose write fails is rolled back
   * alone and answered {@link GroupOutcome.Failed}, and the others commit. Within a stored group
   * each object has the outcome {@link #add} gives it (added, duplicate, or refused by the creator
   * rule). One commit for many groups instead of one each.
   *
   * @return one outcome per group, in input order
   */
  List<GroupOutcome> addPreparedGroups(
      CollectionId collection, Creator creator, List<List<PreparedObject>> groups);

  /** {@link #add} by the node itself ({@link Creator#NODE}): its charter, seed data. */
  default List<AddOutcome> add(CollectionId collection, List<StixObject> objects) {
    return add(collection, Creator.NODE, objects);
  }

  /**
   * {@link #add} and {@link #saveStatus} in one transaction: the status resource, built from the
   * outcomes, commits together with the objects it reports. One commit per TAXII POST instead of
   * two, and never a status without its objects or objects without their status.
   */
  default List<AddOutcome> addWithStatus(
      CollectionId collection,
      Creator creator,
      List<StixObject> objects,
      Function<List<AddOutcome>, StatusRecord> status) {
    List<AddOutcome> outcomes = add(collection, creator, objects);
    saveStatus(status.apply(outcomes));
    return outcomes;
  }

  /**
   * Who created an object (stored its first version, in any collection); empty for an id never
   * stored, or stored before creators were recorded with no creator the upgrade could infer.
   */
  Optional<Creator> creator(String objectId);

  /**
   * The last {@code date_added} the store handed out, anywhere (0 before the first): at least that
   * of the newest version stored, moved by every add (also one that stored only duplicates), not by
   * reads or deletions. A reader that follows the store's additions (an index of notes, a ledger)
   * finds nothing new while it is unchanged, and skips its reads.
   */
  long lastAdded();

  /**
   * Object versions of a collection matching a query, ordered by {@code date_added} then id then
   * version, at most {@code query.limit()} of them, with a keyset cursor for the next page.
   */
  ObjectPage query(CollectionId collection, ObjectQuery query);

  /**
   * Full-text search: the latest version of each object in these collections whose names,
   * descriptions, aliases or texts (notes' abstract and content, opinions' explanation) hold every
   * word of the query, filtered as it says, newest first, at most {@code query.limit()} of them,
   * with a keyset position for the next page. Fails with {@link StoreException.NotFound} naming a
   * collection that does not exist.
   */
  Hits search(List<CollectionId> collections, TextQuery query);

  /**
   * The latest versions most recently added to these collections, newest first, at most {@code
   * limit} (1 to 1,000) of them, continuing below {@code before} (a previous page's {@link
   * Hits#next()}). Fails with {@link StoreException.NotFound} naming a collection that does not
   * exist.
   */
  Hits recent(List<CollectionId> collections, int limit, Optional<Long> before);

  /**
   * The latest versions of the relationships whose {@code source_ref} or {@code target_ref} is
   * {@code objectId} in these collections, newest first, as {@link #recent}.
   */
  default Hits relationships(
      List<CollectionId> collections, String objectId, int limit, Optional<Long> before) {
    return relationships(collections, RelationshipQuery.of(objectId, limit, before));
  }

  /**
   * The latest versions of the relationships in these collections that the query names (several
   * objects at once, at one end or either, of some relationship types), newest first, at most
   * {@code query.limit()}, with a position for the next page as {@link #recent}. The types are
   * filtered in the store, before any JSON is handed out. Fails with {@link
   * StoreException.NotFound} naming a collection that does not exist.
   */
  Hits relationships(List<CollectionId> collections, RelationshipQuery query);

  /**
   * Deletes the versions of one object that match the version and spec_version selection.
   *
   * @return how many versions were deleted
   */
  int delete(
      CollectionId collection,
      String objectId,
      VersionSelection versions,
      List<String> specVersions);

  // ---- MISP feeds ----

  /**
   * What the MISP feeds last served {@code reader}, by event uuid; empty for a reader never served.
   */
  Map<String, ServedEvent> servedEvents(String reader);

  /** Saves what was served (replacing the rows of the same reader and event), in one commit. */
  void saveServedEvents(List<ServedEvent> events);

  // ---- status resources ----

  void saveStatus(StatusRecord status);

  Optional<StatusRecord> status(String statusId);

  /** Removes statuses whose request was before the given time; returns how many. */
  int purgeStatuses(Instant requestedBefore);

  // ---- operations ----

  /**
   * Empty when the database answers and holds the schema this store migrated it to when opened;
   * else what is wrong, for the node's log (never shown to callers). Never throws.
   */
  Optional<String> readinessProblem();

  /** The connection pool's figures now, for the node's metrics. Never throws. */
  PoolFigures poolFigures();
}
