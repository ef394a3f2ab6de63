package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
import org.wuzhen.store.PeerStore;
import org.wuzhen.store.PulledPage;
import org.wuzhen.store.SyncCursor;
import org.wuzhen.taxii.client.ObjectFilter;
import org.wuzhen.taxii.client.ObjectsPage;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.client.TaxiiClientException;

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

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final PeerStore store;
  private final long maxPageBytes;
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
    long notCreator;
  }

  /**
   * @param maxPageBytes the most bytes one page may have; a larger one fails the poll unread
   */
  PeerSync(PeerStore store, long maxPageBytes, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.maxPageBytes = maxPageBytes;
    this.clock = requireNonNull(clock, "clock");
  }

  /** A client of the peer's API root: its credentials, pull's timeouts and page bound. */
  private TaxiiClient client(Peer peer) {
    return TaxiiClient.builder(peer.apiRoot())
        .credentials(peer.credentials())
        .trust(peer.trust())
        .connectTimeout(CONNECT_TIMEOUT)
        .requestTimeout(REQUEST_TIMEOUT)
        .maxResponseBytes(maxPageBytes)
        .build();
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
    // A fetcher reads and validates pages ahead while this thread commits: the peer's answers and
    // our commits overlap instead of adding up, and every page that arrived during a commit goes
    // into the next one, so a slow commit (an fsync on a busy disk) is paid once for several pages.
    Fetcher fetcher;
    try {
      fetcher = new Fetcher(peer, remote, addedAfter, own);
    } catch (IllegalArgumentException e) {
      // A CA or client certificate file that cannot be used: say which, and retry next round.
      throw new PullException("cannot connect to the peer: " + e.getMessage(), e);
    }
    Thread thread = Thread.ofVirtual().name("wuzhen-fetch-" + peer.name()).start(fetcher);
    try {
      while (true) {
        if (stopping.getAsBoolean()) {
          // The node is closing: stop between commits; the cursor is after the last one applied.
          return false;
        }
        List<Fetched> batch = fetcher.next();
        List<StixObject> accepted = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        Optional<String> last = Optional.empty();
        Fetched end = null;
        for (Fetched f : batch) {
          if (f instanceof Fetched.Page p) {
            tally.invalid += p.invalid();
            tally.ownReturned += p.ownReturned();
            accepted.addAll(p.accepted());
            texts.addAll(p.texts());
            if (p.dateAddedLast().isPresent()) {
              last = p.dateAddedLast();
            }
          } else {
            end = f;
          }
        }
        if (last.isPresent()) {
          List<AddOutcome> outcomes =
              store.applyPulled(
                  new PulledPage(
                      local,
                      accepted,
                      texts,
                      new SyncCursor(peer.name(), remote, last.get(), clock.instant())));
          for (AddOutcome o : outcomes) {
            switch (o) {
              case AddOutcome.Added a -> tally.added++;
              case AddOutcome.Duplicate d -> tally.duplicates++;
              case AddOutcome.Refused r -> {
                // A peer cannot re-version another origin's object (STIX 2.1 §3.6): skipped like
                // an invalid object, counted in the peer status as not_creator.
                tally.notCreator++;
                LOG.warn(
                    "peer {} collection {}: refused a new version of {}: it was created by {}, and"
                        + " only an object's creator may version it (not_creator)",
                    peer.name(),
                    remote,
                    r.id(),
                    r.creator().describe());
              }
            }
          }
        }
        switch (end) {
          case null -> {}
          case Fetched.Done d -> {
            return d.complete();
          }
          case Fetched.Failed f -> throw f.failure();
          case Fetched.Page p -> throw new IllegalStateException("a page is not an end");
        }
      }
    } finally {
      thread.interrupt();
    }
  }

  /** What the fetcher hands over: a validated page, or the end of the collection for this poll. */
  private sealed interface Fetched {
    /**
     * @param texts the accepted objects' texts as received, in the same order
     */
    record Page(
        List<StixObject> accepted,
        List<String> texts,
        int invalid,
        int ownReturned,
        Optional<String> dateAddedLast)
        implements Fetched {}

    record Done(boolean complete) implements Fetched {}

    record Failed(PullException failure) implements Fetched {}
  }

  /** Pages fetched ahead, with room for a few: a peer faster than our commits cannot flood us. */
  private final class Fetcher implements Runnable {
    private static final int AHEAD = 4;

    private final BlockingQueue<Fetched> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Peer peer;
    private final String remote;
    private final Optional<String> addedAfter;
    private final Set<String> own;
    private final TaxiiClient client;

    Fetcher(Peer peer, String remote, Optional<String> addedAfter, Set<String> own) {
      this.client = client(peer);
      this.peer = peer;
      this.remote = remote;
      this.addedAfter = addedAfter;
      this.own = own;
    }

    /** Blocks for at least one item, then takes every one already there; an end comes last. */
    List<Fetched> next() throws PullException {
      List<Fetched> out = new ArrayList<>();
      try {
        out.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PullException("interrupted", e);
      }
      while (out.getLast() instanceof Fetched.Page) {
        Fetched more = queue.poll();
        if (more == null) {
          break;
        }
        out.add(more);
      }
      return out;
    }

    @Override
    public void run() {
      try {
        queue.put(fetchAll());
      } catch (InterruptedException e) {
        // The puller stopped listening: nothing is waiting for the rest.
      }
    }

    private Fetched fetchAll() throws InterruptedException {
      Optional<String> next = Optional.empty();
      ObjectFilter first = ObjectFilter.NONE.withLimit(peer.pageSize());
      if (addedAfter.isPresent()) {
        first = first.withAddedAfter(addedAfter.get());
      }
      try {
        for (int pages = 0; pages < MAX_PAGES_PER_POLL; pages++) {
          // The API root is the client's base URL, so its path below it is empty.
          ObjectsPage page =
              client.objects("", remote, next.isEmpty() ? first : first.withNext(next.get()));
          if (!page.objects().isEmpty() && page.dateAddedLast().isEmpty()) {
            return new Fetched.Failed(
                new PullException(
                    "collection "
                        + remote
                        + ": a page of objects came without X-TAXII-Date-Added-Last,"
                        + " so there is nowhere to resume from"));
          }
          queue.put(prepare(page));
          if (!page.more()) {
            return new Fetched.Done(true);
          }
          if (page.next().isEmpty()) {
            return new Fetched.Failed(
                new PullException(
                    "collection "
                        + remote
                        + ": the peer says more follows but gives no next token"));
          }
          if (page.next().equals(next)) {
            return new Fetched.Failed(
                new PullException(
                    "collection " + remote + ": the peer repeats the same next token"));
          }
          next = page.next();
        }
        return new Fetched.Done(false);
      } catch (TaxiiClientException e) {
        return new Fetched.Failed(new PullException(e.getMessage(), e));
      } catch (RuntimeException e) {
        return new Fetched.Failed(new PullException("fetching a page failed: " + e, e));
      }
    }

    private Fetched.Page prepare(ObjectsPage page) {
      List<StixObject> accepted = new ArrayList<>();
      List<String> texts = new ArrayList<>();
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
          texts.add(page.texts().get(i));
        }
      }
      return new Fetched.Page(
          accepted,
          texts,
          invalid,
          ownReturned,
          page.objects().isEmpty() ? Optional.empty() : page.dateAddedLast());
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
