package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/**
 * {@code GET /wuzhen/me/}: who the caller is to the community, what a client needs to write objects
 * in its member's name.
 *
 * @param identityRef the member's STIX identity id
 * @param charterMember whether the charter in force lists the member
 * @param charterVersion the charter in force, when the caller may read the governance collection
 * @param governanceCollection where proposals and votes are published, when the caller may read it
 *     (a collection the caller may not read is never named to it)
 */
public record CallerView(
    String user,
    String member,
    String identityRef,
    boolean charterMember,
    Optional<Integer> charterVersion,
    Optional<String> governanceCollection) {
  public CallerView {
    requireNonNull(user, "user");
    requireNonNull(member, "member");
    requireNonNull(identityRef, "identityRef");
    requireNonNull(charterVersion, "charterVersion");
    requireNonNull(governanceCollection, "governanceCollection");
  }

  public JsonObject toJson() {
    JsonObject.Builder b =
        JsonObject.builder()
            .put("user", user)
            .put("member", member)
            .put("identity_ref", identityRef)
            .put("charter_member", charterMember);
    charterVersion.ifPresent(v -> b.put("charter_version", v));
    governanceCollection.ifPresent(c -> b.put("governance_collection", c));
    return b.build();
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
        f.optionalIntValue("charter_version"),
        f.optionalString("governance_collection"));
  }
}
