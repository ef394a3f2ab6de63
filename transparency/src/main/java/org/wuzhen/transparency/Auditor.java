package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.store.LogHash;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.ServerTrust;

/**
 * Audits a node's transparency log from outside (docs/transparency.md, "Audit"): the head's
 * signature, consistency with the last head this auditor saw and with heads other auditors saw,
 * inclusion of chosen leaves, and for chosen objects that every stored version is logged with the
 * hash of its exact JSON and that no logged version vanished without a logged deletion.
 */
public final class Auditor {
  /** An object to check: its collection and id. */
  public record ObjectRef(String collection, String id) {
    public ObjectRef {
      requireNonNull(collection, "collection");
      requireNonNull(id, "id");
    }
  }

  /**
   * What to audit. {@code peers} are other auditors' states of the same node; {@code credentials}
   * are needed for leaves and object checks (their routes show records to whoever may read them),
   * not for heads and proofs; {@code wholeTree} replays every leaf of the signed tree; {@code
   * trust} says which CAs the node's TLS certificate may come from.
   */
  public record Request(
      URI node,
      AuditState previous,
      List<AuditState> peers,
      List<ObjectRef> objects,
      List<Long> leaves,
      boolean wholeTree,
      Credentials credentials,
      ServerTrust trust) {
    public Request {
      requireNonNull(node, "node");
      requireNonNull(previous, "previous");
      peers = List.copyOf(peers);
      objects = List.copyOf(objects);
      leaves = List.copyOf(leaves);
      requireNonNull(credentials, "credentials");
      requireNonNull(trust, "trust");
    }

    /** A request trusting the system's CAs. */
    public Request(
        URI node,
        AuditState previous,
        List<AuditState> peers,
        List<ObjectRef> objects,
        List<Long> leaves,
        boolean wholeTree,
        Credentials credentials) {
      this(node, previous, peers, objects, leaves, wholeTree, credentials, ServerTrust.system());
    }
  }

  /** A passed audit: the state to keep and one line per check. */
  public record Report(AuditState state, List<String> checks) {
    public Report {
      requireNonNull(state, "state");
      checks = List.copyOf(checks);
    }
  }

  private final LogClient client;
  private final Request request;
  private final List<String> checks = new ArrayList<>();

  private Auditor(Request request) {
    this.request = request;
    this.client =
        new LogClient(
            LogClient.builder(request.node())
                .credentials(request.credentials())
                .trust(request.trust())
                .build());
  }

  /** Runs every check; the first inconsistency ends the audit with a precise message. */
  public static Report audit(Request request) throws AuditFailure {
    try {
      return new Auditor(request).run();
    } catch (IllegalArgumentException e) {
      throw new AuditFailure("the node's answer is malformed: " + e.getMessage(), e);
    }
  }

  private Report run() throws AuditFailure {
    AuditState previous = request.previous();
    String keyText = client.publicKey();
    PublicKey key = LogClient.key(keyText);
    if (previous.publicKey().isPresent() && !previous.publicKey().get().equals(keyText)) {
      throw new AuditFailure(
          "the node key changed: it was "
              + Ed25519Keys.keyId(Ed25519Keys.parsePublic(previous.publicKey().get(), "state"))
              + " and is now "
              + Ed25519Keys.keyId(key));
    }
    TreeHead head = client.head();
    if (!head.verify(key)) {
      throw new AuditFailure(
          "the signature of tree head " + describe(head) + " does not verify with the node key");
    }
    checks.add("head " + describe(head) + ": signature valid (key " + head.keyId() + ")");
    if (previous.head().isPresent()) {
      checkConsistent(previous.head().get(), head, "the head this auditor saw last");
    }
    for (AuditState peer : request.peers()) {
      if (peer.head().isEmpty()) {
        continue;
      }
      TreeHead peerHead = peer.head().get();
      if (!peerHead.verify(key)) {
        throw new AuditFailure(
            "a peer's head " + describe(peerHead) + " is not signed by this node's key");
      }
      checkConsistent(peerHead, head, "a head another auditor saw");
    }
    for (Long leaf : request.leaves()) {
      checkLeaf(head, leaf);
    }
    if (request.wholeTree()) {
      checkWholeTree(head);
    }
    Set<AuditState.CheckedVersion> versions = new LinkedHashSet<>(previous.versions());
    for (ObjectRef ref : request.objects()) {
      versions.addAll(checkObject(head, ref, previous.versions()));
    }
    AuditState next =
        new AuditState(
            request.node().toString(),
            Optional.of(keyText),
            Optional.of(head),
            List.copyOf(versions));
    return new Report(next, checks);
  }

