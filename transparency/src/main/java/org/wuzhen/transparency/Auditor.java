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
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.LogHash;

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

  /** What to audit. {@code peers} are other auditors' states of the same node. */
  public record Request(
      URI node,
      AuditState previous,
      List<AuditState> peers,
      List<ObjectRef> objects,
      List<Long> leaves,
      Optional<String> token) {
    public Request {
      requireNonNull(node, "node");
      requireNonNull(previous, "previous");
      peers = List.copyOf(peers);
      objects = List.copyOf(objects);
      leaves = List.copyOf(leaves);
      requireNonNull(token, "token");
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
    this.client = new LogClient(request.node(), request.token());
  }

  /** Runs every check; the first inconsistency ends the audit with a precise message. */
  public static Report audit(Request request) throws AuditFailure {
    try {
      return new Auditor(request).run();
    } catch (IllegalArgumentException | ClassCastException e) {
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
    JsonObject answer =
        client.get(
            "/wuzhen/log/leaves/", "start", Long.toString(index), "end", Long.toString(index + 1));
    JsonArray leaves = answer.array("leaves").orElse(JsonArray.EMPTY);
    if (leaves.size() != 1) {
      throw new AuditFailure("the node returned " + leaves.size() + " leaves for leaf " + index);
    }
    String record = TreeHead.string((JsonObject) leaves.get(0), "record");
    checkIncluded(head, index, record, "leaf " + index);
  }

  private void checkIncluded(TreeHead head, long index, String record, String what)
      throws AuditFailure {
    List<LogHash> proof =
        LogClient.hashes(
            client.get(
                "/wuzhen/log/proof/inclusion/",
                "leaf_index",
                Long.toString(index),
                "tree_size",
                Long.toString(head.treeSize())),
            "inclusion_path");
    LogHash leafHash = MerkleTree.leafHash(record.getBytes(StandardCharsets.UTF_8));
    if (!MerkleVerifier.verifyInclusion(index, head.treeSize(), leafHash, proof, head.rootHash())) {
      throw new AuditFailure(
          what
              + ": its record is not leaf "
              + index
              + " of the signed tree "
              + describe(head)
              + " (RFC 9162 inclusion proof fails): "
              + record);
    }
    checks.add(what + ": included at leaf " + index + " of " + describe(head));
  }

  private List<AuditState.CheckedVersion> checkObject(
      TreeHead head, ObjectRef ref, List<AuditState.CheckedVersion> known) throws AuditFailure {
    JsonObject answer =
        client.get("/wuzhen/log/object/", "collection", ref.collection(), "id", ref.id());
    List<AuditState.CheckedVersion> seen = new ArrayList<>();
    Set<Long> present = new LinkedHashSet<>();
    for (JsonValue v : answer.array("entries").orElse(JsonArray.EMPTY).elements()) {
      JsonObject entry = (JsonObject) v;
      long index = TreeHead.number(entry, "leaf_index");
      String record = TreeHead.string(entry, "record");
      String json = TreeHead.string(entry, "json");
      JsonObject fields = parseRecord(record);
      String what = ref.id() + " (leaf " + index + ")";
      if (!fields.string("id").equals(Optional.of(ref.id()))
          || !fields.string("collection").equals(Optional.of(ref.collection()))
          || !fields.string("op").equals(Optional.of("add"))) {
        throw new AuditFailure(what + ": the logged record is about something else: " + record);
      }
      String logged = TreeHead.string(fields, "sha256");
      String actual =
          java.util.HexFormat.of()
              .formatHex(MerkleTree.sha256().digest(json.getBytes(StandardCharsets.UTF_8)));
      if (!logged.equals(actual)) {
        throw new AuditFailure(
            what
                + ": the stored JSON was changed behind the log: its SHA-256 is "
                + actual
                + " but the log recorded "
                + logged);
      }
      if (index < head.treeSize()) {
        checkIncluded(head, index, record, what);
      } else {
        checks.add(what + ": logged after the signed head; check again later");
      }
      long dateAdded = TreeHead.number(fields, "date_added");
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

  /** A version this auditor saw logged is gone: the log must record its deletion. */
  private void checkDeletionLogged(TreeHead head, AuditState.CheckedVersion v) throws AuditFailure {
    JsonObject answer =
        client.get(
            "/wuzhen/log/version/",
            "collection",
            v.collection(),
            "date_added",
            Long.toString(v.dateAdded()));
    for (JsonValue leafValue : answer.array("leaves").orElse(JsonArray.EMPTY).elements()) {
      JsonObject leaf = (JsonObject) leafValue;
      String record = TreeHead.string(leaf, "record");
      JsonObject fields = parseRecord(record);
      if (fields.string("op").equals(Optional.of("delete"))
          && fields.string("id").equals(Optional.of(v.id()))) {
        long index = TreeHead.number(leaf, "leaf_index");
        if (index >= head.treeSize()) {
          checks.add(v.id() + ": deletion logged after the signed head; check again later");
          return;
        }
        checkIncluded(head, index, record, v.id() + " deletion");
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

  private static JsonObject parseRecord(String record) throws AuditFailure {
    try {
      if (Json.parse(record) instanceof JsonObject o) {
        return o;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new AuditFailure("a leaf record is not a JSON object: " + record);
  }

  private static String describe(TreeHead head) {
    return HeadConsistency.describe(head);
  }
}
