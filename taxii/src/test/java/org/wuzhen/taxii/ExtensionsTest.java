package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.LogLeaf;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.Stores;

/**
 * The extension points modules above TAXII use: a read filter hides objects on every content
 * endpoint, a write check refuses single objects of a POST, and extension routes answer beside
 * TAXII with their own media type and the same authentication.
 */
class ExtensionsTest extends TaxiiFixture {
  @Override
  protected Store openStore() {
    return Stores.open(new StoreConfig.Sqlite(tempDir));
  }

  @Override
  NodeExtension extension() {
    return server ->
        server
            // beta's users never see objects whose text says "x_secret"
            .readFilter(
                (caller, collection, object) ->
                    !(caller.member().equals(beta)
                        && object.json().orElseThrow().contains("x_secret")))
            .writeCheck(
                (caller, collection, object) ->
                    object.json().string("name").filter("forbidden"::equals).isPresent()
                        ? Optional.of("the community does not accept objects named forbidden")
                        : Optional.empty())
            .route(
                ExtensionRoute.get(
                    "/wuzhen/echo/{word}/",
                    r ->
                        ExtensionReply.json(
                            200,
                            JsonObject.builder()
                                .put("word", r.pathParam("word"))
                                .put("member", r.caller().orElseThrow().member())
                                .build())))
            .route(
                ExtensionRoute.post(
                    "/wuzhen/echo/",
                    r -> {
                      if (r.body().length == 0) {
                        throw ExtensionException.badRequest("body: empty");
                      }
                      return ExtensionReply.text(201, new String(r.body(), StandardCharsets.UTF_8));
                    }))
            .route(
                ExtensionRoute.publicGet(
                    "/wuzhen/hello/",
                    r -> ExtensionReply.text(200, "hello " + r.caller().isPresent())))
            // What a route reads through the caller's reader: ids of a collection, then leaves.
            .route(ExtensionRoute.get("/wuzhen/read/{collection}/", ExtensionsTest::ids))
            .route(
                ExtensionRoute.publicGet("/wuzhen/read-public/{collection}/", ExtensionsTest::ids))
            .route(ExtensionRoute.get("/wuzhen/leaves/", ExtensionsTest::leaves))
            .route(ExtensionRoute.get("/wuzhen/search/", ExtensionsTest::search))
            // A file route (as MISP fetches feeds): the request's headers, an ETag, a 304.
            .route(
                ExtensionRoute.get(
                    "/misp/files/{file}",
                    r ->
                        r.header("if-none-match").filter("\"v1\""::equals).isPresent()
                            ? new ExtensionReply(304, ExtensionReply.JSON, new byte[0])
                                .withHeader("ETag", "\"v1\"")
                            : ExtensionReply.text(200, "file " + r.pathParam("file"))
                                .withHeader("ETag", "\"v1\"")))
            // A console's shape: the root redirects, a form logs in with the API's passwords.
            .route(
                ExtensionRoute.publicGet(
                    "/",
                    r ->
                        new ExtensionReply(
                            303, "text/plain", new byte[0], Map.of("Location", "/ui/"))))
            .route(ExtensionRoute.publicPost("/ui/login/{collection}/", ExtensionsTest::login))
            .route(ExtensionRoute.publicPost("/ui/add/{collection}/", ExtensionsTest::addAs));
  }

  /** Body "user\npassword\nobject JSON": adds the object as that user; answers the failures. */
  private static ExtensionReply addAs(ExtensionRequest r) {
    String[] form = new String(r.body(), StandardCharsets.UTF_8).split("\n", 3);
    ConsoleLogins.Login login = r.logins().logIn(form[0], form[1], r.clientAddress());
    org.wuzhen.store.StatusRecord status =
        r.logins()
            .add(
                login,
                CollectionId.parse(r.pathParam("collection")),
                List.of(org.wuzhen.stix.StixObject.parse(form[2])));
    return ExtensionReply.text(
        200,
        "stored="
            + status.successes().size()
            + " refused="
            + status.failures().stream().map(f -> f.message().orElse("")).toList());
  }

  /** Body "user\npassword": logs in, then reads the collection as that user. */
  private static ExtensionReply login(ExtensionRequest r) {
    String[] form = new String(r.body(), StandardCharsets.UTF_8).split("\n", 2);
    ConsoleLogins.Login login = r.logins().logIn(form[0], form[1], r.clientAddress());
    ExtensionReply read = ids(r.logins().as(login, r));
    return new ExtensionReply(
        200,
        read.contentType(),
        read.body(),
        Map.of("X-Asked", r.header("X-ASKED").orElse("-") + " secure=" + r.secure()));
  }