  /** An earlier (or other) head must be a prefix of the current one. */
  private void checkConsistent(TreeHead earlier, TreeHead now, String what) throws AuditFailure {
    checks.add(
        HeadConsistency.check(earlier, what, now, "the node now shows", client::consistencyProof));
  }

  private void checkLeaf(TreeHead head, long index) throws AuditFailure {
    if (index >= head.treeSize()) {
      throw new AuditFailure(
          "leaf " + index + " is not in the signed tree of size " + head.treeSize());
    }
    List<LogReplies.Leaf> leaves = client.leaves(index, index + 1);
    if (leaves.size() != 1 || leaves.getFirst().index() != index) {
      throw new AuditFailure("the node returned " + leaves.size() + " leaves for leaf " + index);
    }
    LogReplies.Leaf leaf = leaves.getFirst();
    LogHash hash = shownHash(leaf);
    checkIncluded(
        head,
        index,
        hash,
        leaf.record().isPresent() ? "leaf " + index : "leaf " + index + " (hash only)",
        leaf.record().orElse("its hash " + hash));
  }

  /**
   * The hash to check a leaf by: computed from its record and salt when the node shows them (and
   * then equal to the hash it gives), else the hash it gives.
   */
  private static LogHash shownHash(LogReplies.Leaf leaf) throws AuditFailure {
    Optional<LogHash> computed = leaf.recordHash();
    if (computed.isPresent() && !computed.get().equals(leaf.leafHash())) {
      throw new AuditFailure(
          "leaf "
              + leaf.index()
              + ": the node shows a record and salt that hash to "
              + computed.get()
              + ", not to the leaf hash it gives, "
              + leaf.leafHash()
              + ": "
              + leaf.record().orElseThrow());
    }
    return computed.orElse(leaf.leafHash());
  }

  /**
   * Every leaf of the signed tree, as the node shows this auditor (records it may read, hashes of
   * the rest), must hash to the signed root: the node serves the log it signs, whole.
   */
  private void checkWholeTree(TreeHead head) throws AuditFailure {
    LeafStream tree = new LeafStream();
    long shown = 0;
    for (long start = 0; start < head.treeSize(); start += LogRoutes.MAX_LEAVES) {
      long end = Math.min(head.treeSize(), start + LogRoutes.MAX_LEAVES);
      List<LogReplies.Leaf> page = client.leaves(start, end);
      if (page.size() != end - start) {
        throw new AuditFailure(
            "the node returned "
                + page.size()
                + " leaves for ["
                + start
                + ", "
                + end
                + ") of the signed tree "
                + describe(head));
      }
      for (int i = 0; i < page.size(); i++) {
        LogReplies.Leaf leaf = page.get(i);
        if (leaf.index() != start + i) {
          throw new AuditFailure(
              "the node returned leaf " + leaf.index() + " where leaf " + (start + i) + " belongs");
        }
        if (leaf.record().isPresent()) {
          shown++;
        }
        tree.add(shownHash(leaf));
      }
    }
    if (!tree.root().equals(head.rootHash())) {
      throw new AuditFailure(
          "the "
              + head.treeSize()
              + " leaves the node serves hash to "
              + tree.root()
              + ", not to the signed root of "
              + describe(head)
              + ": it serves another log than it signs");
    }
    checks.add(
        "whole tree: its "
            + head.treeSize()
            + " leaves hash to the signed root of "
            + describe(head)
            + " ("
            + shown
            + " records you may read checked against their hashes, "
            + (head.treeSize() - shown)
            + " hashes only)");
  }

