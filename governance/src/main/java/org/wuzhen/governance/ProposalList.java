package org.wuzhen.governance;

import java.util.ArrayList;
import java.util.List;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/** {@code GET /wuzhen/proposals/}: every proposal of the community, oldest first. */
public record ProposalList(List<ProposalSummary> proposals) {
  public ProposalList {
    proposals = List.copyOf(proposals);
  }

  public JsonObject toJson() {
    return JsonObject.builder()
        .put(
            "proposals",
            new JsonArray(proposals.stream().<JsonValue>map(ProposalSummary::toJson).toList()))
        .build();
  }

  /**
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  public static ProposalList fromJson(JsonValue json) {
    List<ProposalSummary> out = new ArrayList<>();
    for (JsonFields p : JsonFields.of(json, "").objects("proposals")) {
      out.add(ProposalSummary.read(p));
    }
    return new ProposalList(out);
  }
}
