package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
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

  /** One leaf: its index and the record it logs, as hashed. */
  record Leaf(long index, String record) {
    Leaf {
      requireNonNull(record, "record");
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
        out.add(
            JsonObject.builder()
                .put("leaf_index", leaf.index())
                .put("record", leaf.record())
                .build());
      }
      return JsonObject.builder().put("leaves", new JsonArray(out)).build();
    }

    static Leaves fromJson(JsonValue json) {
      List<Leaf> out = new ArrayList<>();
      for (JsonFields l : JsonFields.of(json, "").objects("leaves")) {
        out.add(new Leaf(l.integer("leaf_index"), l.string("record")));
      }
      return new Leaves(out);
    }
  }

  /** One stored version of an object: the leaf that logged it and its exact JSON as stored. */
  record ObjectEntry(long leafIndex, String record, String json) {
    ObjectEntry {
      requireNonNull(record, "record");
      requireNonNull(json, "json");
    }
  }

  /** {@code GET /wuzhen/log/object/}: every stored version of one object. */
  record ObjectEntries(List<ObjectEntry> entries) {
    ObjectEntries {
      entries = List.copyOf(entries);
    }

    JsonObject toJson() {
      List<JsonValue> out = new ArrayList<>();
      for (ObjectEntry e : entries) {
        out.add(
            JsonObject.builder()
                .put("leaf_index", e.leafIndex())
                .put("record", e.record())
                .put("json", e.json())
                .build());
      }
      return JsonObject.builder().put("entries", new JsonArray(out)).build();
    }

    static ObjectEntries fromJson(JsonValue json) {
      List<ObjectEntry> out = new ArrayList<>();
      for (JsonFields e : JsonFields.of(json, "").objects("entries")) {
        out.add(new ObjectEntry(e.integer("leaf_index"), e.string("record"), e.string("json")));
      }
      return new ObjectEntries(out);
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
