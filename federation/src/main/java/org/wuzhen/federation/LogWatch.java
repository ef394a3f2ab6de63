package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.store.PeerFlag;
import org.wuzhen.store.PeerHead;
import org.wuzhen.store.PeerStore;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.client.TaxiiClientException;
import org.wuzhen.transparency.AuditFailure;
import org.wuzhen.transparency.Ed25519Keys;
import org.wuzhen.transparency.HeadConsistency;
import org.wuzhen.transparency.LogClient;
import org.wuzhen.transparency.TreeHead;

/**
 * Checks peers' transparency logs each round (docs/federation.md, "Tree heads"): the peer's latest
 * signed head against its pinned key and the last head this node accepted from it, then the heads
 * the peer witnessed of third nodes this node also peers with. An inconsistency flags the node that
 * showed it, durably. Thread-safe: state is the store's, plus a memo of cross-checks passed.
 */
final class LogWatch {
  private static final Logger LOG = LoggerFactory.getLogger(LogWatch.class);

  /** Most witnessed heads read from one peer per round. */
  static final int MAX_WITNESSED = 1000;

  private final PeerStore store;
  private final Clock clock;
  private final long maxBytes;

  /**
   * The last cross-check passed per (witness, third node's key id): both heads compared are signed,
   * so a pass stays a pass and is not asked again. One entry per pair, so it does not grow.
   */
  private final Map<String, String> passed = new ConcurrentHashMap<>();

  LogWatch(PeerStore store, Clock clock, long maxBytes) {
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.maxBytes = Math.min(maxBytes, LogClient.DEFAULT_MAX_BYTES);
  }

  /** The peer's flag, when it has one. */
  Optional<PeerLog.Flagged> flag(String peer) {
    return store.peerFlags().stream()
        .filter(f -> f.peer().equals(peer))
        .findFirst()
        .map(f -> new PeerLog.Flagged(f.message(), f.flagged()));
  }

  /** One round's check of {@code peer}; {@code all} are this node's peers, for cross-checks. */
  PeerLog check(Peer peer, List<Peer> all) {
    Instant now = clock.instant();
    TaxiiClient taxii;
    try {
      taxii = client(peer);
    } catch (IllegalArgumentException e) {
      return new PeerLog.Unverified("cannot connect to the peer: " + e.getMessage(), now);
    }
    LogClient client = new LogClient(taxii);
    Optional<PeerHead> pinned = store.peerHead(peer.name());
    TreeHead head;
    try {
      Optional<TreeHead> served = client.findHead();
      if (served.isEmpty()) {
        return pinned.isEmpty()
            ? new PeerLog.NoLog()
            : new PeerLog.Unverified(
                "the peer no longer serves /wuzhen/log/head/ (HTTP 404), although this node"
                    + " verified its head "
                    + HeadConsistency.describe(treeHead(pinned.get()))
                    + " at "
                    + pinned.get().verified(),
                now);
      }
      head = served.get();
      Optional<String> finding = accept(peer, pinned, head, client, now);
      if (finding.isPresent()) {
        return flag(peer, finding.get(), now);
      }
    } catch (AuditFailure e) {
      return e.inconsistency()
          ? flag(peer, e.getMessage(), now)
          : new PeerLog.Unverified(e.getMessage(), now);
    } catch (IllegalArgumentException e) {
      // A pinned key or head that does not parse: the store was edited by hand.
      return new PeerLog.Unverified(e.getMessage(), now);
    }
    return new PeerLog.Verified(head, now, crossCheck(peer, taxii, all, now));
  }

  /**
   * Checks the head's key, signature and consistency with the last head accepted, and keeps it as
   * the last head accepted. Returns what was wrong with the key or signature, if anything.
   *
   * @throws AuditFailure an inconsistency with the last head accepted, or no proof to be had
   */
  private Optional<String> accept(
      Peer peer, Optional<PeerHead> pinned, TreeHead head, LogClient client, Instant now)
      throws AuditFailure {
    String keyText = expectedKey(peer, pinned, client);
    PublicKey key = Ed25519Keys.parsePublic(keyText, "log key of peer " + peer.name());
    String keyId = Ed25519Keys.keyId(key);
    if (!head.keyId().equals(keyId)) {
      String source =
          peer.logKey().isPresent()
              ? "the configured log_key"
              : pinned.isPresent() ? "the key pinned" : "the key the peer serves";
      return Optional.of(
          "the log key changed: "
              + source
              + " is "
              + keyId
              + ", the peer now signs its heads with "
              + head.keyId()
              + " ("
              + HeadConsistency.describe(head)
              + ")");
    }
    if (!head.verify(key)) {
      return Optional.of(
          "the signature of the peer's tree head "
              + HeadConsistency.describe(head)
              + " does not verify with its log key "
              + keyId);
    }
    // A head pinned under another key is replaced only when the operator configured the new key.
    boolean sameKey = pinned.map(p -> p.keyId().equals(keyId)).orElse(false);
    if (sameKey) {
      HeadConsistency.check(
          treeHead(pinned.get()),
          "the head this node accepted last (verified at " + pinned.get().verified() + ")",
          head,
          "the peer now shows",
          client::consistencyProof);
    }
    if (!sameKey || pinned.get().treeSize() != head.treeSize()) {
      store.savePeerHead(peerHead(peer.name(), keyText, head, now));
    }
    return Optional.empty();
  }