  private void checkIncluded(TreeHead head, long index, LogHash leafHash, String what, String shown)
      throws AuditFailure {
    List<LogHash> proof = client.inclusionProof(index, head.treeSize());
    if (!MerkleVerifier.verifyInclusion(index, head.treeSize(), leafHash, proof, head.rootHash())) {
      throw new AuditFailure(
          what
              + ": it is not leaf "
              + index
              + " of the signed tree "
              + describe(head)
              + " (RFC 9162 inclusion proof fails): "
              + shown);
    }
    checks.add(what + ": included at leaf " + index + " of " + describe(head));
  }

  private List<AuditState.CheckedVersion> checkObject(
      TreeHead head, ObjectRef ref, List<AuditState.CheckedVersion> known) throws AuditFailure {
    List<AuditState.CheckedVersion> seen = new ArrayList<>();
    Set<Long> present = new LinkedHashSet<>();
    for (LogReplies.ObjectEntry entry : client.objectEntries(ref.collection(), ref.id())) {
      long index = entry.leafIndex();
      String record = entry.record();
      String json = entry.json();
      JsonFields fields = parseRecord(record);
      String what = ref.id() + " (leaf " + index + ")";
      if (!fields.optionalString("id").equals(Optional.of(ref.id()))
          || !fields.optionalString("collection").equals(Optional.of(ref.collection()))
          || !fields.optionalString("op").equals(Optional.of("add"))) {
        throw new AuditFailure(what + ": the logged record is about something else: " + record);
      }
      requireLoggedJson(what, fields.string("sha256"), json);
      if (index < head.treeSize()) {
        checkIncluded(head, index, entry.recordHash(), what, record);
      } else {
        checks.add(what + ": logged after the signed head; check again later");
      }
      long dateAdded = fields.integer("date_added");
      present.add(dateAdded);
      seen.add(new AuditState.CheckedVersion(ref.collection(), ref.id(), dateAdded, index));
    }
    for (AuditState.CheckedVersion v : known) {
      if (v.collection().equals(ref.collection())
          && v.id().equals(ref.id())
          && !present.contains(v.dateAdded())) {
        checkDeletionLogged(head, v);
      }
    }
    if (seen.isEmpty() && known.stream().noneMatch(v -> v.id().equals(ref.id()))) {
      checks.add(ref.id() + ": no stored version in collection " + ref.collection());
    }
    return seen;
  }

  /** The stored JSON of a version must be what its add leaf logged the SHA-256 of. */
  static void requireLoggedJson(String what, String loggedSha256, String json) throws AuditFailure {
    String actual =
        java.util.HexFormat.of()
            .formatHex(MerkleTree.sha256().digest(json.getBytes(StandardCharsets.UTF_8)));
    if (!loggedSha256.equals(actual)) {
      throw new AuditFailure(
          what
              + ": the stored JSON was changed behind the log: its SHA-256 is "
              + actual
              + " but the log recorded "
              + loggedSha256);
    }
  }

  /** A version this auditor saw logged is gone: the log must record its deletion. */
  private void checkDeletionLogged(TreeHead head, AuditState.CheckedVersion v) throws AuditFailure {
    for (LogReplies.Leaf leaf : client.versionLeaves(v.collection(), v.dateAdded())) {
      if (leaf.record().isEmpty()) {
        continue;
      }
      String record = leaf.record().get();
      JsonFields fields = parseRecord(record);
      if (fields.optionalString("op").equals(Optional.of("delete"))
          && fields.optionalString("id").equals(Optional.of(v.id()))) {
        long index = leaf.index();
        if (index >= head.treeSize()) {
          checks.add(v.id() + ": deletion logged after the signed head; check again later");
          return;
        }
        checkIncluded(head, index, shownHash(leaf), v.id() + " deletion", record);
        return;
      }
    }
    throw new AuditFailure(
        v.id()
            + ": the version added at "
            + v.dateAdded()
            + " (leaf "
            + v.leafIndex()
            + ") is no longer stored and the log records no deletion of it: it was removed"
            + " behind the log");
  }

  private static JsonFields parseRecord(String record) throws AuditFailure {
    try {
      return JsonFields.of(Json.parse(record), "leaf record");
    } catch (RuntimeException e) {
      throw new AuditFailure("a leaf record is not a JSON object: " + record, e);
    }
  }

  private static String describe(TreeHead head) {
    return HeadConsistency.describe(head);
  }
}
