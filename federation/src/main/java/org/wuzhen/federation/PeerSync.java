package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;
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
   * @param stopping checked between pages; true ends the poll early
   * @return whether every collection was read to its end
   */
  boolean poll(Peer peer, Set<String> own, Tally tally, BooleanSupplier stopping)
      throws PullException {
    boolean complete = true;
    for (Map.Entry<String, CollectionId> mapping : peer.pull().entrySet()) {
      complete &= pullCollection(peer, mapping.getKey(), mapping.getValue(), own, tally, stopping);
    }
    return complete;
  }

  private boolean pullCollection(
      Peer peer,
      String remote,
      CollectionId local,
      Set<String> own,
      Tally tally,
      BooleanSupplier stopping)
      throws PullException {
    Optional<String> addedAfter = store.syncCursor(peer.name(), remote).map(SyncCursor::addedAfter);
    Optional<String> next = Optional.empty();
    // The next page is fetched and validated while this one is applied: the commit's fsync and the
    // peer's answer overlap instead of adding up.
    FutureTask<Prepared> pending = fetch(peer, remote, addedAfter, next, own);
    for (int pages = 0; pages < MAX_PAGES_PER_POLL; pages++) {
      if (stopping.getAsBoolean()) {
        // The node is closing: stop between pages; the cursor is after the last one applied.
        pending.cancel(true);
        return false;
      }
      Prepared prepared = await(pending);
      TaxiiClient.Page page = prepared.page();
      boolean repeated = page.more() && page.next().equals(next);
      if (page.more() && !repeated && pages + 1 < MAX_PAGES_PER_POLL) {
        pending = fetch(peer, remote, addedAfter, page.next(), own);
      }
      tally.invalid += prepared.invalid();
      tally.ownReturned += prepared.ownReturned();
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
                new PulledPage(
                    local, prepared.accepted(), new SyncCursor(peer.name(), remote, last, now)));
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
      if (repeated) {
        throw new PullException("collection " + remote + ": the peer repeats the same next token");
      }
      next = page.next();
    }
    return false;
  }

  /** A fetched page with its objects read: those to apply, and how many were skipped. */
  private record Prepared(
      TaxiiClient.Page page, List<StixObject> accepted, int invalid, int ownReturned) {}

  private FutureTask<Prepared> fetch(
      Peer peer,
      String remote,
      Optional<String> addedAfter,
      Optional<String> next,
      Set<String> own) {
    FutureTask<Prepared> task =
        new FutureTask<>(
            () -> {
              TaxiiClient.Page page =
                  client.objects(peer, remote, addedAfter, next, peer.pageSize());
              List<StixObject> accepted = new ArrayList<>();
              int invalid = 0;
              int ownReturned = 0;
              for (int i = 0; i < page.objects().size(); i++) {
                Optional<StixObject> object = readObject(peer, remote, i, page.objects().get(i));
                if (object.isEmpty()) {
                  invalid++;
                } else if (object.get().createdByRef().filter(own::contains).isPresent()) {
                  ownReturned++;
                } else {
                  accepted.add(object.get());
                }
              }
              return new Prepared(page, accepted, invalid, ownReturned);
            });
    Thread.ofVirtual().name("wuzhen-fetch-" + peer.name()).start(task);
    return task;
  }

  private static Prepared await(FutureTask<Prepared> task) throws PullException {
    try {
      return task.get();
    } catch (InterruptedException e) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new PullException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PullException p) {
        throw p;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new PullException("fetching a page failed: " + e.getCause(), e.getCause());
    }
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
