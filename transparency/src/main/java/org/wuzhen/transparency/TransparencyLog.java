package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.LogHash;
import org.wuzhen.store.LogStore;
import org.wuzhen.store.ObjectLogEntry;
import org.wuzhen.store.StoreException;
import org.wuzhen.taxii.ExtensionRoute;
import org.wuzhen.taxii.NodeExtension;
import org.wuzhen.taxii.TaxiiExtensions;

/**
 * A node's transparency log: indexes the leaves the store appends, signs a tree head whenever the
 * log has grown (checked four times a second, so a grown log has a new head within a second) and
 * answers proofs against the heads it signed. Thread-safe: {@link #refresh} is serialised, the
 * latest head is published through a volatile field.
 */
public final class TransparencyLog implements NodeExtension {
  private static final Logger LOG = LoggerFactory.getLogger(TransparencyLog.class);
  static final Duration PERIOD = Duration.ofMillis(250);

  /**
   * Leaves the latest signed head may lag the log by while the node counts as ready. A head is
   * signed four times a second, so even ingest at tens of thousands of objects a second stays far
   * below it; a signer that stopped (or cannot read the store) crosses it within seconds.
   */
  static final long READY_LAG = 100_000;

  private final LogStore store;
  private final KeyPair key;
  private final Clock clock;
  private final LogIndexer indexer;
  private final SubtreeSource tree;
  private volatile TreeHead head;
  private ScheduledExecutorService scheduler;

  public TransparencyLog(LogStore store, KeyPair key, Clock clock) {
    this.store = requireNonNull(store, "store");
    this.key = requireNonNull(key, "key");
    this.clock = requireNonNull(clock, "clock");
    this.indexer = new LogIndexer(store);
    this.tree = new StoredTree(store);
  }

