package org.wuzhen.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Hits;
import org.wuzhen.store.ObjectPage;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;
import org.wuzhen.taxii.testing.TestNode;

/**
 * The console's pages on a store of {@value #OBJECTS} objects: each page is answered with at most
 * the rows it shows (plus the versions and relationships an object page lists), whatever the size
 * of the store. Rows are counted where the store hands them out: the node runs on the real SQLite
 * store behind a proxy that adds up the object versions every read returns (the store reads one
 * more per page to know whether a next page exists). The node has the console only, so no
 * background part reads while a page is counted.
 */
class ConsoleAtScaleTest {
  static final int OBJECTS = 100_000;
  static final int RELATIONSHIPS = 500;
  static final String HUB = "malware--5ca1ab1e-0000-4000-8000-000000000001";

  @TempDir static Path dir;
  static final AtomicLong rows = new AtomicLong();
  static TestNode node;
  static CollectionId big;
  static CollectionId attack;
  static Visitor alice;

  @BeforeAll
  static void start() {
    node =
        TestNode.on(() -> counting(Stores.open(new StoreConfig.Sqlite(dir))))
            .with(
                store ->
                    new Console(
                        ConsoleSettings.DEFAULTS,
                        Optional.empty(),
                        Optional.empty(),
                        Clock.systemUTC()))
            .start();
    node.member("acme");
    node.user("alice", "acme");
    big = node.collection("Big", Principal.parse("member:acme"));
    String t = "2026-03-01T00:00:00.000Z";
    List<StixObject> batch = new ArrayList<>();
    batch.add(
        StixObject.parse(
            """
            {"type":"malware","spec_version":"2.1","id":"%s","created":"%s","modified":"%s",\
            "name":"Hub malware","is_family":true}"""
                .formatted(HUB, t, t)));
    for (int i = 0; i < OBJECTS; i++) {
      String indicator = "indicator--5ca1ab1e-0000-4000-8000-%012d".formatted(i);
      batch.add(
          StixObject.parse(
              """
              {"type":"indicator","spec_version":"2.1","id":"%s","created":"%s","modified":"%s",\
              "name":"Scaled indicator %d %s","pattern":"[ipv4-addr:value = '10.%d.%d.%d']",\
              "pattern_type":"stix","valid_from":"%s"}"""
                  .formatted(
                      indicator,
                      t,
                      t,
                      i,
                      i % 2 == 0 ? "alpha" : "beta",
                      i / 65_536,
                      i / 256 % 256,
                      i % 256,
                      t)));
      if (i < RELATIONSHIPS) {
        batch.add(
            StixObject.parse(
                """
                {"type":"relationship","spec_version":"2.1",\
                "id":"relationship--5ca1ab1e-0000-4000-8000-%012d","created":"%s","modified":"%s",\
                "relationship_type":"indicates","source_ref":"%s","target_ref":"%s"}"""
                    .formatted(i, t, t, indicator, HUB)));
      }
      if (batch.size() >= 5_000) {
        node.store().add(big, batch);
        batch.clear();
      }
    }
    node.store().add(big, batch);
    attack = node.collection("Attack", Principal.parse("member:acme"));
    node.store().add(attack, attackMatrix());
    alice = Visitor.loggedIn(node.uri(), "alice");
  }

  static final int TECHNIQUES = 40;
  static final int USES = 10;
  static final int INDICATES = 60;
  static final int MITIGATES_PER_TECHNIQUE = 5;

  /**
   * A matrix of two tactics and {@value #TECHNIQUES} techniques, one intrusion set using {@value
   * #USES} of them, {@value #INDICATES} of the big collection's indicators indicating them, and
   * {@value #MITIGATES_PER_TECHNIQUE} mitigations of each: relationships to the techniques that a
   * cell does not count.
   */
  private static List<StixObject> attackMatrix() {
    String t = "2026-03-01T00:00:00.000Z";
    String head = "\"spec_version\":\"2.1\",\"created\":\"%s\",\"modified\":\"%s\"".formatted(t, t);
    String one = "x-mitre-tactic--5ca1ab1e-0000-4000-8000-000000000001";
    String two = "x-mitre-tactic--5ca1ab1e-0000-4000-8000-000000000002";
    String actor = "intrusion-set--5ca1ab1e-0000-4000-8000-000000000001";
    List<StixObject> out = new ArrayList<>();
    out.add(
        StixObject.parse(
            "{\"type\":\"x-mitre-matrix\",\"id\":\"x-mitre-matrix--5ca1ab1e-0000-4000-8000-000000000001\","
                + head
                + ",\"name\":\"Scaled matrix\",\"tactic_refs\":[\""
                + one
                + "\",\""
                + two
                + "\"]}"));
    out.add(tactic(one, "First tactic", "first", head));
    out.add(tactic(two, "Second tactic", "second", head));
    out.add(
        StixObject.parse(
            "{\"type\":\"intrusion-set\",\"id\":\""
                + actor
                + "\","
                + head
                + ",\"name\":\"Scaled set\"}"));
    int r = 0;
    for (int i = 0; i < TECHNIQUES; i++) {
      String technique = technique(i);
      out.add(
          StixObject.parse(
              ("{\"type\":\"attack-pattern\",\"id\":\"%s\",%s,\"name\":\"Technique %d\","
                      + "\"kill_chain_phases\":[{\"kill_chain_name\":\"mitre-ics-attack\","
                      + "\"phase_name\":\"%s\"}],\"external_references\":[{\"source_name\":"
                      + "\"mitre-ics-attack\",\"external_id\":\"T%04d\"}]}")
                  .formatted(technique, head, i, i % 2 == 0 ? "first" : "second", i)));
      for (int m = 0; m < MITIGATES_PER_TECHNIQUE; m++) {
        out.add(
            relationship(
                r++,
                "mitigates",
                "course-of-action--5ca1ab1e-0000-4000-8000-%012d".formatted(m),
                technique,
                head));
      }
    }
    for (int i = 0; i < USES; i++) {
      out.add(relationship(r++, "uses", actor, technique(i), head));
    }
    for (int i = 0; i < INDICATES; i++) {
      out.add(
          relationship(
              r++,
              "indicates",
              "indicator--5ca1ab1e-0000-4000-8000-%012d".formatted(i),
              technique(i % TECHNIQUES),
              head));
    }
    return out;
  }