  private static ExtensionReply ids(ExtensionRequest r) {
    CollectionId c = CollectionId.parse(r.pathParam("collection"));
    List<String> ids =
        r.reader().query(c, ObjectQuery.latest(100)).objects().stream()
            .map(StoredObject::id)
            .toList();
    return ExtensionReply.text(200, String.join(",", ids) + ";readable=" + r.mayRead(c));
  }

  /** Full-text hits of ?q= in the collections ?in= names (comma-separated), as ids. */
  private static ExtensionReply search(ExtensionRequest r) {
    List<CollectionId> in =
        java.util.Arrays.stream(r.queryParam("in").orElseThrow().split(","))
            .map(CollectionId::parse)
            .toList();
    var hits =
        r.reader().search(in, org.wuzhen.store.TextQuery.of(r.queryParam("q").orElseThrow(), 50));
    return ExtensionReply.text(
        200, String.join(",", hits.hits().stream().map(h -> h.object().id()).toList()));
  }

  /** Each leaf as index=record or index=hash. */
  private static ExtensionReply leaves(ExtensionRequest r) {
    long size = Long.parseLong(r.queryParam("size").orElseThrow());
    StringBuilder out = new StringBuilder();
    for (LeafView v : r.reader().logLeaves(0, size)) {
      out.append(v.index())
          .append('=')
          .append(
              switch (v) {
                case LeafView.Shown shown -> shown.leaf().record();
                case LeafView.Hidden hidden -> hidden.leafHash().hex();
              })
          .append('\n');
    }
    return ExtensionReply.text(200, out.toString());
  }

  private CollectionId shared() {
    return collection("member:" + acme, true, true, "member:" + beta, true, false);
  }

  private static String secret(String id) {
    return """
        {"type":"indicator","spec_version":"2.1","id":"%s","created":"2020-01-01T00:00:00.000Z",\
        "modified":"2020-01-01T00:00:00.000Z","name":"internal","pattern":"[ipv4-addr:value = '10.0.0.1']",\
        "pattern_type":"stix","valid_from":"2020-01-01T00:00:00Z","x_secret":true}"""
        .formatted(id);
  }

  @Test
  void aReadFilterHidesObjectsOnEveryContentEndpoint() {
    CollectionId c = shared();
    String open = newId("indicator");
    String hidden = newId("indicator");
    asAlice
        .post(objects(c), envelope(indicator(open, "2020-02-02T00:00:00.000Z"), secret(hidden)))
        .expect(202);

    assertThat(asAlice.get(objects(c)).expect(200).body()).contains(open, hidden);
    String carolSees = asCarol.get(objects(c)).expect(200).body();
    assertThat(carolSees).contains(open).doesNotContain(hidden);
    assertThat(asCarol.get("api1/collections/" + c + "/manifest/").expect(200).body())
        .contains(open)
        .doesNotContain(hidden);
    asCarol.get(objects(c) + hidden + "/").expectError(404, hidden);
    asCarol.get(objects(c) + hidden + "/versions/").expectError(404, hidden);
    assertThat(asAlice.get(objects(c) + hidden + "/versions/").expect(200).body())
        .contains("2020-01-01T00:00:00.000Z");
  }

  @Test
  void aRouteReadsThroughTheCallersReaderExactlyWhatTaxiiShows() {
    CollectionId c = shared();
    CollectionId acmeOnly = acmeCollection();
    String open = newId("indicator");
    String hidden = newId("indicator");
    asAlice
        .post(objects(c), envelope(indicator(open, "2020-02-02T00:00:00.000Z"), secret(hidden)))
        .expect(202);
    String mine = newId("indicator");
    asAlice
        .post(objects(acmeOnly), envelope(indicator(mine, "2020-02-02T00:00:00.000Z")))
        .expect(202);

    assertThat(asAlice.get("wuzhen/read/" + c + "/").status(200).body())
        .contains(open, hidden, "readable=true");
    assertThat(asCarol.get("wuzhen/read/" + c + "/").status(200).body())
        .contains(open, "readable=true")
        .doesNotContain(hidden);
    assertThat(asCarol.get("wuzhen/read/" + acmeOnly + "/").status(200).body())
        .isEqualTo(";readable=false");
    assertThat(anonymous.get("wuzhen/read-public/" + c + "/").status(200).body())
        .isEqualTo(";readable=false");
  }

