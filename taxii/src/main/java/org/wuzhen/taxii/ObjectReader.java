package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Hit;
import org.wuzhen.store.Hits;
import org.wuzhen.store.LeafSubject;
import org.wuzhen.store.LogLeaf;
import org.wuzhen.store.ObjectLogEntry;
import org.wuzhen.store.ObjectPage;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.PageCursor;
import org.wuzhen.store.RelationshipQuery;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.TextQuery;
import org.wuzhen.store.VersionSelection;

/**
 * What one caller may read of a node's stored objects and transparency log: the one read decision
 * every route passes, TAXII's content endpoints and every {@code /wuzhen/} route alike (an
 * extension route gets it as {@link ExtensionRequest#reader()}). A collection the caller may not
 * read does not exist here; an object version a {@link ReadFilter} withholds from the caller (a
 * peer's export policy, the community's rules) is absent; a log leaf about something the caller may
 * not read shows only its hash (docs/transparency.md, "Who sees which leaf"). Bound to one request;
 * thread-safe.
 */
public final class ObjectReader {
  /** Every spec_version a stored version can have, so that no version is left out. */
  private static final List<String> EVERY_SPEC_VERSION = List.of("2.0", "2.1");

  private static final int PAGE = 1000;

  private final ReadDecision decision;
  private final Optional<Caller> caller;
  private final boolean judged;
  private final Map<CollectionId, Boolean> readable = new ConcurrentHashMap<>();

  ObjectReader(ReadDecision decision, Optional<Caller> caller) {
    this.decision = requireNonNull(decision, "decision");
    this.caller = requireNonNull(caller, "caller");
    this.judged = caller.isPresent() && decision.judges(caller.get());
  }

  /** The caller the reads are decided for; empty on a public route, which reads nothing. */
  public Optional<Caller> caller() {
    return caller;
  }

  /**
   * Whether the caller may read a collection: it exists and the caller's member or user holds
   * {@code can_read} on it. The TAXII endpoints decide the same way.
   */
  public boolean mayRead(CollectionId collection) {
    requireNonNull(collection, "collection");
    if (caller.isEmpty()) {
      return false;
    }
    return readable.computeIfAbsent(collection, c -> decision.mayRead(caller.get(), c));
  }

  /** The collections the caller may read, in the store's order. */
  public List<CollectionInfo> readableCollections() {
    if (caller.isEmpty()) {
      return List.of();
    }
    return decision.objects().collections().stream().filter(c -> mayRead(c.id())).toList();
  }

  /**
   * A page of a collection's object versions as the caller may see them: empty when it may not read
   * the collection, without the versions a read filter withholds (so a page may hold fewer than the
   * limit; its cursor still covers what was read). Versions carry their JSON whenever a filter
   * judged them, also when the query asked for none.
   */
  public ObjectPage query(CollectionId collection, ObjectQuery query) {
    requireNonNull(query, "query");
    if (!mayRead(collection)) {
      return new ObjectPage(List.of(), false, Optional.empty());
    }
    if (!judged) {
      return decision.objects().query(collection, query);
    }
    ObjectPage page = decision.objects().query(collection, withJson(query));
    List<StoredObject> visible = decision.filter(caller.orElseThrow(), collection, page.objects());
    return visible.size() == page.objects().size()
        ? page
        : new ObjectPage(visible, page.more(), page.next());
  }

  /**
   * A page of full-text hits ({@link org.wuzhen.store.ObjectStore#search}) in those of {@code
   * collections} the caller may read, without the versions a read filter withholds (so a page may
   * hold fewer than the limit; its position still covers what was read).
   */
  public Hits search(List<CollectionId> collections, TextQuery query) {
    requireNonNull(query, "query");
    List<CollectionId> readable = readable(collections);
    return readable.isEmpty() ? Hits.none() : visible(decision.objects().search(readable, query));
  }

