package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.store.AccountStore;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.FederationPeer;
import org.wuzhen.store.Member;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.PeerFlag;
import org.wuzhen.store.PeerStore;
import org.wuzhen.store.Permission;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Provenance;
import org.wuzhen.store.StoreException;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.SyncCursor;
import org.wuzhen.taxii.NodeExtension;
import org.wuzhen.taxii.ReadFilter;
import org.wuzhen.taxii.TaxiiExtensions;

/**
 * A node's federation: the peers (kept in the store, seeded from the config), the export policy
 * enforced where they read, and the pull of every peer on a schedule of virtual threads. Start it
 * after the TAXII server, close it before the store. Thread-safe.
 */
public final class Federation implements NodeExtension {
  private static final Logger LOG = LoggerFactory.getLogger(Federation.class);

  /** Bound of one page pulled from a peer unless told otherwise. */
  public static final long DEFAULT_MAX_PAGE_BYTES = 64L << 20;

  /** Longest wait between attempts at a failing peer. */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

  /**
   * How often the peer list is re-read from the store (so {@code wuzhen peer add} takes effect).
   */
  static final Duration RELOAD = Duration.ofSeconds(1);

  private final PeerStore store;
  private final ObjectStore objects;
  private final AccountStore accounts;
  private final ExportPolicy declared;
  private final Clock clock;
  private final PeerSync sync;
  private final LogWatch watch;
  private final AtomicReference<List<Peer>> peers = new AtomicReference<>(List.of());
  private final AtomicReference<ExportPolicy> policy;
  private final Map<String, PeerStatus> statuses = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> polling = new ConcurrentHashMap<>();
  private final PeerReadFilter filter;
  private final AtomicReference<CommunityRules> community =
      new AtomicReference<>(CommunityRules.NONE);
  private final AtomicReference<List<PullSource>> sources = new AtomicReference<>(List.of());
  private final Set<String> shadowed = ConcurrentHashMap.newKeySet();
  private volatile Thread scheduler;
  private volatile boolean stopped;

  private <S extends PeerStore & ObjectStore & AccountStore> Federation(
      S store, ExportPolicy policy, Clock clock, long maxPageBytes) {
    this.store = requireNonNull(store, "store");
    this.objects = store;
    this.accounts = store;
    this.declared = requireNonNull(policy, "policy");
    this.clock = requireNonNull(clock, "clock");
    this.policy = new AtomicReference<>(policy);
    this.sync = new PeerSync(store, maxPageBytes, clock);
    this.watch = new LogWatch(store, clock, maxPageBytes);
    this.filter = new PeerReadFilter(store, peers::get, this.policy::get, community::get);
  }

  /**
   * A federation over a store: the config's peers are saved to the store (replacing peers of the
   * same name), each gets read permission on the collections it may read, and the peers and own
   * identities are loaded. Nothing is pulled before {@link #start} or {@link #syncOnce}.
   */
  public static <S extends PeerStore & ObjectStore & AccountStore> Federation create(
      S store, ExportPolicy policy, List<Peer> configPeers) {
    return create(store, policy, configPeers, DEFAULT_MAX_PAGE_BYTES);
  }

  /** As {@link #create(PeerStore, ExportPolicy, List)} with a bound on the bytes of one page. */
  public static <S extends PeerStore & ObjectStore & AccountStore> Federation create(
      S store, ExportPolicy policy, List<Peer> configPeers, long maxPageBytes) {
    Federation f = new Federation(store, policy, Clock.systemUTC(), maxPageBytes);
    for (Peer p : configPeers) {
      store.savePeer(p.toStored());
    }
    f.reload();
    for (Peer p : f.peers.get()) {
      grantReads(store, p);
    }
    return f;
  }

  /**
   * Saves a peer to the store (replacing one of the same name) and lets its login read the
   * collections it may read. A running federation picks it up within {@link #RELOAD}.
   */
  public static <S extends PeerStore & AccountStore> void register(S store, Peer peer) {
    store.savePeer(peer.toStored());
    grantReads(store, peer);
  }

  /** {@link #register} and reload now. */
  public void addPeer(Peer peer) {
    store.savePeer(peer.toStored());
    grantReads(accounts, peer);
    reload();
  }

  /**
   * Lets the community's rules withhold objects from every peer too (after this node's policy
   * allowed them); takes effect at once, also for {@link #explain}.
   */
  public Federation withCommunityRules(CommunityRules rules) {
    community.set(requireNonNull(rules, "rules"));
    return this;
  }

