package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;

/**
 * {@code GET /wuzhen/charter/}: one version of the charter as the STIX object that carries it, in
 * which collection, and the latest version. The charter's properties are also written at the top
 * level for people reading the JSON; they are the object's, so a reader takes them from there.
 */
public record CharterView(String collection, int latestVersion, StixObject object) {
  public CharterView {
    requireNonNull(collection, "collection");
    requireNonNull(object, "object");
  }

  /** The charter the object carries. */
  public Charter charter() {
    return GovernanceStix.charter(object);
  }

  public JsonObject toJson() {
    JsonObject data =
        object
            .json()
            .object("extensions")
            .orElseThrow()
            .object(GovernanceStix.EXTENSION_ID)
            .orElseThrow()
            .without("extension_type");
    return data.with("id", new JsonString(object.id().toString()))
        .with("collection", new JsonString(collection))
        .with("latest_version", JsonNumber.of(latestVersion))
        .with("object", object.json());
  }

  /**
   * @throws IllegalArgumentException naming the missing or mistyped member, or what makes the
   *     object no charter
   */
  public static CharterView fromJson(JsonValue json) {
    JsonFields f = JsonFields.of(json, "");
    StixObject object = StixObject.from(f.object("object").json());
    try {
      GovernanceStix.charter(object);
    } catch (GovernanceException e) {
      throw f.invalid("object", e.getMessage());
    }
    return new CharterView(f.string("collection"), f.intValue("latest_version"), object);
  }
}
