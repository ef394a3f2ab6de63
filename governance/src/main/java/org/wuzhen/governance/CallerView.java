package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * {@code GET /wuzhen/me/}: who the caller is to the community, what a client needs to write objects
 * in its member's name.
 *
 * @param identityRef the member's STIX identity id
 * @param charterMember whether the charter in force lists the member
 * @param governanceCollection where proposals and votes are published
 */
public record CallerView(
    String user,
    String member,
    String identityRef,
    boolean charterMember,
    int charterVersion,
    String governanceCollection) {
  public CallerView {
    requireNonNull(user, "user");
    requireNonNull(member, "member");
    requireNonNull(identityRef, "identityRef");
    requireNonNull(governanceCollection, "governanceCollection");
  }

  public JsonObject toJson() {
    return JsonObject.builder()
        .put("user", user)
        .put("member", member)
        .put("identity_ref", identityRef)
        .put("charter_member", charterMember)
        .put("charter_version", charterVersion)
        .put("governance_collection", governanceCollection)
        .build();
  }

  /**
   * @throws IllegalArgumentException naming the missing or mistyped member
   */
  public static CallerView fromJson(JsonValue json) {
    JsonFields f = JsonFields.of(json, "");
    return new CallerView(
        f.string("user"),
        f.string("member"),
        f.string("identity_ref"),
        f.bool("charter_member"),
        f.intValue("charter_version"),
        f.string("governance_collection"));
  }
}
