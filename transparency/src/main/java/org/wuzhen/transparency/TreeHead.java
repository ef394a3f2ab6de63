package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.function.Function;
import org.wuzhen.stix.CanonicalJson;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.LogHash;

/**
 * A signed tree head: the log's size and root at a moment, signed by the node's Ed25519 key. The
 * signature covers the RFC 8785 canonical JSON of {@code {key_id, root_hash, timestamp, tree_size}}
 * (see docs/transparency.md), so it is bound to one node key.
 *
 * @param timestamp milliseconds since the epoch
 */
public record TreeHead(
    long treeSize, LogHash rootHash, long timestamp, String keyId, byte[] signature) {
  public TreeHead {
    if (treeSize < 0) {
      throw new IllegalArgumentException("tree_size is negative: " + treeSize);
    }
    requireNonNull(rootHash, "rootHash");
    requireNonNull(keyId, "keyId");
    signature = requireNonNull(signature, "signature").clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TreeHead h
        && treeSize == h.treeSize
        && timestamp == h.timestamp
        && rootHash.equals(h.rootHash)
        && keyId.equals(h.keyId)
        && java.util.Arrays.equals(signature, h.signature);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(treeSize, rootHash, timestamp, keyId)
        ^ java.util.Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "TreeHead[tree_size=" + treeSize + ", root_hash=" + rootHash + ", key_id=" + keyId + "]";
  }

  static TreeHead sign(long treeSize, LogHash root, long timestamp, PublicKey pub, PrivateKey key) {
    String keyId = Ed25519Keys.keyId(pub);
    byte[] message = signedBytes(treeSize, root, timestamp, keyId);
    return new TreeHead(treeSize, root, timestamp, keyId, Ed25519Keys.sign(key, message));
  }

  /** True when the signature is the given key's over this head and the key ids agree. */
  public boolean verify(PublicKey key) {
    return keyId.equals(Ed25519Keys.keyId(key))
        && Ed25519Keys.verify(key, signedBytes(treeSize, rootHash, timestamp, keyId), signature);
  }

  static byte[] signedBytes(long treeSize, LogHash root, long timestamp, String keyId) {
    return CanonicalJson.writeBytes(
        JsonObject.builder()
            .put("key_id", keyId)
            .put("root_hash", root.hex())
            .put("timestamp", timestamp)
            .put("tree_size", treeSize)
            .build());
  }

  public JsonObject toJson() {
    return JsonObject.builder()
        .put("tree_size", treeSize)
        .put("root_hash", rootHash.hex())
        .put("timestamp", timestamp)
        .put("key_id", keyId)
        .put("signature", Base64.getEncoder().encodeToString(signature))
        .build();
  }

  /** Parses a head as {@link #toJson} writes it; the message names the field. */
  public static TreeHead fromJson(JsonValue value) {
    try {
      JsonFields f = JsonFields.of(value, "");
      return new TreeHead(
          f.integer("tree_size"),
          parse(f, "root_hash", LogHash::parseHex),
          f.integer("timestamp"),
          f.string("key_id"),
          parse(f, "signature", Base64.getDecoder()::decode));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tree head: " + e.getMessage(), e);
    }
  }

  private static <T> T parse(JsonFields f, String name, Function<String, T> parser) {
    String text = f.string(name);
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw f.invalid(name, e.getMessage());
    }
  }
}
