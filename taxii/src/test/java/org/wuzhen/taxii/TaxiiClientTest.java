package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.ManifestPage;
import org.wuzhen.taxii.client.ObjectFilter;
import org.wuzhen.taxii.client.ObjectsPage;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.client.TaxiiClientException;
import org.wuzhen.taxii.client.TaxiiClientException.Kind;

/** The one TAXII client against the real server on loopback: every endpoint, read back typed. */
class TaxiiClientTest extends TaxiiFixture {
  @Override
  protected Store openStore() {
    return Stores.open(new StoreConfig.Sqlite(tempDir));
  }

  private TaxiiClient as(Credentials credentials) {
    return TaxiiClient.builder(node.uri()).credentials(credentials).build();
  }

  private TaxiiClient alice() {
    return as(Credentials.basic(alice, PASSWORD));
  }

  private static List<JsonObject> parsed(String... texts) {
    List<JsonObject> out = new ArrayList<>();
    for (String t : texts) {
      out.add((JsonObject) Json.parse(t));
    }
    return out;
  }

  @Test
  void readsDiscoveryApiRootAndCollectionsAsTheServerWritesThem() throws Exception {
    CollectionId c = acmeCollection();
    String base = node.uri().toString();

    DiscoveryResource d = as(Credentials.none()).discovery();
    assertThat(d.title()).isEqualTo("Wuzhen test node");
    assertThat(d.contact()).hasValue("cert@example.org");
    assertThat(d.defaultApiRoot()).hasValue(base + "api1/");
    assertThat(d.apiRoots()).containsExactly(base + "api1/", base + "api2/");

    ApiRootResource root = alice().apiRoot("api1");
    assertThat(root.versions()).containsExactly("application/taxii+json;version=2.1");
    assertThat(root.maxContentLength()).isEqualTo(64 * 1024);

    assertThat(alice().collections("api1/"))
        .extracting(CollectionResource::id)
        .contains(c.toString());
    CollectionResource one = alice().collection("api1", c.toString());
    assertThat(one.canRead()).isTrue();
    assertThat(one.canWrite()).isTrue();
    assertThat(one.mediaTypes()).containsExactly("application/stix+json;version=2.1");
  }