  /**
   * The latest versions most recently added to those of {@code collections} the caller may read
   * ({@link org.wuzhen.store.ObjectStore#recent}), without the versions a read filter withholds, as
   * {@link #search}.
   */
  public Hits recent(List<CollectionId> collections, int limit, Optional<Long> before) {
    List<CollectionId> readable = readable(collections);
    return readable.isEmpty()
        ? Hits.none()
        : visible(decision.objects().recent(readable, limit, before));
  }

  /**
   * The latest versions of the relationships from or to {@code objectId} in those of {@code
   * collections} the caller may read ({@link org.wuzhen.store.ObjectStore#relationships}), without
   * the versions a read filter withholds, as {@link #search}.
   */
  public Hits relationships(
      List<CollectionId> collections, String objectId, int limit, Optional<Long> before) {
    requireNonNull(objectId, "objectId");
    List<CollectionId> readable = readable(collections);
    return readable.isEmpty()
        ? Hits.none()
        : visible(decision.objects().relationships(readable, objectId, limit, before));
  }

  /**
   * The latest versions of the relationships a query names in those of {@code collections} the
   * caller may read ({@link org.wuzhen.store.ObjectStore#relationships(List, RelationshipQuery)}),
   * without the versions a read filter withholds, as {@link #search}.
   */
  public Hits relationships(List<CollectionId> collections, RelationshipQuery query) {
    requireNonNull(query, "query");
    List<CollectionId> readable = readable(collections);
    return readable.isEmpty()
        ? Hits.none()
        : visible(decision.objects().relationships(readable, query));
  }

  private List<CollectionId> readable(List<CollectionId> collections) {
    return collections.stream().distinct().filter(this::mayRead).toList();
  }

  private Hits visible(Hits found) {
    if (!judged) {
      return found;
    }
    Map<CollectionId, List<StoredObject>> byCollection = new LinkedHashMap<>();
    for (Hit hit : found.hits()) {
      byCollection.computeIfAbsent(hit.collection(), c -> new ArrayList<>()).add(hit.object());
    }
    Set<Version> visible = new HashSet<>();
    byCollection.forEach(
        (collection, versions) -> {
          for (StoredObject o : decision.filter(caller.orElseThrow(), collection, versions)) {
            visible.add(new Version(collection, o.id(), o.dateAddedMicros()));
          }
        });
    List<Hit> shown =
        found.hits().stream()
            .filter(
                h ->
                    visible.contains(
                        new Version(h.collection(), h.object().id(), h.object().dateAddedMicros())))
            .toList();
    return new Hits(shown, found.more(), found.next());
  }

