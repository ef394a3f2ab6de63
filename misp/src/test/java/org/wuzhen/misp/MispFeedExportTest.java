package org.wuzhen.misp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.federation.CommunityRules;
import org.wuzhen.federation.ExportPolicy;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Member;
import org.wuzhen.store.Principal;
import org.wuzhen.taxii.testing.TestNode;

/**
 * A MISP event imported into a node and served back as a MISP feed: identity, values, to_ids, TLP,
 * galaxies as tags and false-positive sightings survive the round trip; the feed follows the
 * manifest and hashes format, validates against PyMISP's schema, answers 304 to its ETag, and keeps
 * out what the feed policy withholds.
 */
class MispFeedExportTest {
  static final String EVENT_UUID = "5be1e65d-8198-497b-bdf5-5ec20a016219";
  static final String ATTRIBUTE_UUID = "5be1ee80-f71c-4da5-83e2-61410a016219";

  /** The lenient test event, shared as TLP:GREEN, its attribute not stricter. */
  static final String GREEN_EVENT =
      LenientReadingTest.EVENT
          .replace("\"tlp:amber\"", "\"tlp:green\"")
          .replace("\"Tag\": [{\"name\": \"tlp:red\"}],", "");

  @TempDir Path dir;
  private TestNode node;
  private CollectionId collection;
  private String token;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    // The node's members are its own identities: what they publish may leave under the policy.
    FeedPolicy policy =
        FeedPolicy.of(
            ExportPolicy.DEFAULT.withOwnIdentities(
                Set.of(SharedEventsImportTest.MEMBER.toString())),
            CommunityRules.NONE);
    node = TestNode.sqlite(dir).with(store -> new MispFeeds(store, () -> policy)).start();
    node.store().addMember(new Member("cert", SharedEventsImportTest.MEMBER.toString()));
    node.user("misp", "cert");
    token = node.token("misp");
    collection = node.collection("feed", Principal.member("cert"));
    List<StixObject> objects = new ArrayList<>();
    SharedEventsImportTest.importer()
        .convert(
            GREEN_EVENT.getBytes(StandardCharsets.UTF_8), "test", e -> objects.addAll(e.objects()));
    node.store().add(collection, objects);
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private HttpResponse<byte[]> get(String file, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(node.uri().resolve("misp/feeds/" + collection + "/" + file))
            .header("Authorization", "Bearer " + token);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private JsonObject json(String file) throws Exception {
    HttpResponse<byte[]> r = get(file);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return (JsonObject) Json.parse(r.body());
  }

  @Test
  void aRoundTripKeepsUuidsValuesToIdsTlpGalaxiesAndFalsePositives() throws Exception {
    JsonObject manifest = json("manifest.json");
    assertThat(manifest.names()).containsExactly(EVENT_UUID);
    JsonObject entry = manifest.object(EVENT_UUID).orElseThrow();
    assertThat(entry.names())
        .containsExactlyInAnyOrder(
            "info", "Orgc", "analysis", "timestamp", "date", "threat_level_id", "Tag");

    JsonObject feedEvent = json(EVENT_UUID + ".json").object("Event").orElseThrow();
    assertThat(feedEvent.string("timestamp")).isEqualTo(entry.string("timestamp"));
    // The full event (sightings included) is the node's MISP JSON of the report.
    HttpResponse<byte[]> full =
        http.send(
            HttpRequest.newBuilder(node.uri().resolve("misp/events/report--" + EVENT_UUID))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    JsonObject event = ((JsonObject) Json.parse(full.body())).object("Event").orElseThrow();
    assertThat(event.string("uuid")).contains(EVENT_UUID);
    assertThat(feedEvent.array("Attribute").orElseThrow().size())
        .isEqualTo(event.array("Attribute").orElseThrow().size());
    assertThat(tagNames(event))
        .contains("tlp:green", "PAP:GREEN", "misp-galaxy:threat-actor=\"Sofacy\"");
    JsonObject attribute =
        event.array("Attribute").orElseThrow().elements().stream()
            .map(JsonObject.class::cast)
            .filter(a -> a.string("uuid").orElseThrow().equals(ATTRIBUTE_UUID))
            .findFirst()
            .orElseThrow();
    assertThat(attribute.string("type")).contains("ip-dst");
    assertThat(attribute.string("value")).contains("198.51.100.7");
    assertThat(attribute.get("to_ids")).contains(org.wuzhen.stix.JsonBoolean.TRUE);
    List<String> sightingTypes =
        attribute.array("Sighting").orElseThrow().elements().stream()
            .map(s -> ((JsonObject) s).string("type").orElseThrow())
            .toList();
    assertThat(sightingTypes).containsExactlyInAnyOrder("0", "1");
    JsonObject btc =
        event.array("Attribute").orElseThrow().elements().stream()
            .map(JsonObject.class::cast)
            .filter(a -> a.string("type").orElseThrow().equals("btc"))
            .findFirst()
            .orElseThrow();
    assertThat(btc.get("deleted")).contains(org.wuzhen.stix.JsonBoolean.TRUE);
  }

  @Test
  void theFeedValidatesAgainstPymispsSchemaAndItsHashesFollowTheFormat() throws Exception {
    Schema schema;
    try (InputStream in = getClass().getResourceAsStream("/pymisp/schema.json")) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
    }
    ObjectMapper mapper = new ObjectMapper();
    byte[] event = get(EVENT_UUID + ".json").body();
    assertThat(schema.validate(mapper.readTree(event))).isEmpty();
    // The validator does judge: a sighting inside an attribute (the full event's shape) and a
    // number where MISP writes text both fail.
    assertThat(
            schema.validate(mapper.readTree("{\"Event\": {\"Attribute\": [{\"Sighting\": []}]}}")))
        .isNotEmpty();
    assertThat(schema.validate(mapper.readTree("{\"Event\": {\"timestamp\": 1}}"))).isNotEmpty();

    String hashes = new String(get("hashes.csv").body(), StandardCharsets.UTF_8);
    assertThat(hashes.lines())
        .contains(
            FeedFiles.hex("MD5", "198.51.100.7".getBytes(StandardCharsets.UTF_8))
                + ","
                + EVENT_UUID)
        .allMatch(l -> l.matches("[0-9a-f]{32}," + EVENT_UUID));
  }

  @Test
  void strongEtagsAnswer304AndAWriteMakesANewerVersion() throws Exception {
    HttpResponse<byte[]> first = get("manifest.json");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).matches("\"[0-9a-f]{32}\"");
    assertThat(get("manifest.json", "If-None-Match", etag).statusCode()).isEqualTo(304);
    String before =
        json("manifest.json").object(EVENT_UUID).orElseThrow().string("timestamp").orElseThrow();

    // The indicator is revoked (a newer version): the event goes out again, newer, attribute
    // deleted.
    StixObject indicator =
        StixObject.parse(
            node.store()
                .query(
                    collection,
                    org.wuzhen.store.ObjectQuery.latestOf("indicator--" + ATTRIBUTE_UUID, true))
                .objects()
                .getFirst()
                .json()
                .orElseThrow());
    node.store()
        .add(
            collection,
            List.of(
                StixObject.from(
                    indicator
                        .json()
                        .with(
                            "modified", new org.wuzhen.stix.JsonString("2026-01-01T00:00:00.000Z"))
                        .with("revoked", org.wuzhen.stix.JsonBoolean.TRUE))));
    // Written behind the TAXII API: the cache lasts at most MispFeeds.CACHE_FOR; a TAXII POST drops
    // it at once. Here the cache is dropped by posting an unrelated object through TAXII.
    postSomething();
    HttpResponse<byte[]> after = get("manifest.json", "If-None-Match", etag);
    assertThat(after.statusCode()).isEqualTo(200);
    String later =
        ((JsonObject) Json.parse(after.body()))
            .object(EVENT_UUID)
            .orElseThrow()
            .string("timestamp")
            .orElseThrow();
    assertThat(Long.parseLong(later)).isGreaterThan(Long.parseLong(before));
    JsonObject event = json(EVENT_UUID + ".json").object("Event").orElseThrow();
    assertThat(
            event.array("Attribute").orElseThrow().elements().stream()
                .map(JsonObject.class::cast)
                .filter(a -> a.string("uuid").orElseThrow().equals(ATTRIBUTE_UUID))
                .findFirst()
                .orElseThrow()
                .get("deleted"))
        .contains(org.wuzhen.stix.JsonBoolean.TRUE);
  }

