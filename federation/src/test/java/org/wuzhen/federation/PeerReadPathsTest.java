package org.wuzhen.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
  final HttpClient http = HttpClient.newHttpClient();
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

  private String get(String user, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(a.apiRoot().resolve(path))
            .header("Accept", "application/taxii+json;version=2.1")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (user + ":" + PeerNode.PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 403, 404);
    return r.statusCode() == 200 ? r.body() : "";
  }

  /** Every page of a listing, following next. */
  private String everyPage(String user, String path) throws Exception {
    StringBuilder all = new StringBuilder();
    String next = null;
    for (int i = 0; i < 100; i++) {
      String sep = path.contains("?") ? "&" : "?";
      String body =
          get(
              user,
              path
                  + (next == null
                      ? ""
                      : sep + "next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
      all.append(body);
      if (body.isEmpty()) {
        return all.toString();
      }
      JsonObject o = (JsonObject) Json.parse(body);
      if (!o.get("more").map(v -> v.equals(org.wuzhen.stix.JsonBoolean.TRUE)).orElse(false)) {
        return all.toString();
      }
      next = o.string("next").orElseThrow();
    }
    throw new AssertionError("more than 100 pages");
  }

  private static String id(String key) {
    return key.substring(0, key.indexOf('@'));
  }

  @Test
  void noReadPathShowsAPeerWhatThePolicyWithholds() throws Exception {
    String peer = a.readerUser(b);
    String c = "collections/" + a.shared + "/";
    List<String> answers = new ArrayList<>();
    answers.add(everyPage(peer, c + "objects/"));
    answers.add(everyPage(peer, c + "objects/?match[version]=all"));
    answers.add(everyPage(peer, c + "objects/?match[version]=first,last"));
    answers.add(everyPage(peer, c + "manifest/"));
    answers.add(everyPage(peer, c + "manifest/?match[version]=all"));
    answers.add(
        everyPage(peer, c + "objects/?match[type]=indicator&added_after=2000-01-01T00:00:00Z"));
    String allObjects = String.join("\n", answers);
    for (String key : forbidden) {
      String one = get(peer, c + "objects/" + id(key) + "/?match[version]=all");
      String versions = get(peer, c + "objects/" + id(key) + "/versions/");
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
      assertThat(get(peer, c + "objects/" + id(key) + "/?match[version]=all")).contains(id(key));
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
    String body = everyPage(a.admin, "collections/" + a.shared + "/objects/?match[version]=all");
    for (String key : forbidden) {
      assertThat(body).contains(id(key));
    }
  }

  @Test
  void provenanceIsShownAsValidStix() throws Exception {
    String body = get(a.admin, "../wuzhen/provenance/" + id(forbidden.getLast()) + "/");
    JsonObject bundle = (JsonObject) Json.parse(body);
    assertThat(body).contains("\"peer\":\"b\"").contains("x-wuzhen-provenance");
    assertThat(StixValidator.isValid(new StixValidator().validate(bundle)))
        .as(new StixValidator().validate(bundle).toString())
        .isTrue();
    assertThat(get(a.readerUser(b), "../wuzhen/peers/")).isEmpty();
  }
}
