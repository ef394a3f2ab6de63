package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.store.CollectionId;

/** Discovery, API roots, collections, routing, content negotiation and authentication. */
abstract class ResourcesContract extends TaxiiFixture {

  @Test
  void discoveryIsPublicAndListsAbsoluteApiRootUrls() {
    JsonObject d = anonymous.get("taxii2/").expect(200).json();
    String base = node.uri().toString();
    assertThat(d.string("title")).hasValue("Wuzhen test node");
    assertThat(d.string("contact")).hasValue("cert@example.org");
    assertThat(d.string("default")).hasValue(base + "api1/");
    assertThat(d.strings("api_roots")).containsExactly(base + "api1/", base + "api2/");
  }

  @Test
  void apiRootAnnouncesTaxii21AndItsMaxContentLength() {
    JsonObject r = asAlice.get("api1/").expect(200).json();
    assertThat(r.string("title")).hasValue("Main root");
    assertThat(r.strings("versions")).containsExactly(Http.TAXII);
    assertThat(org.wuzhen.stix.Json.write(r.get("max_content_length").orElseThrow()))
        .isEqualTo("65536");
  }

  @Test
  void unknownApiRootIsNotFound() {
    asAlice.get("nope/").expectError(404, "no API root 'nope'");
    asAlice.get("nope/collections/").expectError(404, "no API root 'nope'");
  }

  @Test
  void pathWithoutTrailingSlashIsNotFoundAndSaysSo() {
    asAlice.get("api1").expectError(404, "trailing slash; use '/api1/'");
    anonymous.get("taxii2").expectError(404, "TAXII paths end in '/'");
  }

  @Test
  void unknownPathIsNotFoundAndWrongMethodIsRefused() {
    asAlice.get("api1/whatever/").expectError(404, "no TAXII resource at '/api1/whatever/'");
    asAlice
        .send("PUT", "api1/collections/")
        .expectError(405, "PUT is not allowed")
        .header("Allow")
        .ifPresentOrElse(a -> assertThat(a).isEqualTo("GET"), () -> assertThat(false).isTrue());
  }

  @Test
  void collectionsListsOnlyWhatTheCallerMayReadOrWriteWithItsRights() {
    CollectionId readWrite = collection("member:" + acme, true, true);
    CollectionId readOnly = collection("member:" + acme, true, false);
    CollectionId writeOnly = collection("user:" + alice, false, true);
    CollectionId hidden = collection("member:" + beta, true, true);
    List<JsonObject> listed = asAlice.get("api1/collections/").expect(200).list("collections");
    List<String> ids = listed.stream().map(c -> c.string("id").orElseThrow()).toList();
    assertThat(ids)
        .contains(readWrite.toString(), readOnly.toString(), writeOnly.toString())
        .doesNotContain(hidden.toString());
    JsonObject ro = asAlice.get("api1/collections/" + readOnly + "/").expect(200).json();
    assertThat(ro.toString()).contains("\"can_read\":true,\"can_write\":false");
    assertThat(ro.strings("media_types")).containsExactly("application/stix+json;version=2.1");
    JsonObject wo = asAlice.get("api1/collections/" + writeOnly + "/").expect(200).json();
    assertThat(wo.toString()).contains("\"can_read\":false,\"can_write\":true");
    asAlice.get("api1/collections/" + hidden + "/").expectError(404, "no collection");
    asAlice.get("api1/collections/not-a-uuid/").expectError(404, "no collection 'not-a-uuid'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/taxii+json;version=2.1",
        "application/taxii+json",
        "Application/TAXII+JSON; version=\"2.1\"",
        "*/*",
        "application/*",
        "text/html, application/taxii+json;version=2.1;q=0.5"
      })
  void acceptsTaxii21MediaRanges(String accept) {
    asAlice.get("api1/", "Accept", accept).expect(200);
  }

  @Test
  void noAcceptHeaderIsFine() {
    // java.net.http always sends an Accept unless told; an empty one counts as absent.
    asAlice.get("api1/", "Accept", "").expect(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "application/taxii+json;version=2.0",
        "application/stix+json;version=2.1",
        "application/taxii+json;version=2.1;q=0"
      })
  void refusesOtherMediaTypesWith406(String accept) {
    asAlice.get("api1/", "Accept", accept).expectError(406, "Accept '" + accept + "'");
  }

  @Test
  void missingCredentialsAre401WithBothChallenges() {
    Http.Result r = anonymous.get("api1/").expectError(401, "authentication required");
    assertThat(r.header("WWW-Authenticate"))
        .hasValue("Basic realm=\"wuzhen\", Bearer realm=\"wuzhen\"");
  }

  @Test
  void wrongPasswordUnknownUserAndMalformedCredentialsAre401() {
    anonymous.as(Http.basic(alice, "wrong")).get("api1/").expectError(401, "wrong password");
    anonymous.as(Http.basic("nobody", PASSWORD)).get("api1/").expectError(401, "wrong password");
    anonymous.as("Basic !!!").get("api1/").expectError(401, "not valid base64");
    anonymous.as("Digest abc").get("api1/").expectError(401, "scheme 'digest'");
  }

  @Test
  void basicLoginIsRememberedButAWrongPasswordStillFails() {
    asAlice.get("api1/").expect(200);
    asAlice.get("api1/").expect(200);
    anonymous.as(Http.basic(alice, PASSWORD + "x")).get("api1/").expect(401);
  }

  @Test
  void bearerTokensAuthenticateAndRevokedOrUnknownOnesDoNot() {
    anonymous.as("Bearer " + aliceToken).get("api1/collections/").expect(200);
    anonymous.as("Bearer " + revokedToken).get("api1/").expectError(401, "was revoked");
    anonymous.as("Bearer " + Tokens.generate()).get("api1/").expectError(401, "unknown API token");
  }

  @Test
  void errorsJettyRaisesItselfAreTaxiiErrorResourcesToo() {
    // An encoded '/' inside a segment is ambiguous; Jetty refuses it before any handler runs.
    Http.Result r = asAlice.get("api1/collections/a%2Fb/");
    assertThat(r.status()).isEqualTo(400);
    r.expectError(400, "HTTP 400");
  }

  @Test
  void everyErrorIsATaxiiErrorResource() {
    // 404 for an unknown status, 400 for a bad parameter: body and media type checked by expect.
    asAlice.get("api1/status/" + java.util.UUID.randomUUID() + "/").expectError(404, "no status");
    CollectionId c = acmeCollection();
    asAlice.get(objects(c) + "?limit=x").expectError(400, "limit");
  }
}
