package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.PeerStore;
import org.wuzhen.store.Provenance;
import org.wuzhen.store.StoredObject;
import org.wuzhen.taxii.Caller;
import org.wuzhen.taxii.ReadFilter;

/**
 * The export policy where peers read: for a caller that is a configured peer, every object the
 * TAXII server would show (objects, one object, versions, manifest) passes {@link #decide} first.
 * Callers that are not peers (this node's own users) are not filtered here. After the policy, the
 * community's rules ({@link CommunityRules}) may still withhold an object. Thread-safe.
 */
final class PeerReadFilter implements ReadFilter {
  private final PeerStore store;
  private final Supplier<List<Peer>> peers;
  private final Supplier<ExportPolicy> policy;
  private final Supplier<CommunityRules> community;

  PeerReadFilter(PeerStore store, Supplier<List<Peer>> peers, Supplier<ExportPolicy> policy) {
    this(store, peers, policy, () -> CommunityRules.NONE);
  }

  PeerReadFilter(
      PeerStore store,
      Supplier<List<Peer>> peers,
      Supplier<ExportPolicy> policy,
      Supplier<CommunityRules> community) {
    this.store = requireNonNull(store, "store");
    this.peers = requireNonNull(peers, "peers");
    this.policy = requireNonNull(policy, "policy");
    this.community = requireNonNull(community, "community");
  }

  @Override
  public boolean visible(Caller caller, CollectionId collection, StoredObject object) {
    Optional<Peer> peer = peerOf(caller);
    return peer.isEmpty() || decide(peer.get(), collection, object).allowed();
  }

  /** The export policy judges peers only: this node's own users read what they may. */
  @Override
  public boolean judges(Caller caller) {
    return peerOf(caller).isPresent();
  }

  /** The peer a caller is, if any. */
  Optional<Peer> peerOf(Caller caller) {
    for (Peer p : peers.get()) {
      if (p.isCaller(caller.user(), caller.member())) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** One query for the provenance of the page instead of one per object. */
  @Override
  public List<StoredObject> visibleOf(
      Caller caller, CollectionId collection, List<StoredObject> objects) {
    Optional<Peer> peer = peerOf(caller);
    if (peer.isEmpty()) {
      return objects;
    }
    ExportPolicy current = policy.get();
    List<Read> reads = new ArrayList<>(objects.size());
    List<String> others = new ArrayList<>();
    for (StoredObject o : objects) {
      Read r = Read.of(o);
      reads.add(r);
      if (r.stix().isPresent() && !r.ownBy(current)) {
        others.add(o.id());
      }
    }
    Map<String, List<Provenance>> provenance =
        others.isEmpty() ? Map.of() : store.provenance(others);
    List<StoredObject> visible = new ArrayList<>(objects.size());
    for (Read r : reads) {
      if (decide(peer.get(), collection, r, current, id -> provenance.getOrDefault(id, List.of()))
          .allowed()) {
        visible.add(r.stored());
      }
    }
    return visible;
  }

  /** A stored version with its parsed object, or why it could not be parsed. */
  private record Read(StoredObject stored, Optional<StixObject> stix, String problem) {
    static Read of(StoredObject stored) {
      try {
        return new Read(
            stored, Optional.of(StixObject.parse(stored.body().orElseThrow().utf8())), "");
      } catch (StixFormatException e) {
        return new Read(stored, Optional.empty(), e.getMessage());
      }
    }

    /**
     * Pulling never applies objects our own members created, so only others' objects can have come
     * from a peer: the provenance lookup is skipped for the node's own, the common case.
     */
    boolean ownBy(ExportPolicy policy) {
      return stix.flatMap(StixObject::createdByRef)
          .filter(policy.ownIdentities()::contains)
          .isPresent();
    }
  }

  /**
   * Whether one stored object version may go to a peer: the collections the peer may read, then no
   * echo (a version is never served to a peer it came from), then the export policy.
   */
  Decision decide(Peer peer, CollectionId collection, StoredObject object) {
    return decide(peer, collection, Read.of(object), policy.get(), store::provenance);
  }

  private Decision decide(
      Peer peer,
      CollectionId collection,
      Read read,
      ExportPolicy current,
      Function<String, List<Provenance>> provenance) {
    if (!peer.read().contains(collection)) {
      return Decision.withhold(
          "peer.read",
          "peer " + peer.name() + " is not configured to read collection " + collection);
    }
    if (read.stix().isEmpty()) {
      return Decision.withhold("unreadable", "the stored object cannot be read: " + read.problem());
    }
    StixObject stix = read.stix().get();
    StoredObject object = read.stored();
    if (!read.ownBy(current)) {
      for (Provenance p : provenance.apply(object.id())) {
        if (p.peer().equals(peer.name()) && p.versionMicros() == object.versionMicros()) {
          return Decision.withhold(
              "echo", "this version came from " + peer.name() + " and is never sent back to it");
        }
      }
    }
    Decision decided = current.decide(peer.name(), collection, stix);
    if (!decided.allowed()) {
      return decided;
    }
    Optional<String> withheld = community.get().withholding(stix);
    return withheld.isPresent() ? Decision.withhold("community", withheld.get()) : decided;
  }
}
