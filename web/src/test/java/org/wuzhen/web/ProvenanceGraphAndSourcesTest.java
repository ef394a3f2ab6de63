package org.wuzhen.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.StixTimestamp;
import org.wuzhen.store.ObjectLogEntry;
import org.wuzhen.transparency.TreeHead;

/**
 * The object page's provenance (transparency-log entries checked against the signed head) and
 * relationship graph, and the status page's log head and detection sources, over real HTTP on the
 * demo community with the node's transparency log.
 */
class ProvenanceGraphAndSourcesTest {
  @TempDir static Path dir;
  static Community community;

  @BeforeAll
  static void start() {
    community = new Community(dir);
  }

  @AfterAll
  static void stop() {
    community.close();
  }

  private static Visitor as(String user) {
    return Visitor.loggedIn(community.node.uri(), user, community.password(user));
  }

  private static String indicator(String id, String name) {
    String t = StixTimestamp.ofMillis(Instant.now()).text();
    community
        .node
        .store()
        .add(
            community.shared.id(),
            List.of(
                StixObject.parse(
                    """
                    {"type":"indicator","spec_version":"2.1","id":"%s","created":"%s",\
                    "modified":"%s","name":"%s","pattern":"[ipv4-addr:value = '192.0.2.1']",\
                    "pattern_type":"stix","valid_from":"%s"}"""
                        .formatted(id, t, t, name, t))));
    return id;
  }

  /** The cells of each log-entry row of a page. */
  private static List<List<String>> logEntries(String page) {
    List<List<String>> out = new ArrayList<>();
    Matcher row = Pattern.compile("<tr class=\"log-entry\">(.*?)</tr>").matcher(page);
    while (row.find()) {
      List<String> cells = new ArrayList<>();
      Matcher cell = Pattern.compile("<td>(.*?)</td>").matcher(row.group(1));
      while (cell.find()) {
        cells.add(cell.group(1).replaceAll("<[^>]+>", ""));
      }
      out.add(cells);
    }
    return out;
  }

  @Test
  void anObjectsLogEntryIsProvedAgainstTheLatestSignedHead() {
    String id = indicator("indicator--10c0e000-0000-4000-8000-000000000001", "Logged one");
    TreeHead head = community.log.refresh();
    List<ObjectLogEntry> logged = community.node.store().objectLog(community.shared.id(), id);
    assertThat(logged).hasSize(1);
    String page = as("alice").get("ui/objects/" + id + "/").body();
    List<List<String>> entries = logEntries(page);
    assertThat(entries).hasSize(1);
    List<String> e = entries.getFirst();
    assertThat(e.get(0)).isEqualTo(Long.toString(logged.getFirst().leaf().index()));
    assertThat(Long.parseLong(e.get(1))).isGreaterThanOrEqualTo(head.treeSize());
    assertThat(e.get(4)).isEqualTo("ok");
    assertThat(e.get(5)).isEqualTo("ok");
    assertThat(e.get(6)).startsWith("ok (");
    assertThat(e.get(7)).isEqualTo("verified");
    assertThat(page)
        .contains("this node (added here, no peer sent it)")
        .doesNotContain("id=\"log-note\"");
  }

  @Test
  void aVersionChangedBehindTheLogIsShownNotVerified() throws Exception {
    String id = indicator("indicator--10c0e000-0000-4000-8000-000000000002", "Tampered one");
    community.log.refresh();
    community.node.sqlBehindTheBack(
        "UPDATE objects SET json = replace(CAST(json AS TEXT), 'Tampered one', 'Tempered one')"
            + " WHERE id = '"
            + id
            + "'");
    String page = as("alice").get("ui/objects/" + id + "/").body();
    assertThat(page).contains("Tempered one");
    List<List<String>> entries = logEntries(page);
    assertThat(entries).hasSize(1);
    assertThat(entries.getFirst().get(5)).startsWith("FAILED");
    assertThat(entries.getFirst().get(7)).isEqualTo("NOT verified");
  }

  @Test
  void anObjectWithoutALogEntrySaysSoAndClaimsNoVerification() throws Exception {
    String id = indicator("indicator--10c0e000-0000-4000-8000-000000000003", "Before the log");
    // As a version stored before the log began: its date_added names no leaf.
    community.node.sqlBehindTheBack("UPDATE objects SET date_added = 17 WHERE id = '" + id + "'");
    String page = as("alice").get("ui/objects/" + id + "/").body();
    assertThat(page).contains("Before the log");
    assertThat(logEntries(page)).isEmpty();
    assertThat(page)
        .contains("id=\"log-note\"", "No entry in this node")
        .contains("not verified")
        .doesNotContain(">verified<");
  }