  /**
   * The versions of {@code collection} the caller may see, in order, for a route that holds stored
   * versions it read elsewhere (an index built in the background): the same decision as {@link
   * #query}.
   *
   * @throws IllegalArgumentException when a version carries no JSON and content must be judged
   */
  public List<StoredObject> visible(CollectionId collection, List<StoredObject> versions) {
    requireNonNull(versions, "versions");
    if (!mayRead(collection)) {
      return List.of();
    }
    if (!judged) {
      return List.copyOf(versions);
    }
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).body().isEmpty()) {
        throw new IllegalArgumentException(
            "versions["
                + i
                + "] ("
                + versions.get(i).id()
                + "): carries no JSON, and the read filters judge this caller's reads by content");
      }
    }
    return decision.filter(caller.orElseThrow(), collection, versions);
  }

  /** The stored versions of one object the caller may see, each with the leaf that logged it. */
  public List<ObjectLogEntry> objectLog(CollectionId collection, String objectId) {
    requireNonNull(objectId, "objectId");
    if (!mayRead(collection)) {
      return List.of();
    }
    List<ObjectLogEntry> entries = decision.log().objectLog(collection, objectId);
    Set<Version> visible =
        judged && !entries.isEmpty() ? visibleVersions(collection, List.of(objectId)) : Set.of();
    return entries.stream().filter(e -> shows(e.leaf().subject(), visible)).toList();
  }

  /** Leaves {@code [start, end)} of the log, each shown or reduced to its hash for this caller. */
  public List<LeafView> logLeaves(long start, long end) {
    return views(decision.log().logLeaves(start, end));
  }

  /** The leaves about the version added at {@code dateAddedMicros}, as {@link #logLeaves}. */
  public List<LeafView> logLeavesAt(long dateAddedMicros) {
    return views(decision.log().logLeavesAt(dateAddedMicros));
  }

  private List<LeafView> views(List<LogLeaf> leaves) {
    Set<Version> visible = judged ? visibleAdditions(leaves) : Set.of();
    List<LeafView> out = new ArrayList<>(leaves.size());
    for (LogLeaf leaf : leaves) {
      out.add(
          shows(leaf.subject(), visible)
              ? new LeafView.Shown(leaf)
              : new LeafView.Hidden(leaf.index(), leaf.leafHash()));
    }
    return out;
  }

  /**
   * Who sees a leaf's record (docs/transparency.md): an object version's leaves whoever may read
   * that version; account records the node's administrators and the users of the member they are
   * about; a grant its grantee. Everything else shows only its hash.
   */
  private boolean shows(LeafSubject subject, Set<Version> visibleAdditions) {
    if (caller.isEmpty()) {
      return false;
    }
    Caller who = caller.get();
    return switch (subject) {
      case LeafSubject.ObjectAdded a ->
          mayRead(a.collection())
              && (!judged
                  || visibleAdditions.contains(
                      new Version(a.collection(), a.objectId(), a.dateAddedMicros())));
      // The deleted version's content is gone, so no filter can judge it: only callers whom no
      // filter judges (the node's own members) see deletions.
      case LeafSubject.ObjectDeleted d -> mayRead(d.collection()) && !judged;
      case LeafSubject.MemberAdded m -> who.admin() || who.member().equals(m.name());
      case LeafSubject.UserAdded u -> who.admin() || who.member().equals(u.member());
      case LeafSubject.Granted g -> who.admin() || who.principals().contains(g.principal());
      case LeafSubject.Unrecognised u -> false;
    };
  }

  /** A stored version by where it is and when it was added (date_added is unique in a store). */
  private record Version(CollectionId collection, String id, long dateAdded) {}

  /** The versions the add leaves name that are still stored and the filters let through. */
  private Set<Version> visibleAdditions(List<LogLeaf> leaves) {
    Map<CollectionId, Set<String>> ids = new LinkedHashMap<>();
    for (LogLeaf leaf : leaves) {
      if (leaf.subject() instanceof LeafSubject.ObjectAdded a && mayRead(a.collection())) {
        ids.computeIfAbsent(a.collection(), c -> new LinkedHashSet<>()).add(a.objectId());
      }
    }
    Set<Version> out = new HashSet<>();
    ids.forEach((collection, of) -> out.addAll(visibleVersions(collection, List.copyOf(of))));
    return out;
  }

  private Set<Version> visibleVersions(CollectionId collection, List<String> objectIds) {
    Set<Version> out = new HashSet<>();
    Optional<PageCursor> after = Optional.empty();
    while (true) {
      ObjectPage page =
          query(
              collection,
              new ObjectQuery(
                  Optional.empty(),
                  objectIds,
                  List.of(),
                  VersionSelection.ALL,
                  EVERY_SPEC_VERSION,
                  PAGE,
                  after,
                  true));
      for (StoredObject o : page.objects()) {
        out.add(new Version(collection, o.id(), o.dateAddedMicros()));
      }
      if (!page.more()) {
        return out;
      }
      after = page.next();
    }
  }

  private static ObjectQuery withJson(ObjectQuery q) {
    return q.withJson()
        ? q
        : new ObjectQuery(
            q.addedAfterMicros(),
            q.ids(),
            q.types(),
            q.versions(),
            q.specVersions(),
            q.limit(),
            q.after(),
            true);
  }
}
