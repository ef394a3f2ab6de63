package org.wuzhen.federation;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.transparency.TreeHead;

/**
 * {@code GET /wuzhen/log/witnessed/}: the latest head a node verified of each of its peers' logs,
 * written by {@link FederationRoutes} and read by {@link LogWatch}. The list itself is read
 * strictly, each entry on its own: one a witness garbled is reported and the others still compared.
 */
record WitnessedHeads(List<Entry> heads) {
  WitnessedHeads {
    heads = List.copyOf(heads);
  }

  /** One entry of the list. */
  sealed interface Entry {
    /**
     * @param publicKey the witnessed log's key, base64 SPKI
     * @param verified when the witness verified the head
     */
    record Witnessed(Optional<String> publicKey, Optional<String> verified, TreeHead head)
        implements Entry {
      public Witnessed {
        requireNonNull(publicKey, "publicKey");
        requireNonNull(verified, "verified");
        requireNonNull(head, "head");
      }
    }

    /** An entry that could not be read, and why. */
    record Unreadable(String problem) implements Entry {
      public Unreadable {
        requireNonNull(problem, "problem");
      }
    }
  }

  JsonObject toJson() {
    List<JsonValue> out = new ArrayList<>();
    for (Entry e : heads) {
      if (e instanceof Entry.Witnessed w) {
        JsonObject.Builder b = JsonObject.builder();
        w.publicKey().ifPresent(k -> b.put("public_key", k));
        w.verified().ifPresent(v -> b.put("verified", v));
        out.add(b.put("head", w.head().toJson()).build());
      }
    }
    return JsonObject.builder().put("heads", new JsonArray(out)).build();
  }

  /**
   * @param max most entries read; the rest are left out
   * @throws IllegalArgumentException when the answer has no list of heads
   */
  static WitnessedHeads fromJson(JsonValue json, int max) {
    List<JsonValue> list = JsonFields.of(json, "").array("heads");
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < Math.min(list.size(), max); i++) {
      out.add(entry(list.get(i), "witnessed heads[" + i + "]"));
    }
    return new WitnessedHeads(out);
  }

  private static Entry entry(JsonValue value, String at) {
    if (!(value instanceof JsonObject o) || o.get("head").isEmpty()) {
      return new Entry.Unreadable(at + ": expected an object with a head");
    }
    try {
      JsonFields f = JsonFields.of(o, at);
      TreeHead head = TreeHead.fromJson(f.value("head"));
      return new Entry.Witnessed(
          f.optionalString("public_key"), f.optionalString("verified"), head);
    } catch (IllegalArgumentException e) {
      return new Entry.Unreadable(at + ".head is malformed: " + e.getMessage());
    }
  }
}