  @Test
  void theGraphCapsItsNodesAndKeepsHostileNamesInert() {
    String hub = "malware--10c0e000-0000-4000-8000-00000000a000";
    String t = StixTimestamp.ofMillis(Instant.now()).text();
    List<StixObject> objects = new ArrayList<>();
    objects.add(
        StixObject.parse(
            """
            {"type":"malware","spec_version":"2.1","id":"%s","created":"%s","modified":"%s",\
            "name":%s,"is_family":true}"""
                .formatted(hub, t, t, Community.json(Community.SCRIPT))));
    int neighbours = RelationshipGraph.MAX_NODES + 5;
    for (int i = 0; i < neighbours; i++) {
      String indicator = "indicator--10c0e000-0000-4000-8000-%012d".formatted(100 + i);
      objects.add(
          StixObject.parse(
              """
              {"type":"indicator","spec_version":"2.1","id":"%s","created":"%s","modified":"%s",\
              "name":%s,"pattern":"[ipv4-addr:value = '192.0.2.9']","pattern_type":"stix",\
              "valid_from":"%s"}"""
                  .formatted(indicator, t, t, Community.json(Community.HANDLER + " " + i), t)));
      objects.add(
          StixObject.parse(
              """
              {"type":"relationship","spec_version":"2.1",\
              "id":"relationship--10c0e000-0000-4000-8000-%012d","created":"%s","modified":"%s",\
              "relationship_type":%s,"source_ref":"%s","target_ref":"%s"}"""
                  .formatted(100 + i, t, t, Community.json("indicates"), indicator, hub)));
    }
    community.node.store().add(community.shared.id(), objects);

    String page = as("bob").get("ui/objects/" + hub + "/").body();
    assertThat(page).contains("id=\"relationship-graph\"");
    int nodes = count(page, "<a class=\"graph-node\"");
    assertThat(nodes).isEqualTo(RelationshipGraph.MAX_NODES);
    assertThat(count(page, "<g class=\"edge\">")).isEqualTo(RelationshipGraph.MAX_NODES);
    assertThat(page).contains("and 5 more");
    assertThat(count(page, "<tr class=\"relationship\">")).isEqualTo(neighbours);
    assertThat(page)
        .doesNotContain(Community.SCRIPT, "<img")
        .contains("&lt;script&gt;window.pwned=1&lt;/script&gt;")
        .contains("&lt;img src=x");
    // Every node links to a console page, nothing else.
    Matcher href = Pattern.compile("<a class=\"graph-node\" href=\"([^\"]*)\"").matcher(page);
    while (href.find()) {
      assertThat(href.group(1)).startsWith("/ui/objects/indicator--");
    }
  }

  @Test
  void statusShowsTheLogsSignedHeadVerified() {
    TreeHead head = community.log.refresh();
    String page = as("bob").get("ui/status/").body();
    Matcher size = Pattern.compile("<td id=\"head-size\">(\\d+)</td>").matcher(page);
    assertThat(size.find()).isTrue();
    assertThat(Long.parseLong(size.group(1))).isGreaterThanOrEqualTo(head.treeSize());
    assertThat(page)
        .contains("<td id=\"head-signature\">verified with the log")
        .contains("id=\"log-size\"");
  }

  @Test
  void detectionSourcesCountTheLastHoursSightingsTheCallerMayRead() {
    // Every sighting was stored within the hour: the demo's, and the test community's (cert-nat's
    // 100 in the internal collection, which bob may not read).
    org.wuzhen.store.CollectionId internal = community.demo.collections().get(2).id();
    List<org.wuzhen.store.CollectionId> all = List.of(community.shared.id(), internal);
    List<org.wuzhen.store.CollectionId> shared = List.of(community.shared.id());
    String alice = as("alice").get("ui/status/").body();
    String bob = as("bob").get("ui/status/").body();
    for (String member : List.of("cert-nat", "isac-energy", "corp-soc")) {
      assertThat(source(alice, "member " + member)).isEqualTo(stored(all, member));
      assertThat(source(bob, "member " + member)).isEqualTo(stored(shared, member));
    }
    assertThat(source(alice, "member cert-nat").get(1))
        .isEqualTo(Long.toString(Long.parseLong(source(bob, "member cert-nat").get(1)) + 100));
    assertThat(bob).contains("class=\"chart per-minute\"");
  }

  /** A member's sightings in the collections, and the events they count, read from the store. */
  private static List<String> stored(List<org.wuzhen.store.CollectionId> in, String member) {
    String identity = community.node.store().member(member).orElseThrow().identityId();
    long sightings = 0;
    long events = 0;
    for (org.wuzhen.store.CollectionId c : in) {
      for (org.wuzhen.store.StoredObject o :
          community
              .node
              .store()
              .query(
                  c,
                  new org.wuzhen.store.ObjectQuery(
                      java.util.Optional.empty(),
                      List.of(),
                      List.of("sighting"),
                      org.wuzhen.store.VersionSelection.LAST,
                      List.of(),
                      1000,
                      java.util.Optional.empty(),
                      true))
              .objects()) {
        StixObject s = StixObject.parse(o.json().orElseThrow());
        if (s.createdByRef().filter(identity::equals).isPresent()) {
          sightings++;
          events +=
              s.json()
                  .get("count")
                  .map(v -> Long.parseLong(org.wuzhen.stix.Json.write(v)))
                  .orElse(1L);
        }
      }
    }
    return List.of(Long.toString(sightings), Long.toString(events));
  }

  /** A source row's sightings and events. */
  private static List<String> source(String page, String name) {
    Matcher row =
        Pattern.compile(
                "<tr class=\"source\"><td>(?:<a [^>]*>)?"
                    + Pattern.quote(name)
                    + ".*?<td class=\"sightings\">(\\d+)</td><td class=\"events\">(\\d+)</td>")
            .matcher(page);
    return row.find() ? List.of(row.group(1), row.group(2)) : List.of();
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