  /**
   * Polls these sources (MISP feeds, the config's {@code peers} of another kind) on the schedule
   * too, and shows them with the peers; replaces sources given before. A peer of the store with a
   * source's name (added after the config named the source) is left out, with a warning.
   *
   * @throws IllegalArgumentException when two sources share a name
   */
  public Federation withSources(List<? extends PullSource> pulled) {
    Set<String> names = new HashSet<>();
    for (PullSource s : pulled) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException(
            "peers: the name '" + s.name() + "' is used by more than one source");
      }
    }
    sources.set(List.copyOf(pulled));
    reload();
    return this;
  }

  /** The filter to give the TAXII server, so peers read only what the policy lets out. */
  public ReadFilter readFilter() {
    return filter;
  }

  /** Adds federation's read filter and {@code /wuzhen/} routes to the node's server. */
  @Override
  public void extend(TaxiiExtensions.Builder server) {
    FederationRoutes.add(this, server.readFilter(filter));
    FederationMetrics.register(this, server.metrics());
  }

  /** Starts polling every peer at its interval, on virtual threads. */
  @Override
  public synchronized void start() {
    if (scheduler == null) {
      scheduler = Thread.ofVirtual().name("wuzhen-federation").start(this::schedule);
    }
  }

  /** Polls every peer once, now, in this thread (tests, benchmarks, {@code peer sync}). */
  public void syncOnce() {
    reload();
    for (Peer p : peers.get()) {
      pollNow(p);
    }
    for (PullSource s : sources.get()) {
      pollNow(s);
    }
  }

  /** The status of every peer, by name. */
  public List<PeerStatus> status() {
    Map<String, PeerFlag> flags = new java.util.HashMap<>();
    for (PeerFlag f : store.peerFlags()) {
      flags.put(f.peer(), f);
    }
    List<PeerStatus> out = new ArrayList<>();
    for (Peer p : peers.get()) {
      PeerStatus s = statuses.getOrDefault(p.name(), PeerStatus.initial(p.name()));
      // The store is the truth about flags: set by another peer's round, or cleared by an operator.
      PeerFlag f = flags.get(p.name());
      if (f != null && !(s.log() instanceof PeerLog.Flagged)) {
        s = s.withLog(new PeerLog.Flagged(f.message(), f.flagged()));
      } else if (f == null && s.log() instanceof PeerLog.Flagged) {
        s = s.withLog(new PeerLog.Unchecked());
      }
      out.add(s);
    }
    for (PullSource source : sources.get()) {
      out.add(statuses.getOrDefault(source.name(), PeerStatus.initial(source.name())));
    }
    return out;
  }

  public List<Peer> peers() {
    return peers.get();
  }

  /**
   * Where pulling from a peer has reached in each remote collection it is pulled from, by remote
   * collection name; empty for a collection nothing was pulled from yet, and no entries for a peer
   * this federation does not know.
   */
  public Map<String, Optional<SyncCursor>> cursors(String peer) {
    Map<String, Optional<SyncCursor>> out = new java.util.TreeMap<>();
    for (Peer p : peers.get()) {
      if (p.name().equals(peer)) {
        for (String remote : p.pull().keySet()) {
          out.put(remote, store.syncCursor(p.name(), remote));
        }
      }
    }
    for (PullSource s : sources.get()) {
      if (s.name().equals(peer)) {
        out.putAll(s.cursors());
      }
    }
    return out;
  }

  /**
   * A cursor of {@code peer} in words: "added after" and the peer's date for a TAXII peer, what the
   * source says for another kind (a MISP feed's manifest ETag).
   */
  public String position(String peer, SyncCursor cursor) {
    for (PullSource s : sources.get()) {
      if (s.name().equals(peer)) {
        return s.position(cursor);
      }
    }
    return "added after " + cursor.addedAfter();
  }

  public ExportPolicy policy() {
    return policy.get();
  }

  Instant now() {
    return clock.instant();
  }

  PeerStore store() {
    return store;
  }

  /**
   * Where the versions of an object came from: one record per version and peer that sent it; empty
   * for an object added on this node. Federation state, not content: a caller shows it only for an
   * object its caller's read decision let it read.
   */
  public List<Provenance> provenance(String objectId) {
    return store.provenance(objectId);
  }

  PeerReadFilter filter() {
    return filter;
  }

  /**
   * Whether the latest version of an object in each local collection holding it would go to a peer,
   * and the rule that decided. Empty when no collection holds the object.
   */
  public Map<CollectionId, Decision> explain(String peerName, String objectId) {
    Peer peer =
        peers.get().stream()
            .filter(p -> p.name().equals(peerName))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no peer named '" + peerName + "'"));
    return explain(store, objects, accounts, policy.get(), peer, objectId, community.get());
  }

  /**
   * {@link #explain(String, String)} without a running federation (the CLI), under the node's
   * policy only.
   */
  public static <S extends PeerStore & ObjectStore & AccountStore>
      Map<CollectionId, Decision> explain(
          S store, ExportPolicy policy, Peer peer, String objectId) {
    return explain(store, policy, peer, objectId, CommunityRules.NONE);
  }

  /** {@link #explain(PeerStore, ExportPolicy, Peer, String)} with the community's rules too. */
  public static <S extends PeerStore & ObjectStore & AccountStore>
      Map<CollectionId, Decision> explain(
          S store, ExportPolicy policy, Peer peer, String objectId, CommunityRules community) {
    return explain(store, store, store, policy, peer, objectId, community);
  }

  private static Map<CollectionId, Decision> explain(
      PeerStore store,
      ObjectStore objects,
      AccountStore accounts,
      ExportPolicy policy,
      Peer peer,
      String objectId,
      CommunityRules community) {
    ExportPolicy withOwn = policy.withOwnIdentities(ownIdentities(accounts));
    PeerReadFilter filter =
        new PeerReadFilter(store, () -> List.of(peer), () -> withOwn, () -> community);
    Map<CollectionId, Decision> out = new java.util.LinkedHashMap<>();
    for (var c : objects.collections()) {
      ObjectQuery q = ObjectQuery.latestOf(objectId, true);
      List<StoredObject> found = objects.query(c.id(), q).objects();
      if (!found.isEmpty()) {
        out.put(c.id(), filter.decide(peer, c.id(), found.getFirst()));
      }
    }
    return out;
  }

  @Override
  public void close() {
    stopped = true;
    Thread t = scheduler;
    if (t != null) {
      t.interrupt();
      try {
        t.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Wait for polls in flight, so none touches the store after the node closes it. The locks
    // stay held: no poll starts after close.
    for (ReentrantLock lock : polling.values()) {
      try {
        if (!lock.tryLock(40, java.util.concurrent.TimeUnit.SECONDS)) {
          LOG.warn("federation close: a poll is still running after 40 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  // ---- scheduling ----

  private void schedule() {
    Instant lastReload = clock.instant();
    while (!stopped) {
      try {
        if (Duration.between(lastReload, clock.instant()).compareTo(RELOAD) >= 0) {
          reload();
          lastReload = clock.instant();
        }
        Instant now = clock.instant();
        for (Peer p : peers.get()) {
          if (due(p.name(), now)) {
            Thread.ofVirtual().name("wuzhen-pull-" + p.name()).start(() -> pollNow(p));
          }
        }
        for (PullSource source : sources.get()) {
          if (due(source.name(), now)) {
            Thread.ofVirtual().name("wuzhen-pull-" + source.name()).start(() -> pollNow(source));
          }
        }
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // A store hiccup while reloading must not end federation; the next round retries.
        LOG.warn("federation scheduler: {}", e.getMessage());
      }
    }
  }

  /** Whether a peer or source is due for a poll and none of it is running. */
  private boolean due(String name, Instant now) {
    PeerStatus s = statuses.get(name);
    boolean due = s == null || s.nextAttempt().map(t -> !t.isAfter(now)).orElse(true);
    return due && !polling.computeIfAbsent(name, n -> new ReentrantLock()).isLocked();
  }

  /**
   * Polls one source unless a poll of it is running; records the outcome in its status. A failed
   * poll is tried again one interval later, not sooner: a feed's interval is its publisher's
   * request, and its events that failed are fetched again then.
   */
  void pollNow(PullSource source) {
    ReentrantLock lock = polling.computeIfAbsent(source.name(), n -> new ReentrantLock());
    if (stopped || !lock.tryLock()) {
      return;
    }
    try {
      Instant start = clock.instant();
      statuses.compute(
          source.name(), (n, s) -> (s == null ? PeerStatus.initial(n) : s).attempted(start));
      PullSource.Polled polled;
      String error;
      try {
        polled = source.poll(() -> stopped);
        error =
            polled.failures().isEmpty()
                ? null
                : polled.failures().size() + " failed, first: " + polled.failures().getFirst();
      } catch (java.io.IOException | StoreException | IllegalArgumentException e) {
        polled = new PullSource.Polled(0, 0, List.of());
        error = e.getMessage();
      }
      Instant end = clock.instant();
      Instant next = start.plus(source.interval());
      PullSource.Polled done = polled;
      String failure = error;
      statuses.compute(
          source.name(),
          (n, s) -> {
            PeerStatus counted =
                s.counted(done.added(), done.duplicates(), done.failures().size(), 0, 0);
            if (failure == null) {
              return counted.succeeded(end, !stopped, next.isAfter(end) ? next : end);
            }
            LOG.warn("source {}: {}", n, failure);
            return counted.failed(failure, next.isAfter(end) ? next : end);
          });
    } finally {
      lock.unlock();
    }
  }

  /** Polls one peer unless a poll of it is running; records the outcome in its status. */
  void pollNow(Peer peer) {
    ReentrantLock lock = polling.computeIfAbsent(peer.name(), n -> new ReentrantLock());
    if (stopped || !lock.tryLock()) {
      return;
    }
    try {
      Instant start = clock.instant();
      statuses.compute(
          peer.name(), (n, s) -> (s == null ? PeerStatus.initial(n) : s).attempted(start));
      PeerLog log = checkLog(peer);
      if (log instanceof PeerLog.Flagged flag) {
        // Its content can no longer be trusted: nothing is pulled until an operator clears it.
        statuses.compute(peer.name(), (n, s) -> s.held(flag, start.plus(peer.interval())));
        return;
      }
      PeerSync.Tally tally = new PeerSync.Tally();
      String error = null;
      boolean complete = false;
      try {
        complete = sync.poll(peer, policy.get().ownIdentities(), tally, () -> stopped);
      } catch (PullException e) {
        error = e.getMessage();
      } catch (StoreException | IllegalArgumentException e) {
        error = "applying pulled objects failed: " + e.getMessage();
      }
      Instant end = clock.instant();
      String failure = error;
      boolean done = complete;
      statuses.compute(
          peer.name(),
          (n, s) -> {
            PeerStatus counted =
                s.counted(
                        tally.added,
                        tally.duplicates,
                        tally.invalid,
                        tally.ownReturned,
                        tally.notCreator)
                    .withLog(log);
            if (failure == null) {
              // Polls start every interval (a slow poll does not push the next one back), and at
              // once when the peer has more pages than one poll takes.
              Instant next = start.plus(peer.interval());
              return counted.succeeded(end, done, done && next.isAfter(end) ? next : end);
            }
            LOG.warn("peer {}: {}", n, failure);
            return counted.failed(failure, end.plus(backoff(peer, s.consecutiveFailures() + 1)));
          });
    } finally {
      lock.unlock();
    }
  }

  /** The peer's flag, or this round's check of its transparency log. */
  private PeerLog checkLog(Peer peer) {
    try {
      Optional<PeerLog.Flagged> flag = watch.flag(peer.name());
      return flag.isPresent() ? flag.get() : watch.check(peer, peers.get());
    } catch (StoreException e) {
      return new PeerLog.Unverified("reading or saving the peer's head: " + e.getMessage(), now());
    }
  }

  /** interval x 2^(failures-1), at most {@link #MAX_BACKOFF}. */
  static Duration backoff(Peer peer, int failures) {
    long millis = peer.interval().toMillis();
    for (int i = 1; i < failures && millis < MAX_BACKOFF.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
  }

  // ---- peers and identities ----

  private void reload() {
    List<Peer> loaded = new ArrayList<>();
    Set<String> sourceNames = new HashSet<>();
    for (PullSource s : sources.get()) {
      sourceNames.add(s.name());
    }
    for (FederationPeer stored : store.peers()) {
      if (sourceNames.contains(stored.name())) {
        // A peer added later (wuzhen peer add) under a feed's name: the config's source wins.
        if (shadowed.add(stored.name())) {
          LOG.warn("peer {} is skipped: a MISP feed of the config has that name", stored.name());
        }
        continue;
      }
      try {
        loaded.add(Peer.of(stored));
      } catch (IllegalArgumentException e) {
        LOG.warn("peer {} is skipped: {}", stored.name(), e.getMessage());
      }
    }
    peers.set(List.copyOf(loaded));
    policy.set(declared.withOwnIdentities(ownIdentities(accounts)));
  }

  static Set<String> ownIdentities(AccountStore store) {
    Set<String> ids = new HashSet<>();
    for (Member m : store.members()) {
      ids.add(m.identityId());
    }
    return ids;
  }

  /** Lets the peer's login read what it may; the read filter remains the authority. */
  private static void grantReads(AccountStore store, Peer p) {
    Optional<Principal> principal =
        p.user().map(Principal::user).or(() -> p.member().map(Principal::member));
    if (principal.isEmpty()) {
      return;
    }
    for (CollectionId c : p.read()) {
      try {
        Optional<Permission> existing =
            store.permissions(c).stream()
                .filter(x -> x.principal().equals(principal.get()))
                .findFirst();
        if (existing.isEmpty() || !existing.get().canRead()) {
          boolean write = existing.map(Permission::canWrite).orElse(false);
          store.grant(new Permission(c, principal.get(), true, write));
        }
      } catch (StoreException e) {
        LOG.warn("peer {}: cannot grant read on {}: {}", p.name(), c, e.getMessage());
      }
    }
  }
}
