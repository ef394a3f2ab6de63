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
    alice = Visitor.loggedIn(node.uri(), "alice");
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
}