  private static String technique(int i) {
    return "attack-pattern--5ca1ab1e-0000-4000-8000-%012d".formatted(i);
  }

  private static StixObject tactic(String id, String name, String shortName, String head) {
    return StixObject.parse(
        "{\"type\":\"x-mitre-tactic\",\"id\":\"%s\",%s,\"name\":\"%s\",\"x_mitre_shortname\":\"%s\"}"
            .formatted(id, head, name, shortName));
  }

  private static StixObject relationship(
      int n, String type, String source, String target, String head) {
    return StixObject.parse(
        ("{\"type\":\"relationship\",\"id\":\"relationship--5ca1ab1e-1000-4000-8000-%012d\",%s,"
                + "\"relationship_type\":\"%s\",\"source_ref\":\"%s\",\"target_ref\":\"%s\"}")
            .formatted(n, head, type, source, target));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** The real store behind a proxy that counts the object versions its reads return. */
  private static Store counting(Store store) {
    return (Store)
        Proxy.newProxyInstance(
            Store.class.getClassLoader(),
            new Class<?>[] {Store.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (result instanceof ObjectPage page) {
                rows.addAndGet(page.objects().size());
              } else if (result instanceof Hits hits) {
                rows.addAndGet(hits.hits().size());
              }
              return result;
            });
  }

  /** The page's body and the rows the store handed out to answer it. */
  private record Counted(String body, long rows) {}

  private static Counted get(String path) {
    rows.set(0);
    HttpResponse<String> r = alice.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return new Counted(r.body(), rows.get());
  }

  private static int countOf(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void homeReadsNoMoreThanItsRecentObjects() {
    Counted home = get("ui/");
    assertThat(countOf(home.body(), "<tr class=\"recent\">")).isEqualTo(HomePage.RECENT);
    assertThat(home.rows()).isEqualTo(HomePage.RECENT);
  }

  @Test
  void aCollectionsListReadsOnePage() {
    Counted list = get("ui/search/?collection=" + big + "&type=indicator");
    assertThat(countOf(list.body(), "<td><a href=\"/ui/objects/indicator--"))
        .isEqualTo(SearchPage.PAGE);
    assertThat(list.rows()).isEqualTo(SearchPage.PAGE);
  }

  @Test
  void fullTextSearchForAWordHalfTheStoreHoldsReadsOnePage() {
    Counted text = get("ui/search/text/?words=alpha");
    assertThat(countOf(text.body(), "<tr class=\"hit\">")).isEqualTo(SearchPage.PAGE);
    assertThat(text.rows()).isEqualTo(SearchPage.PAGE);
    assertThat(text.body()).contains("id=\"text-next\"");
  }

  @Test
  void anObjectWithManyRelationshipsReadsItsVersionsAndOnePageOfThem() {
    Counted hub = get("ui/objects/" + HUB + "/");
    assertThat(countOf(hub.body(), "<tr class=\"relationship\">"))
        .isEqualTo(RelationshipRows.LIMIT);
    assertThat(hub.body()).contains("id=\"more-relationships\"");
    // One version, the relationships shown, the graph's neighbours (named from their latest
    // versions, one query for all of them).
    assertThat(countOf(hub.body(), "<a class=\"graph-node\""))
        .isEqualTo(RelationshipGraph.MAX_NODES);
    assertThat(hub.rows()).isEqualTo(1 + RelationshipRows.LIMIT + RelationshipGraph.MAX_NODES);
  }

  @Test
  void anExactLookupReadsOnlyWhatItFinds() {
    Counted lookup = get("ui/search/?q=10.0.1.7");
    assertThat(lookup.body()).contains("unknown</span>");
    assertThat(lookup.rows()).isZero();
    Counted byId = get("ui/search/?q=" + HUB);
    assertThat(byId.rows()).isEqualTo(1);
  }

  @Test
  void theAttackMatrixReadsWhatItShowsAndTheRelationshipsItCountsNotTheMitigations() {
    Counted matrix = get("ui/attack/?collection=" + attack);
    assertThat(countOf(matrix.body(), "data-attack-id=\"T")).isEqualTo(TECHNIQUES);
    assertThat(countOf(matrix.body(), "<span class=\"counts\">1 uses")).isEqualTo(USES);
    // Techniques 0-19 are indicated twice, 20-39 once.
    assertThat(countOf(matrix.body(), "· 2 indicators")).isEqualTo(INDICATES - TECHNIQUES);
    assertThat(countOf(matrix.body(), "· 1 indicators")).isEqualTo(2 * TECHNIQUES - INDICATES);
    // The matrix, its tactics and techniques, the intrusion set offered as a source, and the
    // relationships a cell counts: none of the mitigations, none of the big collection's objects.
    assertThat(matrix.rows()).isEqualTo(1 + 2 + TECHNIQUES + 1 + USES + INDICATES);
  }
}