  @Test
  void aTimestampRaisedByAWithdrawalStaysRaisedAfterARestart() throws Exception {
    long before = manifestTimestamp(json("manifest.json"));
    // Withdrawn (deleted from the collection): the event is left with older objects only, so its
    // timestamp is raised past the one served, and the attribute goes out as deleted.
    assertThat(
            node.store()
                .delete(
                    collection,
                    "indicator--" + ATTRIBUTE_UUID,
                    org.wuzhen.store.VersionSelection.ALL,
                    List.of()))
        .isEqualTo(1);
    postSomething(); // drops the cached feed
    long raised = manifestTimestamp(json("manifest.json"));
    assertThat(raised).isGreaterThan(before);
    JsonObject withdrawn = json(EVENT_UUID + ".json");

    node.restart();

    assertThat(manifestTimestamp(json("manifest.json"))).isEqualTo(raised);
    assertThat(json(EVENT_UUID + ".json")).isEqualTo(withdrawn);
  }

  private static long manifestTimestamp(JsonObject manifest) {
    return Long.parseLong(
        manifest.object(EVENT_UUID).orElseThrow().string("timestamp").orElseThrow());
  }

  @Test
  void redAndUnreadableCollectionsStayOut() throws Exception {
    List<StixObject> red = new ArrayList<>();
    SharedEventsImportTest.importer()
        .convert(
            LenientReadingTest.EVENT
                .replace("5BE1E65D", "7BE1E65D")
                .replace("\"tlp:amber\"", "\"tlp:red\"")
                .replace("5be1ee80-f71c-4da5-83e2-61410a0162", "6be1ee80-f71c-4da5-83e2-61410a0162")
                .getBytes(StandardCharsets.UTF_8),
            "red",
            e -> red.addAll(e.objects()));
    node.store().add(collection, red);
    postSomething();
    String all =
        new String(get("manifest.json").body(), StandardCharsets.UTF_8)
            + new String(get("hashes.csv").body(), StandardCharsets.UTF_8);
    assertThat(all)
        .doesNotContain("7be1e65d")
        .doesNotContain(
            FeedFiles.hex(
                    "MD5", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT".getBytes(StandardCharsets.UTF_8))
                + ",7be1e65d");
    assertThat(get("7be1e65d-8198-497b-bdf5-5ec20a016219.json").statusCode()).isEqualTo(404);

    CollectionId other = node.collection("private");
    HttpResponse<byte[]> hidden =
        http.send(
            HttpRequest.newBuilder(node.uri().resolve("misp/feeds/" + other + "/manifest.json"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(hidden.statusCode()).isEqualTo(404);
    HttpResponse<byte[]> anonymous =
        http.send(
            HttpRequest.newBuilder(
                    node.uri().resolve("misp/feeds/" + collection + "/manifest.json"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void oneEventAsMispJsonByItsReportId() throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(node.uri().resolve("misp/events/report--" + EVENT_UUID))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(((JsonObject) Json.parse(r.body())).object("Event").orElseThrow().string("uuid"))
        .contains(EVENT_UUID);
  }

  private void postSomething() throws Exception {
    String id = "identity--" + java.util.UUID.randomUUID();
    String envelope =
        "{\"objects\": [{\"type\": \"identity\", \"spec_version\": \"2.1\", \"id\": \""
            + id
            + "\", \"created\": \"2026-01-01T00:00:00.000Z\", \"modified\":"
            + " \"2026-01-01T00:00:00.000Z\", \"name\": \"x\"}]}";
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    node.apiRoot().resolve("collections/" + collection + "/objects/"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/taxii+json;version=2.1")
                .header("Accept", "application/taxii+json;version=2.1")
                .POST(HttpRequest.BodyPublishers.ofString(envelope))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  private static List<String> tagNames(JsonObject event) {
    List<String> names = new ArrayList<>();
    for (JsonValue t : event.array("Tag").orElse(JsonArray.EMPTY).elements()) {
      ((JsonObject) t).string("name").ifPresent(names::add);
    }
    return names;
  }
}
