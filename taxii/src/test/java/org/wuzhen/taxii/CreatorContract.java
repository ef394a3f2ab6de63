package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.store.CollectionId;

/**
 * Only an object's creator versions, revokes or deletes it (STIX 2.1 §3.6; docs/taxii.md, "Who may
 * version an object"), attacked by another member's writer over HTTP on loopback.
 */
abstract class CreatorContract extends TaxiiFixture {
  private static final String V1 = "2021-01-01T00:00:00.000Z";
  private static final String V2 = "2022-02-02T00:00:00.000Z";

  String dave = "dave-" + suffix; // a node administrator of beta
  Http asDave;

  @BeforeAll
  void addAdministrator() {
    node.admin(dave, beta);
    asDave = anonymous.as(Http.basic(dave, PASSWORD));
  }

  /** A collection both members may read and write. */
  private CollectionId shared() {
    return collection("member:" + acme, true, true, "member:" + beta, true, true);
  }

  private static String malwareVersion(String id, String modified, String extra) {
    return """
        {"type":"malware","spec_version":"2.1","id":"%s",%s\
        "created":"2021-01-01T00:00:00.000Z","modified":"%s","name":"Poison Ivy","is_family":true}"""
        .formatted(id, extra, modified);
  }

  private String createdBy(String identity) {
    return "\"created_by_ref\":\"" + identity + "\",";
  }

  /** Acme's object in a shared collection, first version V1. */
  private String acmeObject(CollectionId c) {
    String id = newId("malware");
    JsonObject status =
        asAlice
            .post(objects(c), envelope(malwareVersion(id, V1, createdBy(acmeIdentity))))
            .expect(202)
            .json();
    assertThat(AddObjectsContract.counts(status)).containsExactly(1, 1, 0, 0);
    return id;
  }

  private String onlyFailure(JsonObject status) {
    assertThat(AddObjectsContract.counts(status)).containsExactly(1, 0, 1, 0);
    return ((JsonObject) status.array("failures").orElseThrow().get(0))
        .string("message")
        .orElseThrow();
  }

  private String latestModified(CollectionId c, String id) {
    return asAlice.get(objects(c) + id + "/").objects().getFirst().string("modified").orElseThrow();
  }

  @Test
  void anotherMembersNewVersionWithoutCreatedByRefIsRefusedNamingObjectCreatorAndRule() {
    CollectionId c = shared();
    String id = acmeObject(c);
    JsonObject status =
        asCarol.post(objects(c), envelope(malwareVersion(id, V2, ""))).expect(202).json();
    assertThat(onlyFailure(status))
        .contains(id)
        .contains("member " + acme)
        .contains("only an object's creator may create new versions of it");
    assertThat(latestModified(c, id)).isEqualTo(V1);
  }

  @Test
  void anotherMembersNewVersionUnderItsOwnIdentityIsRefused() {
    CollectionId c = shared();
    String id = acmeObject(c);
    JsonObject status =
        asCarol
            .post(objects(c), envelope(malwareVersion(id, V2, createdBy(betaIdentity))))
            .expect(202)
            .json();
    assertThat(onlyFailure(status)).contains(id).contains("member " + acme);
    assertThat(latestModified(c, id)).isEqualTo(V1);
  }

  @Test
  void anotherMembersNewVersionUnderTheVictimsIdentityIsRefused() {
    CollectionId c = shared();
    String id = acmeObject(c);
    JsonObject status =
        asCarol
            .post(objects(c), envelope(malwareVersion(id, V2, createdBy(acmeIdentity))))
            .expect(202)
            .json();
    assertThat(onlyFailure(status)).contains("is not your identity");
    // Spelled in upper case it is not a different identity: the id rule refuses it.
    String shouted = "identity--" + acmeIdentity.substring(10).toUpperCase(Locale.ROOT);
    JsonObject again =
        asCarol
            .post(objects(c), envelope(malwareVersion(id, V2, createdBy(shouted))))
            .expect(202)
            .json();
    assertThat(onlyFailure(again)).contains("upper-case hex digits");
    assertThat(latestModified(c, id)).isEqualTo(V1);
  }

  @Test
  void anotherMemberCannotRevokeTheObject() {
    CollectionId c = shared();
    String id = acmeObject(c);
    JsonObject status =
        asCarol
            .post(objects(c), envelope(malwareVersion(id, V2, "\"revoked\":true,")))
            .expect(202)
            .json();
    assertThat(onlyFailure(status))
        .contains(id)
        .contains("member " + acme)
        .contains("only an object's creator may revoke it");
    assertThat(asAlice.get(objects(c) + id + "/").body()).doesNotContain("revoked");
  }

  @Test
  void theCreatorsOwnNewVersionAndRevocationAreAccepted() {
    CollectionId c = shared();
    String id = acmeObject(c);
    // Another user of the same member is the same creator.
    JsonObject status =
        asBob.post(objects(c), envelope(malwareVersion(id, V2, ""))).expect(202).json();
    assertThat(AddObjectsContract.counts(status)).containsExactly(1, 1, 0, 0);
    assertThat(latestModified(c, id)).isEqualTo(V2);
    String v3 = "2023-03-03T00:00:00.000Z";
    assertThat(
            AddObjectsContract.counts(
                asAlice
                    .post(objects(c), envelope(malwareVersion(id, v3, "\"revoked\":true,")))
                    .expect(202)
                    .json()))
        .containsExactly(1, 1, 0, 0);
  }

  @Test
  void theCreatorHoldsInEveryCollection() {
    CollectionId c = shared();
    String id = acmeObject(c);
    CollectionId betas = collection("member:" + beta, true, true);
    JsonObject status =
        asCarol.post(objects(betas), envelope(malwareVersion(id, V2, ""))).expect(202).json();
    assertThat(onlyFailure(status)).contains("member " + acme);
  }

  @Test
  void anotherMembersDeleteIsForbiddenAndAnAdministratorsIsAllowed() {
    CollectionId c = shared();
    String id = acmeObject(c);
    asCarol
        .delete(objects(c) + id + "/")
        .expectError(403, "it was created by member " + acme)
        .expectError(403, "only an object's creator or a node administrator may delete it");
    assertThat(asAlice.get(objects(c) + id + "/").objects()).hasSize(1);

    asDave.delete(objects(c) + id + "/").expect(200);
    asAlice.get(objects(c) + id + "/").expect(404);
  }

  @Test
  void theCreatorDeletesItsOwnObject() {
    CollectionId c = shared();
    String id = acmeObject(c);
    asBob.delete(objects(c) + id + "/").expect(200);
    asAlice.get(objects(c) + id + "/").expect(404);
  }

  @Test
  void anUpperCaseIdIsRefusedOnItsOwnNamingTheLowerCaseSpelling() {
    CollectionId c = shared();
    String lower = newId("indicator");
    String upper = "indicator--" + lower.substring(11).toUpperCase(Locale.ROOT);
    String fine = newId("indicator");
    JsonObject status =
        asAlice
            .post(objects(c), envelope(indicator(upper, V1), indicator(fine, V1)))
            .expect(202)
            .json();
    assertThat(AddObjectsContract.counts(status)).containsExactly(2, 1, 1, 0);
    JsonObject failure = (JsonObject) status.array("failures").orElseThrow().get(0);
    assertThat(failure.string("id")).hasValue(upper);
    assertThat(failure.string("message").orElseThrow())
        .contains("upper-case hex digits")
        .contains("'" + lower + "'");
    assertThat(asAlice.get(objects(c) + "?limit=10").ids()).containsExactly(fine);
  }
}
