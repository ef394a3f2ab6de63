package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.LogHash;

/**
 * The JSON replies of the log's routes (docs/transparency.md, "HTTP"), each written by {@link
 * LogRoutes} and read back by {@link LogClient} with the same record; the tree head is {@link
 * TreeHead}. Readers are strict: a missing or mistyped member fails naming it.
 */
final class LogReplies {
  private LogReplies() {}

  /** {@code GET /wuzhen/log/key/}: the key heads are signed with, base64 SPKI. */
  record Key(String algorithm, String keyId, String publicKey) {
    Key {
      requireNonNull(algorithm, "algorithm");
      requireNonNull(keyId, "keyId");
      requireNonNull(publicKey, "publicKey");
    }

    JsonObject toJson() {
      return JsonObject.builder()
          .put("algorithm", algorithm)
          .put("key_id", keyId)
          .put("public_key", publicKey)
          .build();
    }

    static Key fromJson(JsonValue json) {
      JsonFields f = JsonFields.of(json, "");
      return new Key(f.string("algorithm"), f.string("key_id"), f.string("public_key"));
    }
  }

  /** {@code GET /wuzhen/log/proof/inclusion/}: RFC 9162 inclusion proof of one leaf. */
  record InclusionProof(long leafIndex, long treeSize, List<LogHash> path) {
    InclusionProof {
      path = List.copyOf(path);
    }

    JsonObject toJson() {
      return JsonObject.builder()
          .put("leaf_index", leafIndex)
          .put("tree_size", treeSize)
          .put("inclusion_path", hashes(path))
          .build();
    }

    static InclusionProof fromJson(JsonValue json) {
      JsonFields f = JsonFields.of(json, "");
      return new InclusionProof(
          f.integer("leaf_index"), f.integer("tree_size"), hashes(f, "inclusion_path"));
    }
  }

  /** {@code GET /wuzhen/log/proof/consistency/}: RFC 9162 consistency proof of two sizes. */
  record ConsistencyProof(long first, long second, List<LogHash> path) {
    ConsistencyProof {
      path = List.copyOf(path);
    }

    JsonObject toJson() {
      return JsonObject.builder()
          .put("first", first)
          .put("second", second)
          .put("consistency_path", hashes(path))
          .build();
    }

    static ConsistencyProof fromJson(JsonValue json) {
      JsonFields f = JsonFields.of(json, "");
      return new ConsistencyProof(
          f.integer("first"), f.integer("second"), hashes(f, "consistency_path"));
    }
  }

  /**
   * One leaf: its index and hash, and its record and salt when the caller may read what the leaf is
   * about (docs/transparency.md, "Who sees which leaf"); leaves logged before salting began have a
   * record without a salt.
   */
  record Leaf(long index, LogHash leafHash, Optional<String> record, Optional<LogHash> salt) {
    Leaf {
      requireNonNull(leafHash, "leafHash");
      requireNonNull(record, "record");
      requireNonNull(salt, "salt");
      if (salt.isPresent() && record.isEmpty()) {
        throw new IllegalArgumentException("salt: given without a record");
      }
    }

    /** The leaf hash the shown record and salt give, computed here; empty for a hidden leaf. */
    Optional<LogHash> recordHash() {
      return record.map(r -> MerkleTree.leafHash(salt, r));
    }

    JsonObject toJson() {
      JsonObject.Builder b =
          JsonObject.builder().put("leaf_index", index).put("leaf_hash", leafHash.hex());
      record.ifPresent(r -> b.put("record", r));
      salt.ifPresent(s -> b.put("salt", s.hex()));
      return b.build();
    }

    static Leaf read(JsonFields f) {
      return new Leaf(
          f.integer("leaf_index"),
          hash(f, "leaf_hash"),
          f.optionalString("record"),
          f.optionalString("salt").map(text -> hash(f, "salt")));
    }
  }

  /** {@code GET /wuzhen/log/leaves/} and {@code /wuzhen/log/version/}: leaves in index order. */
  record Leaves(List<Leaf> leaves) {
    Leaves {
      leaves = List.copyOf(leaves);
    }

    JsonObject toJson() {
      List<JsonValue> out = new ArrayList<>();
      for (Leaf leaf : leaves) {
        out.add(leaf.toJson());
      }
      return JsonObject.builder().put("leaves", new JsonArray(out)).build();
    }

    static Leaves fromJson(JsonValue json) {
      List<Leaf> out = new ArrayList<>();
      for (JsonFields l : JsonFields.of(json, "").objects("leaves")) {
        out.add(Leaf.read(l));
      }
      return new Leaves(out);
    }
  }

  /**
   * One stored version of an object: the leaf that logged it (its record and salt) and its exact
   * JSON as stored.
   */
  record ObjectEntry(long leafIndex, String record, Optional<LogHash> salt, String json) {
    ObjectEntry {
      requireNonNull(record, "record");
      requireNonNull(salt, "salt");
      requireNonNull(json, "json");
    }

    /** The leaf hash of the logged record, computed here. */
    LogHash recordHash() {
      return MerkleTree.leafHash(salt, record);
    }
  }

  /** {@code GET /wuzhen/log/object/}: every stored version of one object the caller may read. */
  record ObjectEntries(List<ObjectEntry> entries) {
    ObjectEntries {
      entries = List.copyOf(entries);
    }

    JsonObject toJson() {
      List<JsonValue> out = new ArrayList<>();
      for (ObjectEntry e : entries) {
        JsonObject.Builder b =
            JsonObject.builder().put("leaf_index", e.leafIndex()).put("record", e.record());
        e.salt().ifPresent(salt -> b.put("salt", salt.hex()));
        out.add(b.put("json", e.json()).build());
      }
      return JsonObject.builder().put("entries", new JsonArray(out)).build();
    }

    static ObjectEntries fromJson(JsonValue json) {
      List<ObjectEntry> out = new ArrayList<>();
      for (JsonFields e : JsonFields.of(json, "").objects("entries")) {
        out.add(
            new ObjectEntry(
                e.integer("leaf_index"),
                e.string("record"),
                e.optionalString("salt").map(text -> hash(e, "salt")),
                e.string("json")));
      }
      return new ObjectEntries(out);
    }
  }

  /** A hash member of a reply, or a failure naming it. */
  private static LogHash hash(JsonFields f, String name) {
    String text = f.string(name);
    try {
      return LogHash.parseHex(text);
    } catch (IllegalArgumentException e) {
      throw f.invalid(name, e.getMessage());
    }
  }

  private static JsonArray hashes(List<LogHash> path) {
    return new JsonArray(path.stream().<JsonValue>map(h -> new JsonString(h.hex())).toList());
  }

  private static List<LogHash> hashes(JsonFields f, String name) {
    List<String> texts = f.strings(name);
    List<LogHash> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      try {
        out.add(LogHash.parseHex(texts.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + "[" + i + "]: " + e.getMessage(), e);
      }
    }
    return out;
  }
}
