package org.wuzhen.governance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.ObjectStore;

/**
 * The governance objects of the community's collection, parsed: charter versions, proposals and the
 * votes on each, with the objects they were read from (their signatures are checked when they are
 * counted, against the charter that applies to each). Objects that do not parse are left out and
 * listed as problems. Mutable; every method is synchronized.
 */
final class Ledger {
  private final CollectionId collection;
  private final CollectionFeed feed;
  private final TreeMap<Integer, Charter> charters = new TreeMap<>();
  private final Map<Integer, String> charterObjectIds = new HashMap<>();
  private final Map<String, Proposal> proposals = new LinkedHashMap<>();
  private final Map<String, List<Vote>> votes = new LinkedHashMap<>();
  private final Map<String, StixObject> proposalObjects = new HashMap<>();
  private final Map<Vote, StixObject> voteObjects = new HashMap<>();
  private final List<String> problems = new ArrayList<>();

  Ledger(ObjectStore store, CollectionId collection) {
    this.collection = collection;
    this.feed =
        new CollectionFeed(
            store, List.of(GovernanceStix.CHARTER, GovernanceStix.PROPOSAL, GovernanceStix.VOTE));
  }

  /** When the ledger last read the store (System.nanoTime), for {@link #refreshIfOlder}. */
  private long refreshedAtNanos;

  /**
   * Reads the store unless it did so within {@code nanos}: a POST of many objects checks each one
   * against the charter, and one store query per batch is enough.
   */
  synchronized void refreshIfOlder(long nanos) {
    if (System.nanoTime() - refreshedAtNanos >= nanos) {
      refresh();
    }
  }

  synchronized void refresh() {
    refreshedAtNanos = System.nanoTime();
    for (CollectionFeed.Read read : feed.next(collection)) {
      StixObject o = read.object();
      try {
        take(o);
      } catch (GovernanceException | IllegalArgumentException e) {
        problems.add(o.id() + ": " + e.getMessage());
      }
    }
  }

  private void take(StixObject o) {
    switch (o.type()) {
      case GovernanceStix.CHARTER -> {
        Charter c = GovernanceStix.charter(o);
        Charter known = charters.putIfAbsent(c.version(), c);
        if (known == null || known.equals(c)) {
          charterObjectIds.putIfAbsent(c.version(), o.id().toString());
        }
        if (known != null && !known.equals(c)) {
          throw new GovernanceException(
              "charter v"
                  + c.version()
                  + " conflicts with the version already in force; kept the first");
        }
      }
      case GovernanceStix.PROPOSAL -> {
        Proposal p = GovernanceStix.proposal(o);
        if (proposals.putIfAbsent(p.id(), p) == null) {
          proposalObjects.put(p.id(), o);
        }
      }
      case GovernanceStix.VOTE -> {
        Vote v = GovernanceStix.vote(o);
        votes.computeIfAbsent(v.proposalRef(), k -> new ArrayList<>()).add(v);
        voteObjects.put(v, o);
      }
      default -> {}
    }
  }

  synchronized Optional<Charter> current() {
    return charters.isEmpty() ? Optional.empty() : Optional.of(charters.lastEntry().getValue());
  }

  synchronized Optional<Charter> charter(int version) {
    return Optional.ofNullable(charters.get(version));
  }

  synchronized List<Charter> charters() {
    return List.copyOf(charters.values());
  }

  /** Proposals by closing time, then id: the order every node closes them in. */
  synchronized List<Proposal> proposals() {
    return proposals.values().stream()
        .sorted(Comparator.comparing(Proposal::closes).thenComparing(Proposal::id))
        .toList();
  }

  synchronized Optional<Proposal> proposal(String id) {
    return Optional.ofNullable(proposals.get(id));
  }

  synchronized List<Vote> votes(String proposalId) {
    return List.copyOf(votes.getOrDefault(proposalId, List.of()));
  }

  /** The object the proposal was read from, signature included. */
  synchronized StixObject objectOf(Proposal p) {
    return Optional.ofNullable(proposalObjects.get(p.id())).orElseThrow();
  }

  /** The object the vote was read from, signature included. */
  synchronized StixObject objectOf(Vote v) {
    return Optional.ofNullable(voteObjects.get(v)).orElseThrow();
  }

  /** The charter in force at {@code t}: the latest version adopted at or before it. */
  synchronized Optional<Charter> inForceAt(java.time.Instant t) {
    return charters.descendingMap().values().stream()
        .filter(c -> !c.adopted().isAfter(t))
        .findFirst();
  }

  /** The charter version a proposal's adoption produced, if any. */
  synchronized Optional<Charter> adoptedBy(String proposalId) {
    return charters.values().stream()
        .filter(c -> c.proposalRef().filter(proposalId::equals).isPresent())
        .findFirst();
  }

  /** The id of the STIX object that holds a charter version. */
  synchronized Optional<String> charterObjectId(int version) {
    return Optional.ofNullable(charterObjectIds.get(version));
  }

  synchronized void remember(Charter c, String objectId) {
    charters.putIfAbsent(c.version(), c);
    charterObjectIds.putIfAbsent(c.version(), objectId);
  }

  synchronized List<String> problems() {
    return List.copyOf(problems);
  }
}
