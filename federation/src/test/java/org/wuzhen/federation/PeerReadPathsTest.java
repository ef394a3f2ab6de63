package org.wuzhen.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.stix.validate.StixValidator;
import org.wuzhen.store.PulledPage;
import org.wuzhen.store.SyncCursor;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.ManifestPage;
import org.wuzhen.taxii.client.ObjectFilter;
import org.wuzhen.taxii.client.ObjectsPage;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.client.TaxiiClientException;

/**
 * The export policy holds on every TAXII read path a peer can take, over real HTTP: objects (every
 * page), each object, its versions, the manifest, and filtered queries. The node's own users still
 * see everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerReadPathsTest {
  @TempDir static Path dir;
  PeerNode a;
  PeerNode b;
  final List<String> allowed = new ArrayList<>();
  final List<String> forbidden = new ArrayList<>();
  StixObject disputed;

  @BeforeAll
  void twoNodes() throws IOException {
    a =
        PeerNode.start(
            "a",
            dir,
            """
            {"unmarked_tlp":"amber","own_infrastructure":{"networks":["198.51.100.0/24"]},
             "peers":{"b":{"relation":"community","min_confidence":0}}}""");
    b = PeerNode.start("b", dir, "{}");
    b.pullFrom(a);
    String other = "identity--" + java.util.UUID.randomUUID();
    for (int i = 0; i < 30; i++) {
      // Versions: the first allowed, a later one RED, so versions must be filtered one by one.
      String id = Samples.newId("indicator");
      StixObject green =
          Samples.onAddress(
              id, "2024-03-01T00:00:00.000Z", Tlp.GREEN, a.identity, "203.0.113." + i);
      StixObject red =
          Samples.onAddress(id, "2024-03-02T00:00:00.000Z", Tlp.RED, a.identity, "203.0.113." + i);
      a.publish(green, red);
      allowed.add(PeerNode.key(green));
      forbidden.add(PeerNode.key(red));
    }
    List<StixObject> withheld =
        List.of(
            Samples.onAddress(
                Samples.newId("indicator"),
                "2024-03-01T00:00:00.000Z",
                Tlp.AMBER,
                a.identity,
                "203.0.113.99"),
            Samples.onAddress(
                Samples.newId("indicator"),
                "2024-03-01T00:00:00.000Z",
                null,
                a.identity,
                "203.0.113.98"),
            Samples.onAddress(
                Samples.newId("indicator"),
                "2024-03-01T00:00:00.000Z",
                Tlp.GREEN,
                a.identity,
                "198.51.100.1"),
            Samples.onAddress(
                Samples.newId("indicator"),
                "2024-03-01T00:00:00.000Z",
                Tlp.GREEN,
                other,
                "203.0.113.97"));
    for (StixObject o : withheld) {
      a.publish(o);
      forbidden.add(PeerNode.key(o));
    }
    StixObject clear =
        Samples.onAddress(
            Samples.newId("indicator"),
            "2024-03-01T00:00:00.000Z",
            Tlp.CLEAR,
            a.identity,
            "203.0.113.96");
    a.publish(clear);
    allowed.add(PeerNode.key(clear));
    // The community's rules withhold what the node's policy would let out (a disputed indicator).
    a.federation.withCommunityRules(
        o ->
            o.pattern()
                .filter(p -> p.contains("203.0.113.94"))
                .map(p -> "disputed by the community"));
    disputed =
        Samples.onAddress(
            Samples.newId("indicator"),
            "2024-03-01T00:00:00.000Z",
            Tlp.CLEAR,
            a.identity,
            "203.0.113.94");
    a.publish(disputed);
    forbidden.add(PeerNode.key(disputed));
    // An object a received from b is never served back to b.
    StixObject fromB =
        Samples.onAddress(
            Samples.newId("indicator"),
            "2024-03-01T00:00:00.000Z",
            Tlp.CLEAR,
            null,
            "203.0.113.95");
    a.store.applyPulled(
        new PulledPage(
            a.shared,
            List.of(fromB),
            new SyncCursor("b", b.shared.toString(), "2024-01-01T00:00:00Z", Instant.now())));
    forbidden.add(PeerNode.key(fromB));
  }

  @AfterAll
  void stop() {
    a.close();
    b.close();
  }

  private static TaxiiClient as(PeerNode node, String user) {
    return TaxiiClient.builder(node.apiRoot())
        .credentials(Credentials.basic(user, PeerNode.PASSWORD))
        .build();
  }

  @FunctionalInterface
  private interface Read {
    String text() throws TaxiiClientException;
  }

  /** What a read shows, or nothing when it is refused as forbidden or not found. */
  private static String shown(Read read) throws TaxiiClientException {
    try {
      return read.text();
    } catch (TaxiiClientException e) {
      if (e.status().orElse(0) == 403 || e.status().orElse(0) == 404) {
        return "";
      }
      throw e;
    }
  }

  /** Every page of the collection's objects, following next: the objects' texts. */
  private String objects(String user, ObjectFilter filter) throws TaxiiClientException {
    TaxiiClient client = as(a, user);
    StringBuilder all = new StringBuilder();
    ObjectFilter page = filter;
    for (int i = 0; i < 100; i++) {
      ObjectsPage p = client.objects("", a.shared.toString(), page);
      all.append(String.join("\n", p.texts()));
      if (!p.more()) {
        return all.toString();
      }
      page = filter.withNext(p.next().orElseThrow());
    }
    throw new AssertionError("more than 100 pages");
  }

  /** Every page of the collection's manifest: its records as JSON. */
  private String manifest(String user, ObjectFilter filter) throws TaxiiClientException {
    TaxiiClient client = as(a, user);
    StringBuilder all = new StringBuilder();
    ObjectFilter page = filter;
    for (int i = 0; i < 100; i++) {
      ManifestPage p = client.manifest("", a.shared.toString(), page);
      p.objects().forEach(r -> all.append(r.toJson()).append('\n'));
      if (!p.more()) {
        return all.toString();
      }
      page = filter.withNext(p.next().orElseThrow());
    }
    throw new AssertionError("more than 100 pages");
  }

  private String object(String user, String id) throws TaxiiClientException {
    return shown(
        () ->
            String.join(
                "\n",
                as(a, user)
                    .object("", a.shared.toString(), id, ObjectFilter.NONE.withVersions("all"))
                    .texts()));
  }

  private String versions(String user, String id) throws TaxiiClientException {
    return shown(
        () ->
            String.join(
                "\n",
                as(a, user).versions("", a.shared.toString(), id, ObjectFilter.NONE).versions()));
  }

  private static String id(String key) {
    return key.substring(0, key.indexOf('@'));
  }

  @Test
  void noReadPathShowsAPeerWhatThePolicyWithholds() throws Exception {
    String peer = a.readerUser(b);
    List<String> answers = new ArrayList<>();
    answers.add(objects(peer, ObjectFilter.NONE));
    answers.add(objects(peer, ObjectFilter.NONE.withVersions("all")));
    answers.add(objects(peer, ObjectFilter.NONE.withVersions("first", "last")));
    answers.add(manifest(peer, ObjectFilter.NONE));
    answers.add(manifest(peer, ObjectFilter.NONE.withVersions("all")));
    answers.add(
        objects(
            peer, ObjectFilter.NONE.withTypes("indicator").withAddedAfter("2000-01-01T00:00:00Z")));
    String allObjects = String.join("\n", answers);
    for (String key : forbidden) {
      String one = object(peer, id(key));
      String versions = versions(peer, id(key));
      if (allowed.stream().noneMatch(k -> id(k).equals(id(key)))) {
        assertThat(allObjects).as(key).doesNotContain(id(key));
        assertThat(one).as(key).doesNotContain(id(key));
        assertThat(versions).as(key).doesNotContain("2024");
      } else {
        // Same object, another version allowed: the RED version's content never shows.
        assertThat(one).as(key).doesNotContain(Tlp.RED.markingId()).contains("2024-03-01");
        assertThat(versions).as(key).doesNotContain("2024-03-02");
      }
    }
    assertThat(allObjects).doesNotContain(Tlp.RED.markingId()).doesNotContain("198.51.100.1");
    // Objects whose latest version is RED are absent from latest-version answers, and their
    // earlier GREEN version shows only where all versions are asked for.
    for (String key : allowed) {
      assertThat(answers.get(1)).contains(id(key));
      assertThat(answers.get(4)).contains(id(key));
      assertThat(object(peer, id(key))).contains(id(key));
    }
  }

  @Test
  void theCommunitysRulesWithholdWhatThePolicyAllowsAndExplainNamesThem() {
    Decision d = a.federation.explain("b", disputed.id().toString()).get(a.shared);
    assertThat(d.allowed()).isFalse();
    assertThat(d.rule()).isEqualTo("community");
    assertThat(d.reason()).isEqualTo("disputed by the community");
  }

  @Test
  void theNodesOwnUsersAreNotFilteredByTheExportPolicy() throws Exception {
    String body = objects(a.admin, ObjectFilter.NONE.withVersions("all"));
    for (String key : forbidden) {
      assertThat(body).contains(id(key));
    }
  }

  @Test
  void provenanceIsShownAsValidStix() throws Exception {
    JsonObject bundle =
        as(a, a.admin)
            .get(
                "/wuzhen/provenance/" + id(forbidden.getLast()) + "/",
                Map.of(),
                json -> (JsonObject) json);
    assertThat(bundle.toString()).contains("\"peer\":\"b\"").contains("x-wuzhen-provenance");
    assertThat(StixValidator.isValid(new StixValidator().validate(bundle)))
        .as(new StixValidator().validate(bundle).toString())
        .isTrue();
    assertThat(shown(() -> as(a, a.readerUser(b)).get("/wuzhen/peers/", Map.of(), Json::write)))
        .isEmpty();
  }
}