  @Test
  void fullTextSearchThroughTheCallersReaderShowsOnlyWhatTaxiiShows() {
    CollectionId c = shared();
    CollectionId acmeOnly = acmeCollection();
    String open = newId("indicator");
    String hidden = newId("indicator");
    String mine = newId("indicator");
    asAlice
        .post(objects(c), envelope(indicator(open, "2020-02-02T00:00:00.000Z"), secret(hidden)))
        .expect(202);
    asAlice
        .post(objects(acmeOnly), envelope(indicator(mine, "2020-02-02T00:00:00.000Z")))
        .expect(202);
    String in = "&in=" + c + "," + acmeOnly;

    assertThat(asAlice.get("wuzhen/search/?q=bad" + in).status(200).body())
        .isEqualTo(mine + "," + open);
    assertThat(asAlice.get("wuzhen/search/?q=internal" + in).status(200).body()).isEqualTo(hidden);
    // Carol may not read acmeOnly, and the read filter withholds the secret from her.
    assertThat(asCarol.get("wuzhen/search/?q=bad" + in).status(200).body()).isEqualTo(open);
    assertThat(asCarol.get("wuzhen/search/?q=internal" + in).status(200).body()).isEmpty();
  }

  @Test
  void logLeavesShowTheirRecordsOnlyToWhoMayReadWhatTheyAreAbout() {
    CollectionId acmeOnly = acmeCollection();
    String mine = newId("indicator");
    asAlice
        .post(objects(acmeOnly), envelope(indicator(mine, "2020-02-02T00:00:00.000Z")))
        .expect(202);
    String size = Long.toString(store.logSize());
    String alicesView = asAlice.get("wuzhen/leaves/?size=" + size).status(200).body();
    String carolsView = asCarol.get("wuzhen/leaves/?size=" + size).status(200).body();
    assertThat(alicesView)
        .contains(mine)
        .contains("\"name\":\"" + acme + "\"")
        .contains("\"name\":\"" + alice + "\"")
        .contains("member:" + acme)
        .doesNotContain("\"name\":\"" + carol + "\"");
    assertThat(carolsView)
        .doesNotContain(mine)
        .doesNotContain(acmeOnly.toString())
        .doesNotContain(alice)
        .contains("\"name\":\"" + carol + "\"");
    // Both see every leaf, the same hashes where they are hidden: one tree for every caller.
    List<String> aliceLines = alicesView.lines().toList();
    List<String> carolLines = carolsView.lines().toList();
    assertThat(carolLines).hasSameSizeAs(aliceLines);
    List<LogLeaf> leaves = store.logLeaves(0, Long.parseLong(size));
    for (int i = 0; i < leaves.size(); i++) {
      for (String line : List.of(aliceLines.get(i), carolLines.get(i))) {
        assertThat(line)
            .isIn(i + "=" + leaves.get(i).record(), i + "=" + leaves.get(i).leafHash().hex());
      }
    }
  }

  @Test
  void aWriteCheckRefusesOnlyTheObjectsItNames() {
    CollectionId c = shared();
    String fine = newId("malware");
    String refused = newId("malware");
    String forbidden =
        malware(refused, acmeIdentity)
            .replaceFirst("\"name\":\"[^\"]*\"", "\"name\":\"forbidden\"");
    assertThat(forbidden).contains("\"forbidden\"");
    JsonObject status =
        asAlice
            .post(objects(c), envelope(malware(fine, acmeIdentity), forbidden))
            .expect(202)
            .json();
    assertThat(AddObjectsContract.counts(status)).containsExactly(2, 1, 1, 0);
    List<JsonObject> failures = AddObjectsContract.detailList(status, "failures");
    assertThat(failures.getFirst().string("id")).hasValue(refused);
    assertThat(failures.getFirst().string("message").orElseThrow())
        .isEqualTo("the community does not accept objects named forbidden");
    asAlice.get(objects(c) + refused + "/").expectError(404, refused);
  }

