package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.StatusRecord;

/** POST objects (§5.5), status resources (§4.3) and request body limits. */
abstract class AddObjectsContract extends TaxiiFixture {

  @Test
  void postStoresObjectsAndAnswers202WithACompleteStatus() {
    CollectionId c = acmeCollection();
    String id = newId("indicator");
    String sent = indicator(id, "2020-02-02T00:00:00.000Z");
    JsonObject status = asAlice.post(objects(c), envelope(sent)).expect(202).json();
    assertThat(status.string("status")).hasValue("complete");
    assertThat(counts(status)).containsExactly(1, 1, 0, 0);
    assertThat(status.string("request_timestamp").orElseThrow())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    JsonObject success = (JsonObject) status.array("successes").orElseThrow().get(0);
    assertThat(success.string("id")).hasValue(id);
    assertThat(success.string("version")).hasValue("2020-02-02T00:00:00.000Z");

    // Served as received, byte for byte (custom property, number text, order).
    assertThat(asAlice.get(objects(c)).expect(200).body()).contains(sent);
    String statusId = status.string("id").orElseThrow();
    JsonObject again = asBob.get("api1/status/" + statusId + "/").expect(200).json();
    assertThat(again).isEqualTo(status);
  }

  @Test
  void aPageMixingAsciiLatin1AndWiderCharactersIsServedByteForByte() {
    CollectionId c = acmeCollection();
    List<String> sent = new java.util.ArrayList<>();
    for (String name :
        List.of("plain ascii", "caf\u00e9 cr\u00e8me", "APT\u2019s \u4e2d\u6587 \ud83d\udee1")) {
      sent.add(
          indicator(newId("indicator"), "2020-02-02T00:00:00.000Z")
              .replace("\"bad address\"", "\"" + name + "\""));
    }
    asAlice.post(objects(c), envelope(sent.toArray(String[]::new))).expect(202);

    String body = asAlice.get(objects(c)).expect(200).body();

    assertThat(body).contains(sent);
    assertThat(Json.parse(body)).isInstanceOf(JsonObject.class);
  }

  @Test
  void statusIsNotFoundForOtherMembers() {
    CollectionId c = collection("member:" + acme, true, true, "member:" + beta, true, true);
    String statusId =
        asAlice
            .post(objects(c), envelope(indicator(newId("indicator"), "2020-02-02T00:00:00.000Z")))
            .expect(202)
            .json()
            .string("id")
            .orElseThrow();
    asCarol.get("api1/status/" + statusId + "/").expectError(404, "no status");
    asCarol.get("api1/status/not-a-status/").expectError(404, "no status");
  }

  @Test
  void statusIsKeptForTheRetentionPeriodOnly() {
    Signer signer = new Signer(KEY);
    Instant now = Instant.now();
    String fresh = signer.newStatusId(acme);
    String expired = signer.newStatusId(acme);
    store.saveStatus(
        new StatusRecord(fresh, now.minus(Duration.ofHours(23)), List.of(), List.of(), List.of()));
    store.saveStatus(
        new StatusRecord(
            expired, now.minus(Duration.ofHours(25)), List.of(), List.of(), List.of()));
    asAlice.get("api1/status/" + fresh + "/").expect(200);
    asAlice.get("api1/status/" + expired + "/").expectError(404, "no status");
  }

  @Test
  void rePostingADuplicateIsASuccess() {
    CollectionId c = acmeCollection();
    String body = envelope(indicator(newId("indicator"), "2020-02-02T00:00:00.000Z"));
    asAlice.post(objects(c), body).expect(202);
    JsonObject again = asAlice.post(objects(c), body).expect(202).json();
    assertThat(counts(again)).containsExactly(1, 1, 0, 0);
    assertThat(asAlice.get(objects(c)).expect(200).objects()).hasSize(1);
  }

  @Test
  void foreignCreatedByRefIsRefusedPerObject() {
    CollectionId c = acmeCollection();
    String own = newId("malware");
    String spoofed = newId("malware");
    String unattributed = newId("indicator");
    JsonObject status =
        asAlice
            .post(
                objects(c),
                envelope(
                    malware(own, acmeIdentity),
                    malware(spoofed, betaIdentity),
                    indicator(unattributed, "2020-02-02T00:00:00.000Z")))
            .expect(202)
            .json();
    assertThat(counts(status)).containsExactly(3, 2, 1, 0);
    JsonObject failure = (JsonObject) status.array("failures").orElseThrow().get(0);
    assertThat(failure.string("id")).hasValue(spoofed);
    assertThat(failure.string("message").orElseThrow())
        .isEqualTo(
            "not permitted: created_by_ref "
                + betaIdentity
                + " is not your identity ("
                + acmeIdentity
                + ")");
    assertThat(asAlice.get(objects(c) + "?limit=10").ids())
        .containsExactlyInAnyOrder(own, unattributed);
    // Stored as received: no created_by_ref was added.
    assertThat(asAlice.get(objects(c) + unattributed + "/").body())
        .doesNotContain("created_by_ref");
  }