  /** The key the peer's heads must be signed with: configured, pinned, or seen now (pinned). */
  private static String expectedKey(Peer peer, Optional<PeerHead> pinned, LogClient client)
      throws AuditFailure {
    if (peer.logKey().isPresent()) {
      return Ed25519Keys.encodePublic(peer.logKey().get());
    }
    if (pinned.isPresent()) {
      return pinned.get().publicKey();
    }
    return client.publicKey();
  }

  /**
   * Compares the heads {@code witness} verified of third nodes with the heads this node verified of
   * them; returns what kept a comparison from being made, if anything did.
   */
  private Optional<String> crossCheck(
      Peer witness, TaxiiClient client, List<Peer> all, Instant now) {
    List<WitnessedHeads.Entry> entries;
    try {
      Optional<WitnessedHeads> answer =
          client.find(
              "/wuzhen/log/witnessed/",
              Map.of(),
              json -> WitnessedHeads.fromJson(json, MAX_WITNESSED));
      if (answer.isEmpty()) {
        return Optional.empty();
      }
      entries = answer.get().heads();
    } catch (TaxiiClientException e) {
      return Optional.of("witnessed heads: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    List<PeerHead> ours = store.peerHeads();
    for (WitnessedHeads.Entry entry : entries) {
      TreeHead theirs;
      switch (entry) {
        case WitnessedHeads.Entry.Unreadable u -> {
          problems.add(u.problem());
          continue;
        }
        case WitnessedHeads.Entry.Witnessed w -> theirs = w.head();
      }
      Optional<PeerHead> ourHead =
          ours.stream()
              .filter(h -> h.keyId().equals(theirs.keyId()) && !h.peer().equals(witness.name()))
              .findFirst();
      Optional<Peer> third =
          ourHead.flatMap(h -> all.stream().filter(p -> p.name().equals(h.peer())).findFirst());
      if (third.isEmpty() || flag(third.get().name()).isPresent()) {
        continue;
      }
      String key = theirs.treeSize() + "/" + theirs.rootHash() + "/" + ourHead.get().treeSize();
      String pair = witness.name() + "/" + theirs.keyId();
      if (key.equals(passed.get(pair))) {
        continue;
      }
      try {
        compare(witness, third.get(), ourHead.get(), theirs, now);
        passed.put(pair, key);
      } catch (AuditFailure e) {
        problems.add(e.getMessage());
      }
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  /** One witnessed head of {@code third} against ours; flags {@code third} on a fork. */
  private void compare(Peer witness, Peer third, PeerHead ours, TreeHead theirs, Instant now)
      throws AuditFailure {
    TreeHead mine = treeHead(ours);
    PublicKey key = Ed25519Keys.parsePublic(ours.publicKey(), "log key of peer " + third.name());
    if (!theirs.verify(key)) {
      throw new AuditFailure(
          "witnessed head of "
              + third.name()
              + " ("
              + HeadConsistency.describe(theirs)
              + ") is not signed by "
              + third.name()
              + "'s log key");
    }
    String ourWords = "the head of " + third.name() + " this node verified at " + ours.verified();
    String ourVerb = third.name() + " showed this node";
    String theirWords =
        "the head of "
            + third.name()
            + " peer "
            + witness.name()
            + " witnessed (signed at "
            + Instant.ofEpochMilli(theirs.timestamp())
            + ")";
    String theirVerb = third.name() + " showed peer " + witness.name();
    boolean oursFirst = mine.treeSize() <= theirs.treeSize();
    TaxiiClient thirdClient;
    try {
      thirdClient = client(third);
    } catch (IllegalArgumentException e) {
      throw new AuditFailure("cannot connect to " + third.name() + ": " + e.getMessage());
    }
    try {
      HeadConsistency.check(
          oursFirst ? mine : theirs,
          oursFirst ? ourWords : theirWords,
          oursFirst ? theirs : mine,
          oursFirst ? theirVerb : ourVerb,
          new LogClient(thirdClient)::consistencyProof);
    } catch (AuditFailure e) {
      if (!e.inconsistency()) {
        throw new AuditFailure("cross-check of " + third.name() + ": " + e.getMessage(), e);
      }
      flag(third, "shows different histories to different peers: " + e.getMessage(), now);
    }
  }

  private PeerLog flag(Peer peer, String finding, Instant now) {
    String message = peer.name() + " (" + peer.apiRoot() + "): " + finding;
    if (store.flagPeer(new PeerFlag(peer.name(), message, now))) {
      LOG.warn("peer {} flagged, no longer pulled from: {}", peer.name(), message);
    }
    return flag(peer.name()).orElseThrow();
  }

  /** A client of a peer's public log routes, bounded as this node bounds log answers. */
  private TaxiiClient client(Peer peer) {
    return LogClient.builder(peer.apiRoot()).trust(peer.trust()).maxResponseBytes(maxBytes).build();
  }

  static TreeHead treeHead(PeerHead h) {
    return new TreeHead(
        h.treeSize(),
        h.rootHash(),
        h.timestamp(),
        h.keyId(),
        Base64.getDecoder().decode(h.signature()));
  }

  static PeerHead peerHead(String peer, String publicKey, TreeHead head, Instant verified) {
    return new PeerHead(
        peer,
        publicKey,
        head.treeSize(),
        head.rootHash(),
        head.timestamp(),
        head.keyId(),
        Base64.getEncoder().encodeToString(head.signature()),
        verified);
  }
}
