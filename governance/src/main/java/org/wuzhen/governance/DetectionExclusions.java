package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * {@code GET /wuzhen/detection/exclusions/?collection=ID}: the indicators of a collection that
 * detection must leave out now under the charter, each with its reason.
 */
public record DetectionExclusions(String collection, List<Exclusion> excluded) {
  /** One excluded indicator and why (disputed, decayed, expired). */
  public record Exclusion(String id, String reason) {
    public Exclusion {
      requireNonNull(id, "id");
      requireNonNull(reason, "reason");
    }
  }

  public DetectionExclusions {
    requireNonNull(collection, "collection");
    excluded = List.copyOf(excluded);
  }

  /** The ids of the excluded indicators. */
  public List<String> ids() {
    return excluded.stream().map(Exclusion::id).toList();
  }

  public JsonObject toJson() {
    List<JsonValue> out = new ArrayList<>();
    for (Exclusion e : excluded) {
      out.add(JsonObject.builder().put("id", e.id()).put("reason", e.reason()).build());
    }
    return JsonObject.builder()
        .put("collection", collection)
        .put("excluded", new JsonArray(out))
        .build();
  }

  /**
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  public static DetectionExclusions fromJson(JsonValue json) {
    JsonFields f = JsonFields.of(json, "");
    List<Exclusion> out = new ArrayList<>();
    for (JsonFields e : f.objects("excluded")) {
      out.add(new Exclusion(e.string("id"), e.string("reason")));
    }
    return new DetectionExclusions(f.string("collection"), out);
  }
}