  @Test
  void thirdPartyAuthorsThatAreNotMembersAreKept() {
    CollectionId c = acmeCollection();
    // MITRE is not a member of this community: republishing its objects keeps their author.
    String mitreIdentity = "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5";
    String republished = newId("malware");
    JsonObject status =
        asAlice.post(objects(c), envelope(malware(republished, mitreIdentity))).expect(202).json();
    assertThat(counts(status)).containsExactly(1, 1, 0, 0);
    assertThat(asAlice.get(objects(c) + republished + "/").body()).contains(mitreIdentity);
  }

  @Test
  void invalidPatternAndInvalidStixAreRefusedPerObjectWithTheFinding() {
    CollectionId c = acmeCollection();
    String badPattern = newId("indicator");
    String noName = newId("malware");
    String good = newId("indicator");
    String nameless = malware(noName, acmeIdentity).replace("\"name\":\"Poison Ivy\",", "");
    JsonObject status =
        asAlice
            .post(
                objects(c),
                envelope(
                    indicator(badPattern, "2020-02-02T00:00:00.000Z", "[ipv4-addr:value = "),
                    nameless,
                    indicator(good, "2020-02-02T00:00:00.000Z")))
            .expect(202)
            .json();
    assertThat(counts(status)).containsExactly(3, 1, 2, 0);
    List<JsonObject> failures = detailList(status, "failures");
    assertThat(failures.get(0).string("id")).hasValue(badPattern);
    assertThat(failures.get(0).string("message").orElseThrow())
        .startsWith("invalid STIX object " + badPattern + ": pattern: invalid STIX pattern: ");
    assertThat(failures.get(1).string("id")).hasValue(noName);
    assertThat(failures.get(1).string("message").orElseThrow())
        .startsWith("invalid STIX object " + noName + ": ")
        .contains("name");
    assertThat(asAlice.get(objects(c)).ids()).containsExactly(good);
  }

  @Test
  void anEmptyEnvelopeGivesAnEmptyCompleteStatus() {
    JsonObject status =
        asAlice.post(objects(acmeCollection()), "{\"objects\":[]}").expect(202).json();
    assertThat(counts(status)).containsExactly(0, 0, 0, 0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/stix+json;version=2.1",
        "application/taxii+json;version=2.0"
      })
  void otherBodyMediaTypesAre415(String type) {
    asAlice
        .post(objects(acmeCollection()), "{\"objects\":[]}", "Content-Type", type)
        .expectError(415, "Content-Type '" + type + "' is not supported");
  }

  @Test
  void unversionedTaxiiBodyIsAccepted() {
    asAlice
        .post(
            objects(acmeCollection()), "{\"objects\":[]}", "Content-Type", "application/taxii+json")
        .expect(202);
  }

  @Test
  void bodyOverMaxContentLengthIs413ByContentLengthAndWhileStreaming() {
    CollectionId c = acmeCollection();
    String big = "{\"objects\":[],\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
    asAlice.post(objects(c), big).expectError(413, "max_content_length of 65536 octets");
    asAlice
        .postStreamed(objects(c), () -> new ByteArrayInputStream(repeat(' ', 70 * 1024)))
        .expectError(413, "more than 65536 octets");
    // The other root has the 10 MiB default.
    asAlice.post("api2/collections/" + c + "/objects/", big).expect(202);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"objects\": [",
        "[]",
        "{\"type\":\"indicator\",\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\"}",
        "{\"objects\":{}}",
        "{\"objects\":[42]}",
        "{\"objects\":[{\"type\":\"indicator\"}]}"
      })
  void aBodyThatIsNotAnEnvelopeIs422(String body) {
    Http.Result r = asAlice.post(objects(acmeCollection()), body).expect(422);
    assertThat(r.json().string("description").orElseThrow())
        .containsAnyOf("not valid JSON", "envelope", "objects[0]");
  }

  @Test
  void writingNeedsWriteRightsAndReadOnlyCallersGet403() {
    CollectionId readOnly = collection("member:" + acme, true, false);
    asAlice
        .post(
            objects(readOnly), envelope(indicator(newId("indicator"), "2020-02-02T00:00:00.000Z")))
        .expectError(403, "may not write");
    CollectionId invisible = collection("member:" + beta, true, true);
    asAlice.post(objects(invisible), "{\"objects\":[]}").expectError(404, "no collection");
  }

  /** total, success, failure, pending counts; asserts they match the lists and add up. */
  static List<Integer> counts(JsonObject status) {
    int total = number(status, "total_count");
    int success = number(status, "success_count");
    int failure = number(status, "failure_count");
    int pending = number(status, "pending_count");
    assertThat(success + failure + pending).isEqualTo(total);
    assertThat(detailList(status, "successes")).hasSize(success);
    assertThat(detailList(status, "failures")).hasSize(failure);
    assertThat(detailList(status, "pendings")).hasSize(pending);
    return List.of(total, success, failure, pending);
  }

  static List<JsonObject> detailList(JsonObject status, String name) {
    return status
        .array(name)
        .map(a -> a.elements().stream().map(JsonObject.class::cast).toList())
        .orElse(List.of());
  }

  private static int number(JsonObject o, String name) {
    return Integer.parseInt(org.wuzhen.stix.Json.write(o.get(name).orElseThrow()));
  }
}
