package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.validate.StixValidator;
import org.wuzhen.store.AddOutcome;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.PulledPage;
import org.wuzhen.store.Store;
import org.wuzhen.store.SyncCursor;

/**
 * One poll of one peer: for each of its collections we pull, pages of objects added after our
 * cursor, each page applied with its provenance and the new cursor in one transaction. Invalid
 * objects are skipped and counted; objects our own members created are ignored (they come back
 * through a loop). Stateless apart from what it is given; thread-safe.
 */
final class PeerSync {
  private static final Logger LOG = LoggerFactory.getLogger(PeerSync.class);

  /** Pages per collection per poll: a peer that never stops saying "more" cannot hold us. */
  static final int MAX_PAGES_PER_POLL = 1000;

  private final Store store;
  private final TaxiiClient client;
  private final Clock clock;
  private final StixValidator validator =
      new StixValidator(
          StixValidator.Options.defaults().withPatternCheck(Patterns.validatorCheck()));

  /** Counts so far, kept when a later page fails, so the status counts what was applied. */
  static final class Tally {
    long added;
    long duplicates;
    long invalid;
    long ownReturned;
  }

  PeerSync(Store store, TaxiiClient client, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.client = requireNonNull(client, "client");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Pulls every mapped collection of the peer.
   *
   * @param own the identities of this node's members
   * @param tally counts what was applied, also when a later page throws
   * @return whether every collection was read to its end
   */
  boolean poll(Peer peer, Set<String> own, Tally tally) throws PullException {
    boolean complete = true;
    for (Map.Entry<String, CollectionId> mapping : peer.pull().entrySet()) {
      complete &= pullCollection(peer, mapping.getKey(), mapping.getValue(), own, tally);
    }
    return complete;
  }

  private boolean pullCollection(
      Peer peer, String remote, CollectionId local, Set<String> own, Tally tally)
      throws PullException {
    Optional<String> addedAfter = store.syncCursor(peer.name(), remote).map(SyncCursor::addedAfter);
    Optional<String> next = Optional.empty();
    for (int pages = 0; pages < MAX_PAGES_PER_POLL; pages++) {
      TaxiiClient.Page page = client.objects(peer, remote, addedAfter, next, peer.pageSize());
      List<StixObject> accepted = new ArrayList<>();
      for (int i = 0; i < page.objects().size(); i++) {
        Optional<StixObject> object = readObject(peer, remote, i, page.objects().get(i));
        if (object.isEmpty()) {
          tally.invalid++;
        } else if (object.get().createdByRef().filter(own::contains).isPresent()) {
          tally.ownReturned++;
        } else {
          accepted.add(object.get());
        }
      }
      if (!page.objects().isEmpty()) {
        String last =
            page.dateAddedLast()
                .orElseThrow(
                    () ->
                        new PullException(
                            "collection "
                                + remote
                                + ": a page of objects came without X-TAXII-Date-Added-Last,"
                                + " so there is nowhere to resume from"));
        Instant now = clock.instant();
        List<AddOutcome> outcomes =
            store.applyPulled(
                new PulledPage(local, accepted, new SyncCursor(peer.name(), remote, last, now)));
        for (AddOutcome o : outcomes) {
          switch (o) {
            case AddOutcome.Added a -> tally.added++;
            case AddOutcome.Duplicate d -> tally.duplicates++;
          }
        }
      }
      if (!page.more()) {
        return true;
      }
      if (page.next().equals(next)) {
        throw new PullException("collection " + remote + ": the peer repeats the same next token");
      }
      next = page.next();
    }
    return false;
  }

  private Optional<StixObject> readObject(Peer peer, String remote, int index, JsonValue value) {
    if (value instanceof org.wuzhen.stix.JsonObject o
        && o.string("type").filter("bundle"::equals).isPresent()) {
      LOG.warn("peer {} collection {}: skipped object {}: a bundle", peer.name(), remote, index);
      return Optional.empty();
    }
    List<org.wuzhen.stix.validate.Finding> findings = validator.validate(value);
    if (!StixValidator.isValid(findings)) {
      LOG.warn(
          "peer {} collection {}: skipped invalid object {}: {}",
          peer.name(),
          remote,
          index,
          findings.stream().filter(f -> f.isError()).findFirst().map(Object::toString).orElse(""));
      return Optional.empty();
    }
    try {
      return Optional.of(StixObject.from(value));
    } catch (StixFormatException e) {
      LOG.warn(
          "peer {} collection {}: skipped object {}: {}",
          peer.name(),
          remote,
          index,
          e.getMessage());
      return Optional.empty();
    }
  }
}