  /** Signs the first head now and keeps heads fresh in the background until {@link #close}. */
  @Override
  public synchronized void start() {
    refresh();
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "wuzhen-transparency-log");
                t.setDaemon(true);
                return t;
              });
      scheduler.scheduleWithFixedDelay(
          this::refreshQuietly, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (StoreException | IllegalStateException e) {
      // The next tick retries; the published head stays the last good one.
      LOG.warn("transparency log: cannot sign a new tree head: {}", e.getMessage());
    }
  }

  /** Indexes new leaves and signs a head when the log grew (or none was signed yet). */
  public synchronized TreeHead refresh() {
    long size = store.logSize();
    TreeHead current = head;
    if (current != null && current.treeSize() == size) {
      return current;
    }
    indexer.sync(size);
    LogHash root = MerkleTree.root(tree, size);
    TreeHead signed = TreeHead.sign(size, root, clock.millis(), key.getPublic(), key.getPrivate());
    head = signed;
    return signed;
  }

  /** The latest signed head. */
  public TreeHead head() {
    TreeHead h = head;
    return h != null ? h : refresh();
  }

  public PublicKey publicKey() {
    return key.getPublic();
  }

  /** Adds the {@code /wuzhen/log/...} routes to the node's server (docs/transparency.md). */
  @Override
  public void extend(TaxiiExtensions.Builder server) {
    routes().forEach(server::route);
    server.readinessCheck(
        "transparency log signed within " + READY_LAG + " leaves",
        () -> readinessProblem(READY_LAG));
    GaugeWithCallback.builder()
        .name("wuzhen_transparency_log_leaves")
        .help("Leaves in the node's transparency log")
        .callback(c -> c.call(store.logSize()))
        .register(server.metrics());
    GaugeWithCallback.builder()
        .name("wuzhen_transparency_signed_tree_size")
        .help("Size of the latest signed tree head")
        .callback(
            c -> {
              TreeHead h = head;
              if (h != null) {
                c.call(h.treeSize());
              }
            })
        .register(server.metrics());
    GaugeWithCallback.builder()
        .name("wuzhen_transparency_unsigned_leaves")
        .help("Leaves not yet in a signed tree head (the indexer's lag)")
        .callback(c -> c.call(unsignedLeaves()))
        .register(server.metrics());
  }

  /** Leaves of the log not yet in a signed head; the log's size less the latest head's. */
  public long unsignedLeaves() {
    TreeHead h = head;
    return store.logSize() - (h == null ? 0 : h.treeSize());
  }

  /** Empty when a head is signed and covers all but at most {@code maxLag} leaves. */
  Optional<String> readinessProblem(long maxLag) {
    if (head == null) {
      return Optional.of("no tree head signed yet");
    }
    try {
      long lag = unsignedLeaves();
      return lag <= maxLag
          ? Optional.empty()
          : Optional.of(lag + " leaves are not in a signed tree head (at most " + maxLag + ")");
    } catch (StoreException e) {
      return Optional.of("cannot read the log's size: " + e.getMessage());
    }
  }

  /** The {@code /wuzhen/log/...} routes for the node's TAXII server (docs/transparency.md). */
  public List<ExtensionRoute> routes() {
    return LogRoutes.of(this);
  }

  /** The audit path of a leaf in the tree of a size this log has signed a head for or below. */
  public List<LogHash> inclusionProof(long leafIndex, long treeSize) {
    checkSize("tree_size", treeSize);
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IllegalArgumentException(
          "leaf_index: " + leafIndex + " is not in 0.." + (treeSize - 1));
    }
    return MerkleTree.inclusionProof(tree, leafIndex, treeSize);
  }

  /** Leaves in the log now (the latest signed head may trail by the leaves of the last 250 ms). */
  public long size() {
    return store.logSize();
  }

  /**
   * Checks an entry of {@link LogStore#objectLog} for the version of {@code objectId} stored in
   * {@code collection}: the latest head's signature with this log's key, the record (an {@code add}
   * of that object in that collection whose {@code sha256} is the stored JSON's), and the inclusion
   * proof of the leaf hash recomputed from record and salt against the head's root. The same checks
   * {@code wuzhen audit verify} makes from outside, made here from the store.
   */
  public InclusionCheck check(CollectionId collection, String objectId, ObjectLogEntry entry) {
    requireNonNull(collection, "collection");
    requireNonNull(objectId, "objectId");
    requireNonNull(entry, "entry");
    TreeHead signed = head();
    boolean signatureValid = signed.verify(key.getPublic());
    boolean recordMatches = addsVersion(entry, collection, objectId);
    long index = entry.leaf().index();
    if (index >= signed.treeSize()) {
      return new InclusionCheck(
          index, signed, signatureValid, recordMatches, InclusionCheck.Proof.PENDING, 0);
    }
    LogHash leafHash = MerkleTree.leafHash(entry.leaf().salt(), entry.leaf().record());
    List<LogHash> proof = MerkleTree.inclusionProof(tree, index, signed.treeSize());
    boolean included =
        leafHash.equals(entry.leaf().leafHash())
            && MerkleVerifier.verifyInclusion(
                index, signed.treeSize(), leafHash, proof, signed.rootHash());
    return new InclusionCheck(
        index,
        signed,
        signatureValid,
        recordMatches,
        included ? InclusionCheck.Proof.VERIFIED : InclusionCheck.Proof.FAILED,
        proof.size());
  }

  private static boolean addsVersion(
      ObjectLogEntry entry, CollectionId collection, String objectId) {
    try {
      JsonFields record = JsonFields.of(Json.parse(entry.leaf().record()), "record");
      String stored =
          HexFormat.of()
              .formatHex(
                  MerkleTree.sha256().digest(entry.storedJson().getBytes(StandardCharsets.UTF_8)));
      return record.optionalString("op").equals(Optional.of("add"))
          && record.optionalString("id").equals(Optional.of(objectId))
          && record.optionalString("collection").equals(Optional.of(collection.toString()))
          && record.optionalString("sha256").equals(Optional.of(stored));
    } catch (IllegalArgumentException | StixFormatException e) {
      return false; // not a record this log writes: it does not match
    }
  }

  public List<LogHash> consistencyProof(long first, long second) {
    checkSize("second", second);
    if (first < 0 || first > second) {
      throw new IllegalArgumentException("first: " + first + " is not in 0.." + second);
    }
    return MerkleTree.consistencyProof(tree, first, second);
  }

  private void checkSize(String name, long size) {
    long signed = head().treeSize();
    if (size < 1 || size > signed) {
      throw new IllegalArgumentException(
          name + ": " + size + " is not in 1.." + signed + " (the latest signed tree size)");
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