  @Test
  void extensionRoutesAnswerWithTheirOwnMediaTypeAndTheSameAuthentication() {
    Http.Result echo = asCarol.get("wuzhen/echo/ping/", "Accept", "application/json").status(200);
    assertThat(echo.response().headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(echo.json().string("word")).hasValue("ping");
    assertThat(echo.json().string("member")).hasValue(beta);

    anonymous.get("wuzhen/echo/ping/").expectError(401, "");
    assertThat(anonymous.get("wuzhen/hello/").status(200).body()).isEqualTo("hello false");
    assertThat(
            asAlice
                .post("wuzhen/echo/", "some text", "Content-Type", "text/plain")
                .status(201)
                .body())
        .isEqualTo("some text");
    // Refusals of extension routes are TAXII error resources in the TAXII media type.
    asAlice.post("wuzhen/echo/", "", "Content-Type", "text/plain").expectError(400, "body: empty");
    asAlice.send("DELETE", "wuzhen/echo/").expectError(405, "allowed: POST");
    anonymous.get("wuzhen/nothing/here/").expectError(404, "no TAXII resource");
  }

  @Test
  void consoleRoutesLogInWithTheApisPasswordsAndReadAsTheUser() {
    CollectionId c = shared();
    String open = newId("indicator");
    String hidden = newId("indicator");
    asAlice
        .post(objects(c), envelope(indicator(open, "2020-02-02T00:00:00.000Z"), secret(hidden)))
        .expect(202);

    Http.Result root = anonymous.get("").status(303);
    assertThat(root.response().headers().firstValue("Location")).hasValue("/ui/");
    Http.Result carols =
        anonymous
            .post("ui/login/" + c + "/", carol + "\n" + PASSWORD, "X-Asked", "yes")
            .status(200);
    assertThat(carols.body()).contains(open, "readable=true").doesNotContain(hidden);
    assertThat(carols.response().headers().firstValue("X-Asked")).hasValue("yes secure=false");
    anonymous
        .post("ui/login/" + c + "/", carol + "\nwrong password")
        .expectError(401, "unknown user or wrong password");
    anonymous
        .post("ui/login/" + c + "/", "nobody:at-all\n" + PASSWORD)
        .expectError(401, "unknown user or wrong password");
  }

  @Test
  void extensionRoutesLiveOnlyUnderTheirPrefixes() {
    ExtensionRoute.Endpoint nothing = r -> ExtensionReply.text(200, "");
    for (String wrong : List.of("/taxii2/", "/api1/x/", "/ui", "/wuzhen", "")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> ExtensionRoute.publicGet(wrong, nothing))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'/wuzhen/' or '/ui/'");
    }
  }

  @Test
  void fileRoutesUnderMispMatchWithoutTheTrailingSlashAndSeeRequestHeaders() {
    Http.Result file = asAlice.get("misp/files/manifest.json", "Accept", "*/*").status(200);
    assertThat(file.body()).isEqualTo("file manifest.json");
    assertThat(file.header("ETag")).hasValue("\"v1\"");
    Http.Result again =
        asAlice.get("misp/files/manifest.json", "Accept", "*/*", "If-None-Match", "\"v1\"");
    assertThat(again.response().statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    anonymous.get("misp/files/manifest.json").expectError(401, "");
    asAlice.get("misp/files/manifest.json/").expectError(404, "");
    assertThatThrownBy(() -> ExtensionRoute.get("/elsewhere/{file}", r -> null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void consoleWritesGoThroughTheTaxiiAddPathAsTheLoggedInUser() {
    CollectionId c = shared();
    String fine = newId("malware");
    String refused = newId("malware");
    String forbidden =
        malware(refused, acmeIdentity)
            .replaceFirst("\"name\":\"[^\"]*\"", "\"name\":\"forbidden\"");
    assertThat(
            anonymous
                .post(
                    "ui/add/" + c + "/",
                    alice + "\n" + PASSWORD + "\n" + malware(fine, acmeIdentity))
                .status(200)
                .body())
        .isEqualTo("stored=1 refused=[]");
    assertThat(asAlice.get(objects(c) + fine + "/").expect(200).body()).contains(fine);
    assertThat(
            anonymous
                .post("ui/add/" + c + "/", alice + "\n" + PASSWORD + "\n" + forbidden)
                .status(200)
                .body())
        .isEqualTo("stored=0 refused=[the community does not accept objects named forbidden]");
    // carol's member may read the shared collection but not write to it
    anonymous
        .post(
            "ui/add/" + c + "/",
            carol + "\n" + PASSWORD + "\n" + malware(newId("malware"), acmeIdentity))
        .expectError(403, "may not write to collection");
  }
}