  @Test
  void addsObjectsAndReadsTheStatusResourceWithEachRefusal() throws Exception {
    CollectionId c = acmeCollection();
    String good = newId("indicator");
    String refused = newId("malware");

    StatusResource status =
        alice()
            .addObjects(
                "api1",
                c.toString(),
                parsed(
                    indicator(good, "2024-01-01T00:00:00.000Z"), malware(refused, betaIdentity)));

    assertThat(status.status()).isEqualTo("complete");
    assertThat(status.totalCount()).isEqualTo(2);
    assertThat(status.successes()).extracting(StatusResource.Detail::id).containsExactly(good);
    assertThat(status.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.id()).isEqualTo(refused);
              assertThat(f.describe()).startsWith(refused + ": not permitted: created_by_ref");
            });
    assertThat(alice().status("api1", status.id())).isEqualTo(status);
  }

  @Test
  void pagesThroughObjectsKeepingEachObjectsTextAsSent() throws Exception {
    CollectionId c = acmeCollection();
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(indicator(newId("indicator"), "2024-01-01T00:00:0" + i + ".000Z"));
    }
    asAlice.post(objects(c), envelope(sent.toArray(String[]::new))).expect(202);

    List<String> read = new ArrayList<>();
    ObjectFilter filter = ObjectFilter.NONE.withTypes("indicator").withLimit(2);
    ObjectsPage page;
    int pages = 0;
    do {
      page = alice().objects("api1", c.toString(), filter);
      read.addAll(page.texts());
      assertThat(page.dateAddedLast()).isPresent();
      pages++;
      filter = page.next().map(filter::withNext).orElse(filter);
    } while (page.more());

    assertThat(pages).isEqualTo(3);
    assertThat(read).containsExactlyElementsOf(sent);
  }

  @Test
  void readsOneObjectItsVersionsAndTheManifestAndDeletesIt() throws Exception {
    CollectionId c = acmeCollection();
    String id = newId("indicator");
    asAlice
        .post(
            objects(c),
            envelope(
                indicator(id, "2024-01-01T00:00:00.000Z"),
                indicator(id, "2024-02-01T00:00:00.000Z")))
        .expect(202);
    TaxiiClient client = alice();

    ObjectsPage latest = client.object("api1", c.toString(), id, ObjectFilter.NONE);
    assertThat(latest.objects())
        .singleElement()
        .satisfies(o -> assertThat(o.toString()).contains("2024-02-01"));
    ObjectsPage all =
        client.object("api1", c.toString(), id, ObjectFilter.NONE.withVersions("all"));
    assertThat(all.objects()).hasSize(2);
    assertThat(client.versions("api1", c.toString(), id, ObjectFilter.NONE).versions())
        .containsExactly("2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z");
    ManifestPage manifest = client.manifest("api1", c.toString(), ObjectFilter.NONE.withIds(id));
    assertThat(manifest.objects())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.version()).isEqualTo("2024-02-01T00:00:00.000Z");
              assertThat(r.mediaType()).hasValue("application/stix+json;version=2.1");
            });

    client.deleteObject("api1", c.toString(), id, ObjectFilter.NONE.withVersions("first"));
    assertThat(client.versions("api1", c.toString(), id, ObjectFilter.NONE).versions())
        .containsExactly("2024-02-01T00:00:00.000Z");
    client.deleteObject("api1", c.toString(), id, ObjectFilter.NONE);
    TaxiiClientException gone =
        catchThrowableOfType(
            TaxiiClientException.class,
            () -> client.object("api1", c.toString(), id, ObjectFilter.NONE));
    assertThat(gone.kind()).isEqualTo(Kind.REFUSED);
    assertThat(gone.status()).isEqualTo(OptionalInt.of(404));
  }

  @Test
  void aRefusalCarriesTheServersStatusTitleAndDescription() throws Exception {
    CollectionId c = acmeCollection();

    TaxiiClientException wrongPassword =
        catchThrowableOfType(
            TaxiiClientException.class,
            () -> as(Credentials.basic(alice, "wrong")).collections("api1"));
    assertThat(wrongPassword.kind()).isEqualTo(Kind.REFUSED);
    assertThat(wrongPassword.status()).isEqualTo(OptionalInt.of(401));
    assertThat(wrongPassword.title()).hasValue("Unauthorized");

    TaxiiClientException carol =
        catchThrowableOfType(
            TaxiiClientException.class,
            () ->
                as(Credentials.basic(this.carol, PASSWORD))
                    .objects("api1", c.toString(), ObjectFilter.NONE));
    assertThat(carol.status()).isEqualTo(OptionalInt.of(404));
    assertThat(carol.title()).hasValue("Not Found");
    assertThat(carol.description().orElseThrow()).contains("no collection");
    assertThat(carol.getMessage())
        .startsWith(
            "GET " + node.uri() + "api1/collections/" + c + "/objects/: HTTP 404 Not Found: ");
  }

  @Test
  void aBearerTokenIsCredentialsToo() throws Exception {
    CollectionId c = acmeCollection();
    assertThat(as(Credentials.bearer(aliceToken)).collection("api1", c.toString()).canRead())
        .isTrue();
    assertThat(
            catchThrowableOfType(
                    TaxiiClientException.class,
                    () -> as(Credentials.bearer(revokedToken)).apiRoot("api1"))
                .status())
        .isEqualTo(OptionalInt.of(401));
  }

  @Test
  void aPageOverTheClientsBoundIsRefusedAsTooLarge() throws Exception {
    CollectionId c = acmeCollection();
    asAlice
        .post(objects(c), envelope(indicator(newId("indicator"), "2024-01-01T00:00:00.000Z")))
        .expect(202);
    TaxiiClient small =
        TaxiiClient.builder(node.uri())
            .credentials(Credentials.basic(alice, PASSWORD))
            .maxResponseBytes(100)
            .build();

    TaxiiClientException e =
        catchThrowableOfType(
            TaxiiClientException.class,
            () -> small.objects("api1", c.toString(), ObjectFilter.NONE));

    assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
    assertThat(e.getMessage()).contains("over the bound of 100 bytes");
  }

  @Test
  void aMissingNodeRouteIsAbsentForFindAndARefusalForGet() throws Exception {
    TaxiiClient client = alice();
    assertThat(client.find("/wuzhen/nothing/", Map.of(), JsonValue::kind)).isEmpty();
    TaxiiClientException e =
        catchThrowableOfType(
            TaxiiClientException.class,
            () -> client.get("/wuzhen/nothing/", Map.of(), JsonValue::kind));
    assertThat(e.kind()).isEqualTo(Kind.REFUSED);
    assertThat(e.title()).hasValue("Not Found");
  }
}
