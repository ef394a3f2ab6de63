package org.wuzhen.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.demo.GovernanceDemo;
import org.wuzhen.federation.Decision;
import org.wuzhen.federation.ExportPolicy;
import org.wuzhen.federation.Federation;
import org.wuzhen.federation.Peer;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Store;

/** The search and object pages over real HTTP, on the demo community. */
class PagesTest {
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

  @Test
  void anExactLookupFindsAnObservableByValueAndAnObjectById() {
    Visitor alice = as("alice");
    String byValue = alice.get("ui/search/?q=" + Community.KNOWN_IP).body();
    assertThat(byValue)
        .contains("ipv4-addr", "known", Links.objectPath(Community.KNOWN_IP_ID))
        .doesNotContain("unknown</span>");
    String byId = alice.get("ui/search/?q=" + Community.HOSTILE_ID).body();
    assertThat(byId).contains("STIX id", Links.objectPath(Community.HOSTILE_ID));
    assertThat(alice.get("ui/search/?q=203.0.113.250").body()).contains("unknown</span>");
  }

  @Test
  void aBulkLookupAnswersEveryValueAndRefusesMoreThanTenThousand() {
    Visitor bob = as("bob");
    String csrf = bob.csrf();
    HttpResponse<String> r =
        bob.post(
            "ui/search/bulk/",
            Visitor.form(
                "csrf",
                csrf,
                "values",
                Community.KNOWN_IP
                    + "\n203.0.113.250\nnot a value at all\n\n"
                    + Community.KNOWN_IP));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("1 of 3 values known", "not an observable or STIX id")
        .contains(Links.objectPath(Community.KNOWN_IP_ID));
    assertThat(countOf(r.body(), "<tr class=\"answer\">")).isEqualTo(3);

    String many =
        IntStream.range(0, SearchPage.MAX_VALUES + 1)
            .mapToObj(i -> "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255))
            .collect(Collectors.joining("\n"));
    HttpResponse<String> tooMany =
        bob.post("ui/search/bulk/", Visitor.form("csrf", csrf, "values", many));
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body())
        .contains("values: 10001 distinct values; a lookup takes at most 10000");
    assertThat(bob.post("ui/search/bulk/", Visitor.form("values", "1.2.3.4")).statusCode())
        .isEqualTo(403);
  }

  @Test
  void aCollectionIsListedByTypeInPagesThatFollowOneAnother() {
    Visitor carol = as("carol");
    CollectionInfo attack = community.demo.collections().get(1);
    String first =
        carol.get("ui/search/?collection=" + attack.id() + "&type=attack-pattern").body();
    List<String> page1 = objectLinks(first);
    assertThat(page1).hasSize(SearchPage.PAGE);
    Matcher next = Pattern.compile("href=\"(/ui/search/[^\"]+)\" id=\"next\"").matcher(first);
    assertThat(next.find()).isTrue();
    String second = carol.get(next.group(1).substring(1).replace("&amp;", "&")).body();
    List<String> page2 = objectLinks(second);
    assertThat(page2).isNotEmpty().doesNotContainAnyElementsOf(page1);
    HttpResponse<String> bare = carol.get("ui/search/");
    assertThat(bare.statusCode()).as(bare.body()).isEqualTo(200);
    assertThat(objectLinks(bare.body())).isNotEmpty();
    assertThat(carol.get("ui/search/?collection=" + attack.id() + "&after=nonsense").body())
        .contains("after: not a position this page gave");
    assertThat(carol.get("ui/search/?type=%3Cscript%3E").statusCode()).isEqualTo(400);
  }

  @Test
  void fullTextSearchFindsByWordsAndFiltersByCreatorTypeTlpDisputeAndConsensus() {
    Visitor alice = as("alice");
    String disputed = Links.objectPath(GovernanceDemo.DISPUTED_INDICATOR);
    String found = alice.get("ui/search/text/?words=SUSPECTED+c2").body();
    assertThat(found).contains(disputed, "Suspected C2 server");
    // Each word matches the start of a word; the false-positive report's text is searched too.
    assertThat(alice.get("ui/search/text/?words=suspec").body()).contains(disputed);
    assertThat(alice.get("ui/search/text/?words=outbound+mail+relay").body())
        .contains("mail relay");
    assertThat(alice.get("ui/search/text/?words=suspected+absentword").body())
        .doesNotContain(disputed)
        .contains("Nothing found.");

    String words = "ui/search/text/?words=suspected";
    assertThat(alice.get(words + "&member=cert-nat").body()).contains(disputed);
    assertThat(alice.get(words + "&member=corp-soc").body()).doesNotContain(disputed);
    assertThat(alice.get(words + "&type=indicator&state=valid").body()).contains(disputed);
    assertThat(alice.get(words + "&type=malware").body()).doesNotContain(disputed);
    assertThat(alice.get(words + "&state=revoked").body()).doesNotContain(disputed);
    assertThat(alice.get(words + "&tlp=red").body()).doesNotContain(disputed);
    assertThat(alice.get(words + "&consensus=disagree").body()).contains(disputed);
    assertThat(alice.get(words + "&consensus=agree").body()).doesNotContain(disputed);
    assertThat(alice.get(words + "&dispute=none").body()).doesNotContain(disputed);
    assertThat(alice.get(words + "&collection=" + community.shared.id()).body()).contains(disputed);
  }

  @Test
  void fullTextSearchRefusesBadFiltersNamingThemAndKeepsHostileNamesInert() {
    Visitor alice = as("alice");
    for (String[] bad :
        new String[][] {
          {"words=%21%2A%22", "words: holds no letter or digit"},
          {"words=a&tlp=purple", "tlp: expected clear, green"},
          {"words=a&state=maybe", "state: expected one of any, valid, revoked"},
          {"words=a&member=nobody", "member: no member"},
          {"words=a&before=soon", "before: not a position this page gave"},
          {"words=a&type=%3Cb%3E", "type: not a STIX type name"},
          {"words=a&collection=nonsense", "collection:"},
        }) {
      HttpResponse<String> r = alice.get("ui/search/text/?" + bad[0]);
      assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(r.body()).as(bad[0]).contains(bad[1]);
    }
    String hostile = alice.get("ui/search/text/?words=script+pwned").body();
    assertThat(hostile)
        .contains(Links.objectPath(Community.HOSTILE_ID), "&lt;script&gt;window.pwned=1")
        .doesNotContain(Community.SCRIPT);
  }

  @Test
  void fullTextHitsComeInPagesThatFollowOneAnother() {
    Visitor carol = as("carol");
    List<String> seen = new ArrayList<>();
    CollectionId attack = community.demo.collections().get(1).id();
    String path = "ui/search/text/?words=adversaries&collection=" + attack;
    int pages = 0;
    while (true) {
      String page = carol.get(path).body();
      pages++;
      List<String> links = objectLinks(page);
      assertThat(links.size()).isLessThanOrEqualTo(SearchPage.PAGE);
      assertThat(seen).doesNotContainAnyElementsOf(links);
      seen.addAll(links);
      Matcher next =
          Pattern.compile("href=\"(/ui/search/text/[^\"]+)\" id=\"text-next\"").matcher(page);
      if (!next.find()) {
        break;
      }
      assertThat(links).hasSize(SearchPage.PAGE);
      path = next.group(1).substring(1).replace("&amp;", "&");
    }
    assertThat(pages).isGreaterThan(1);
    // Every object whose name or description starts a word with "adversaries", counted apart.
    long expected = 0;
    org.wuzhen.store.ObjectQuery q = org.wuzhen.store.ObjectQuery.latest(1000);
    Pattern word = Pattern.compile("(?i)(^|[^\\p{L}\\p{N}])adversaries");
    while (true) {
      org.wuzhen.store.ObjectPage page = community.node.store().query(attack, q);
      for (var o : page.objects()) {
        StixObject object = StixObject.parse(o.json().orElseThrow());
        String text =
            object.string("name").orElse("") + " " + object.string("description").orElse("");
        expected += word.matcher(text).find() ? 1 : 0;
      }
      if (!page.more()) {
        break;
      }
      q =
          new org.wuzhen.store.ObjectQuery(
              q.addedAfterMicros(),
              q.ids(),
              q.types(),
              q.versions(),
              q.specVersions(),
              q.limit(),
              page.next(),
              true);
    }
    assertThat(seen).hasSize((int) expected);
  }

  @Test
  void homeShowsRecentObjectsOpenDisputesAndTheMostSightedAsTheCallerMayReadThem() {
    String alice = as("alice").get("ui/").body();
    String bob = as("bob").get("ui/").body();
    String disputed = Links.objectPath(GovernanceDemo.DISPUTED_INDICATOR);
    String hostile = Links.objectPath(Community.HOSTILE_ID);
    String contested = Links.objectPath(Community.CONTESTED_ID);

    // Most sighted: alice reads the internal collection's 100 sightings, bob does not; the demo
    // adds 50 of the disputed indicator and 41 of its scanner indicator in the shared collection.
    String scanner = Links.objectPath(GovernanceDemo.SCANNER_INDICATOR);
    assertThat(rows(alice, "sighted"))
        .containsSubsequence(disputed + " 152", scanner + " 41", hostile + " 5");
    assertThat(rows(bob, "sighted"))
        .containsSubsequence(disputed + " 52", scanner + " 41", hostile + " 5");
    assertThat(rows(alice, "disputed")).anyMatch(r -> r.startsWith(contested));
    assertThat(rows(bob, "disputed")).noneMatch(r -> r.startsWith(contested));
    assertThat(bob).doesNotContain("Contested relay");
    // Recent: the newest first, the internal collection's only for alice.
    List<String> recent = rows(alice, "recent");
    assertThat(recent)
        .hasSizeLessThanOrEqualTo(HomePage.RECENT)
        .anyMatch(r -> r.startsWith(contested));
    assertThat(rows(bob, "recent")).noneMatch(r -> r.startsWith(contested)).isNotEmpty();
  }

  /** Each table row of a class on a page, as "link-path cell cell …" (tags dropped). */
  private static List<String> rows(String page, String kind) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<tr class=\"" + kind + "\">(.*?)</tr>").matcher(page);
    while (m.find()) {
      String row = m.group(1);
      Matcher link = Pattern.compile("href=\"([^\"]+)\"").matcher(row);
      String href = link.find() ? link.group(1) : "";
      List<String> cells = new ArrayList<>();
      Matcher cell = Pattern.compile("<td>(.*?)</td>").matcher(row);
      while (cell.find()) {
        cells.add(cell.group(1).replaceAll("<[^>]+>", ""));
      }
      out.add(href + " " + String.join(" ", cells.subList(1, cells.size())));
    }
    return out;
  }

  @Test
  void anObjectPageListsItsRelationshipsBothWaysAsTheCallerMayReadThem() {
    Store store = community.node.store();
    CollectionInfo internal = community.demo.collections().get(2);
    String malware = "malware--5e1a7ed0-0000-4000-8000-00000000a001";
    String out = "relationship--5e1a7ed0-0000-4000-8000-00000000b001";
    String in = "relationship--5e1a7ed0-0000-4000-8000-00000000b002";
    String hidden = "relationship--5e1a7ed0-0000-4000-8000-00000000b003";
    String technique = "attack-pattern--5e1a7ed0-0000-4000-8000-00000000c001";
    String t = "2026-02-02T00:00:00.000Z";
    store.add(
        community.shared.id(),
        List.of(
            StixObject.parse(
                """
                {"type":"malware","spec_version":"2.1","id":"%s","created":"%s","modified":"%s",\
                "name":"Related malware","is_family":true}"""
                    .formatted(malware, t, t)),
            relationship(out, t, "uses", malware, technique),
            relationship(in, t, "indicates", Community.HOSTILE_ID, malware)));
    store.add(
        internal.id(),
        List.of(relationship(hidden, t, "related-to", GovernanceDemo.DISPUTED_INDICATOR, malware)));

    String alice = as("alice").get("ui/objects/" + malware + "/").body();
    List<String> rows = rows(alice, "relationship");
    // Each row: the relationship's link, its type, the other end, the collection.
    assertThat(rows)
        .containsExactly(
            Links.objectPath(hidden)
                + " related-to "
                + GovernanceDemo.DISPUTED_INDICATOR
                + " "
                + internal.title(),
            Links.objectPath(in)
                + " indicates "
                + Community.HOSTILE_ID
                + " "
                + community.shared.title(),
            Links.objectPath(out) + " uses " + technique + " " + community.shared.title());
    assertThat(alice).contains("this → other", "other → this", ">uses<", ">indicates<");
    String bob = as("bob").get("ui/objects/" + malware + "/").body();
    assertThat(rows(bob, "relationship")).hasSize(2);
    assertThat(bob).doesNotContain(hidden);
    // The indicator's side: the same relationship, the other way round.
    assertThat(
            rows(as("bob").get("ui/objects/" + Community.HOSTILE_ID + "/").body(), "relationship"))
        .containsExactly(
            Links.objectPath(in) + " indicates " + malware + " " + community.shared.title());
  }

  private static StixObject relationship(
      String id, String t, String type, String source, String target) {
    return StixObject.parse(
        """
        {"type":"relationship","spec_version":"2.1","id":"%s","created":"%s","modified":"%s",\
        "relationship_type":"%s","source_ref":"%s","target_ref":"%s"}"""
            .formatted(id, t, t, type, source, target));
  }

  @Test
  void sightingsOverTimeAreDrawnAsAnSvgChartOfWhatTheCallerMayRead() {
    String path = "ui/objects/" + GovernanceDemo.DISPUTED_INDICATOR + "/";
    CollectionId internal = community.demo.collections().get(2).id();
    Map<String, Long> alice = bars(as("alice").get(path).body());
    Map<String, Long> bob = bars(as("bob").get(path).body());
    assertThat(alice).isEqualTo(sightingsByDay(List.of(community.shared.id(), internal)));
    // The internal collection's 100 sightings are alice's only.
    assertThat(total(alice) - total(bob)).isEqualTo(100);
    assertThat(bars(as("bob").get(path).body()))
        .isEqualTo(sightingsByDay(List.of(community.shared.id())));
    assertThat(as("bob").get("ui/objects/" + Community.KNOWN_IP_ID + "/").body())
        .doesNotContain("<svg");
  }

  private static long total(Map<String, Long> byDay) {
    return byDay.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The chart's bars: day and count. */
  private static Map<String, Long> bars(String page) {
    Map<String, Long> out = new java.util.TreeMap<>();
    Matcher bar =
        Pattern.compile("<rect class=\"bar\"[^>]*><title>([0-9-]+): (\\d+)</title>").matcher(page);
    while (bar.find()) {
      out.put(bar.group(1), Long.parseLong(bar.group(2)));
    }
    return out;
  }

  /** The disputed indicator's sightings by day (first seen, else created), read from the store. */
  private static Map<String, Long> sightingsByDay(List<CollectionId> collections) {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (CollectionId c : collections) {
      for (StixObject s : stored(c, "sighting")) {
        if (s.string("sighting_of_ref")
            .filter(GovernanceDemo.DISPUTED_INDICATOR::equals)
            .isEmpty()) {
          continue;
        }
        String day =
            s.timestamp("first_seen")
                .or(s::created)
                .orElseThrow()
                .instant()
                .toString()
                .substring(0, 10);
        out.merge(
            day,
            s.json()
                .get("count")
                .map(v -> Long.parseLong(org.wuzhen.stix.Json.write(v)))
                .orElse(1L),
            Long::sum);
      }
    }
    return out;
  }

  private static List<StixObject> stored(CollectionId in, String type) {
    List<StixObject> out = new ArrayList<>();
    java.util.Optional<org.wuzhen.store.PageCursor> after = java.util.Optional.empty();
    while (true) {
      org.wuzhen.store.ObjectPage page =
          community
              .node
              .store()
              .query(
                  in,
                  new org.wuzhen.store.ObjectQuery(
                      java.util.Optional.empty(),
                      List.of(),
                      List.of(type),
                      org.wuzhen.store.VersionSelection.LAST,
                      List.of(),
                      1000,
                      after,
                      true));
      page.objects().forEach(o -> out.add(StixObject.parse(o.json().orElseThrow())));
      if (!page.more()) {
        return out;
      }
      after = page.next();
    }
  }

  @Test
  void theAttackMatrixShowsEveryTacticAndTechniqueWithCountsFromTheStore() {
    CollectionId attack = community.demo.collections().get(1).id();
    List<StixObject> tactics = stored(attack, "x-mitre-tactic");
    List<StixObject> techniques =
        stored(attack, "attack-pattern").stream()
            .filter(t -> !t.revoked())
            .filter(t -> !t.json().toString().contains("\"x_mitre_deprecated\":true"))
            .toList();
    StixObject blocked =
        techniques.stream()
            .filter(t -> t.string("name").filter("Block Command Message"::equals).isPresent())
            .findFirst()
            .orElseThrow();
    String technique = blocked.id().toString();
    // An indicator of the technique in the shared collection, sighted 3 times.
    String indicator = "indicator--a77ac000-0000-4000-8000-000000000001";
    String t = org.wuzhen.stix.StixTimestamp.ofMillis(java.time.Instant.now()).text();
    community
        .node
        .store()
        .add(
            community.shared.id(),
            List.of(
                StixObject.parse(
                    """
                    {"type":"indicator","spec_version":"2.1","id":"%s","created":"%s",\
                    "modified":"%s","name":"Blocks commands","pattern":"[ipv4-addr:value =\
                     '192.0.2.80']","pattern_type":"stix","valid_from":"%s"}"""
                        .formatted(indicator, t, t, t)),
                relationship(
                    "relationship--a77ac000-0000-4000-8000-000000000002",
                    t,
                    "indicates",
                    indicator,
                    technique),
                StixObject.parse(
                    """
                    {"type":"sighting","spec_version":"2.1","id":"sighting--a77ac000-0000-4000-\
                    8000-000000000003","created":"%s","modified":"%s","sighting_of_ref":"%s",\
                    "count":3}"""
                        .formatted(t, t, indicator))));
    List<StixObject> uses =
        stored(attack, "relationship").stream()
            .filter(r -> r.string("relationship_type").filter("uses"::equals).isPresent())
            .filter(r -> r.string("target_ref").filter(technique::equals).isPresent())
            .toList();

    String page = as("carol").get("ui/attack/?collection=" + attack).body();
    assertThat(countOf(page, "<div class=\"tactic\">")).isEqualTo(tactics.size());
    for (StixObject tactic : tactics) {
      assertThat(page).contains("<h3>" + tactic.string("name").orElseThrow() + "</h3>");
    }
    long phases =
        techniques.stream()
            .filter(x -> !x.json().toString().contains("\"x_mitre_is_subtechnique\":true"))
            .mapToLong(x -> x.json().array("kill_chain_phases").orElseThrow().size())
            .sum();
    assertThat(countOf(page, "data-attack-id=")).isEqualTo((int) phases);
    Matcher cell =
        Pattern.compile(
                "href=\""
                    + Pattern.quote(Links.objectPath(technique))
                    + "\"[^>]*>.*?"
                    + "<span class=\"counts\">(\\d+) uses · (\\d+) indicators · (\\d+) sightings")
            .matcher(page);
    assertThat(cell.find()).isTrue();
    assertThat(cell.group(1)).isEqualTo(Integer.toString(uses.size()));
    assertThat(cell.group(2)).isEqualTo("1");
    assertThat(cell.group(3)).isEqualTo("3");

    // The uses of one source only.
    String source = uses.getFirst().string("source_ref").orElseThrow();
    long bySource =
        uses.stream()
            .filter(r -> r.string("source_ref").filter(source::equals).isPresent())
            .count();
    Matcher one =
        Pattern.compile(
                "href=\""
                    + Pattern.quote(Links.objectPath(technique))
                    + "\"[^>]*>.*?"
                    + "<span class=\"counts\">(\\d+) uses")
            .matcher(
                as("carol").get("ui/attack/?collection=" + attack + "&source=" + source).body());
    assertThat(one.find()).isTrue();
    assertThat(one.group(1)).isEqualTo(Long.toString(bySource));
    assertThat(as("carol").get("ui/attack/?source=nonsense").statusCode()).isEqualTo(400);
  }

  @Test
  void aReportCountsTheUsesItListsOrOfWhatItListsAsTheStoreHoldsThem() {
    CollectionId attack = community.demo.collections().get(1).id();
    List<String> techniques =
        stored(attack, "attack-pattern").stream()
            .filter(t -> !t.revoked())
            .filter(t -> !t.json().toString().contains("\"x_mitre_deprecated\":true"))
            .filter(t -> !t.json().toString().contains("\"x_mitre_is_subtechnique\":true"))
            .map(t -> t.id().toString())
            .sorted()
            .limit(3)
            .toList();
    String set = "intrusion-set--7e9027a0-0000-4000-8000-000000000001";
    String other = "intrusion-set--7e9027a0-0000-4000-8000-000000000002";
    String malware = "malware--7e9027a0-0000-4000-8000-000000000003";
    String report = "report--7e9027a0-0000-4000-8000-000000000004";
    String listed = "relationship--7e9027a0-0000-4000-8000-0000000000a3";
    String t = "2026-04-01T00:00:00.000Z";
    community
        .node
        .store()
        .add(
            community.shared.id(),
            List.of(
                StixObject.parse(
                    """
                    {"type":"intrusion-set","spec_version":"2.1","id":"%s","created":"%s",\
                    "modified":"%s","name":"Reported set"}"""
                        .formatted(set, t, t)),
                StixObject.parse(
                    """
                    {"type":"malware","spec_version":"2.1","id":"%s","created":"%s",\
                    "modified":"%s","name":"Reported malware","is_family":true}"""
                        .formatted(malware, t, t)),
                StixObject.parse(
                    """
                    {"type":"report","spec_version":"2.1","id":"%s","created":"%s",\
                    "modified":"%s","name":"Quarterly ICS report","published":"%s",\
                    "object_refs":["%s","%s","%s"]}"""
                        .formatted(report, t, t, t, set, malware, listed)),
                relationship(
                    "relationship--7e9027a0-0000-4000-8000-0000000000a1",
                    t,
                    "uses",
                    set,
                    techniques.get(0)),
                relationship(
                    "relationship--7e9027a0-0000-4000-8000-0000000000a2",
                    t,
                    "uses",
                    malware,
                    techniques.get(1)),
                relationship(listed, t, "uses", other, techniques.get(2)),
                relationship(
                    "relationship--7e9027a0-0000-4000-8000-0000000000a4",
                    t,
                    "uses",
                    other,
                    techniques.get(0)),
                relationship(
                    "relationship--7e9027a0-0000-4000-8000-0000000000a5",
                    t,
                    "uses",
                    report,
                    techniques.get(1))));

    // The count the page must show, made from the store: the report's listed relationships, the
    // uses by what it lists, the uses by the report itself.
    StixObject stored =
        stored(community.shared.id(), "report").stream()
            .filter(r -> r.id().toString().equals(report))
            .findFirst()
            .orElseThrow();
    List<String> refs = stored.json().strings("object_refs");
    List<StixObject> relationships = new ArrayList<>(stored(community.shared.id(), "relationship"));
    relationships.addAll(stored(attack, "relationship"));
    String page = as("carol").get("ui/attack/?collection=" + attack + "&source=" + report).body();
    assertThat(page).contains("uses in report Quarterly ICS report");
    for (String technique : techniques) {
      long expected =
          relationships.stream()
              .filter(r -> r.string("relationship_type").filter("uses"::equals).isPresent())
              .filter(r -> r.string("target_ref").filter(technique::equals).isPresent())
              .filter(
                  r ->
                      refs.contains(r.id().toString())
                          || refs.contains(r.string("source_ref").orElseThrow())
                          || r.string("source_ref").filter(report::equals).isPresent())
              .count();
      Matcher cell =
          Pattern.compile(
                  "href=\""
                      + Pattern.quote(Links.objectPath(technique))
                      + "\"[^>]*>.*?<span class=\"counts\">(\\d+) uses")
              .matcher(page);
      assertThat(cell.find()).as(technique).isTrue();
      assertThat(cell.group(1)).as(technique).isEqualTo(Long.toString(expected));
    }
    assertThat(as("carol").get("ui/attack/?source=report--7e9027a0-0000-4000-8000-00000000ffff"))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(404);
  }

  @Test
  void pastedTextBecomesIndicatorsThatArePreviewedThenPublished() {
    Visitor bob = as("bob");
    String csrf = bob.csrfOf(bob.get("ui/import/").body());
    String text =
        "Seen 198.51.100.23, evil[.]example and hxxp://bad.example/x?a='1' plus\n"
            + "d41d8cd98f00b204e9800998ecf8427e; junkword <script>alert(1)</script>";
    String preview = bob.post("ui/import/text/", Visitor.form("csrf", csrf, "text", text)).body();
    assertThat(preview)
        .contains("4 indicator(s) made from the text.", "The bundle is valid")
        .contains("Not observables, left out: Seen, and, plus, junkword")
        .doesNotContain("<script>alert");
    Matcher area =
        Pattern.compile(
                "<textarea name=\"bundle\" id=\"bundle\"[^>]*>(.*?)</textarea>", Pattern.DOTALL)
            .matcher(preview);
    assertThat(area.find()).isTrue();
    String bundle =
        area.group(1)
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
    assertThat(bundle)
        .contains("[ipv4-addr:value = '198.51.100.23']")
        .contains("[domain-name:value = 'evil.example']")
        .contains("[url:value = 'http://bad.example/x?a=\\\\'1\\\\'']")
        .contains("[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']");
    String published =
        bob.post(
                "ui/import/publish/",
                Visitor.form(
                    "csrf", csrf, "collection", community.shared.id().toString(), "bundle", bundle))
            .body();
    assertThat(published).contains("4 stored, 0 refused");
    assertThat(bob.get("ui/search/text/?words=198.51.100.23").body())
        .contains("ipv4-addr 198.51.100.23");
    HttpResponse<String> tooMany =
        bob.post(
            "ui/import/text/",
            Visitor.form(
                "csrf",
                csrf,
                "text",
                IntStream.range(0, 10_001)
                    .mapToObj(i -> "w" + i)
                    .collect(Collectors.joining(" "))));
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body())
        .contains("text: 10001 distinct values; an import takes at most 10000");
  }

  /** A real MISP event from the misp module's test data (ESET's Zebrocy write-up). */
  private static String zebrocy() {
    try {
      return java.nio.file.Files.readString(
          Path.of("../misp/src/test/resources/misp-events/2018-11-20_Zebrocy.json"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String bundleIn(String page) {
    Matcher area =
        Pattern.compile(
                "<textarea name=\"bundle\" id=\"bundle\"[^>]*>(.*?)</textarea>", Pattern.DOTALL)
            .matcher(page);
    assertThat(area.find()).isTrue();
    return area.group(1)
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  @Test
  void aMispEventIsConvertedPreviewedByTypeThenPublished() {
    Visitor bob = as("bob");
    String csrf = bob.csrfOf(bob.get("ui/import/").body());
    String event =
        zebrocy()
            .replace(
                "\"info\":\"Zebrocy blogpost November 2018\"",
                "\"info\":\"Zebrocy <script>alert(1)</script><img src=x onerror=alert(2)>\"");
    assertThat(event).contains("<script>alert(1)");
    HttpResponse<String> preview =
        bob.post(
            "ui/import/misp/",
            Visitor.form(
                "csrf", csrf, "collection", community.shared.id().toString(), "event", event));
    assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
    assertThat(preview.body())
        .contains("1 MISP event(s) converted, 0 refused", "The bundle is valid")
        .contains("<tr class=\"type\"><td>grouping</td><td>1</td>", "<td>observed-data</td>")
        .doesNotContain("<script>alert", "<img src=x");
    String bundle = bundleIn(preview.body());
    assertThat(bundle).contains("Zebrocy <script>alert(1)</script>");
    int objects = org.wuzhen.stix.StixBundle.parse(bundle.getBytes()).objects().size();
    assertThat(objects).isGreaterThan(1);
    assertThat(preview.body()).contains(objects + " object(s) in the bundle.");

    String published =
        bob.post(
                "ui/import/publish/",
                Visitor.form(
                    "csrf", csrf, "collection", community.shared.id().toString(), "bundle", bundle))
            .body();
    assertThat(published).contains(objects + " stored, 0 refused");
    assertThat(bob.get("ui/search/text/?words=Zebrocy").body()).contains("Zebrocy");
  }

  @Test
  void aMispEventsRepairsAreShownWithTheirJsonPaths() {
    Visitor bob = as("bob");
    String csrf = bob.csrfOf(bob.get("ui/import/").body());
    // Exports in the wild carry events without a title; the lenient reader gives them one.
    String event =
        zebrocy().replace("\"info\":\"Zebrocy blogpost November 2018\"", "\"info\":\"\"");
    assertThat(event).contains("\"info\":\"\"");
    String page = bob.post("ui/import/misp/", Visitor.form("csrf", csrf, "event", event)).body();
    assertThat(page).contains("1 MISP event(s) converted", "id=\"repairs\"");
    assertThat(page)
        .contains("<code class=\"path\">$.response[0].Event.info</code>")
        .contains("missing or empty; the event's uuid stands in");
  }

  @Test
  void aMalformedMispEventIsRefusedWithLineAndColumnAndNothingIsPublished() {
    Visitor bob = as("bob");
    String csrf = bob.csrfOf(bob.get("ui/import/").body());
    String broken = zebrocy().substring(0, 400) + "\n<b>oops";
    HttpResponse<String> r =
        bob.post(
            "ui/import/misp/",
            Visitor.form(
                "csrf", csrf, "collection", community.shared.id().toString(), "event", broken));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body())
        .contains("event: malformed JSON")
        .containsPattern("line \\d+")
        .doesNotContain("<b>oops");
    assertThat(bob.get("ui/search/?q=" + "5be1e65d-8198-497b-bdf5-5ec20a016219").body())
        .doesNotContain("/ui/objects/report--5be1e65d");
    HttpResponse<String> notMisp =
        bob.post("ui/import/misp/", Visitor.form("csrf", csrf, "event", "{\"hello\": 1}"));
    assertThat(notMisp.statusCode()).isEqualTo(400);
    assertThat(notMisp.body()).contains("event: ");
    assertThat(bob.post("ui/import/misp/", Visitor.form("event", zebrocy())).statusCode())
        .isEqualTo(403);
  }

  @Test
  void theDisputedIndicatorsPageShowsConsensusDisputeAndProvenance() {
    String page = as("alice").get("ui/objects/" + GovernanceDemo.DISPUTED_INDICATOR + "/").body();
    assertThat(page)
        .contains("Suspected C2 server", "203.0.113.66")
        .contains("id=\"consensus-average\"", "id=\"dispute-state\"")
        .contains("signed by cert-nat")
        .contains("203.0.113.66 is our outbound mail relay");
  }

  @Test
  void theExportDecisionPerPeerIsWhatPolicyExplainSays() {
    Store store = community.node.store();
    Peer partner = community.federation.peers().getFirst();
    Map<CollectionId, Decision> cli =
        Federation.explain(
            store,
            ExportPolicy.DEFAULT,
            partner,
            GovernanceDemo.DISPUTED_INDICATOR,
            community.governance::withholding);
    assertThat(cli).isNotEmpty();
    String page = as("alice").get("ui/objects/" + GovernanceDemo.DISPUTED_INDICATOR + "/").body();
    List<String> shown = new ArrayList<>();
    Matcher m = Pattern.compile("<li class=\"decision\">([^<]*)</li>").matcher(page);
    while (m.find()) {
      shown.add(m.group(1).replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&"));
    }
    assertThat(shown)
        .containsExactlyElementsOf(
            cli.entrySet().stream()
                .map(
                    e ->
                        e.getValue()
                            .sentence(
                                GovernanceDemo.DISPUTED_INDICATOR,
                                "partner",
                                e.getKey().toString()))
                .toList());
  }

  @Test
  void hostileTextFromAnotherMemberRendersInert() {
    HttpResponse<String> r = as("alice").get("ui/objects/" + Community.HOSTILE_ID + "/");
    assertThat(r.statusCode()).isEqualTo(200);
    String page = r.body();
    assertThat(page)
        .doesNotContain(Community.SCRIPT, Community.HANDLER, "href=\"javascript:", "<img")
        .contains("&lt;script&gt;window.pwned=1&lt;/script&gt;")
        .contains("href=\"https://example.org/report\"")
        .contains(Community.JS_URL);
    assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'");
    HttpResponse<String> bundle =
        as("alice").get("ui/objects/" + Community.HOSTILE_ID + "/bundle/");
    assertThat(bundle.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/stix+json");
    assertThat(bundle.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment;");
  }

  @Test
  void noPageShowsWhatTheCallersReadDecisionWithholds() {
    Store store = community.node.store();
    CollectionInfo internal = community.demo.collections().get(2);
    String cert = store.member("cert-nat").orElseThrow().identityId();
    String secret = "indicator--0f0f0f0f-1111-4222-8333-444455556666";
    store.add(
        internal.id(),
        List.of(
            StixObject.parse(
                """
                {"type":"indicator","spec_version":"2.1","id":"%s","created_by_ref":"%s",\
                "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z",\
                "name":"internal only","pattern":"[ipv4-addr:value = '10.9.9.9']",\
                "pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}"""
                    .formatted(secret, cert))));
    assertThat(as("alice").get("ui/objects/" + secret + "/").body()).contains("internal only");
    Visitor bob = as("bob");
    HttpResponse<String> page = bob.get("ui/objects/" + secret + "/");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).doesNotContain("internal only");
    assertThat(bob.get("ui/search/?q=" + secret).body()).contains("unknown</span>");
    assertThat(bob.get("ui/search/?collection=" + internal.id()).statusCode()).isEqualTo(404);
    assertThat(bob.get("ui/").body()).doesNotContain(internal.title());
    assertThat(as("alice").get("ui/search/text/?words=internal+only").body())
        .contains(Links.objectPath(secret));
    assertThat(bob.get("ui/search/text/?words=internal+only").body()).doesNotContain(secret);
    assertThat(bob.get("ui/search/text/?words=internal&collection=" + internal.id()).statusCode())
        .isEqualTo(404);
  }

  private static List<String> objectLinks(String page) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<td><a href=\"(/ui/objects/[^\"]+)\">").matcher(page);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static int countOf(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void aNoteIsAddedAndOnlyTheCreatorsMemberRevokes() {
    String page = "ui/objects/" + Community.HOSTILE_ID + "/";
    Visitor bob = as("bob");
    String csrf = bob.csrfOf(bob.get(page).body());
    HttpResponse<String> noted =
        bob.post(page + "note/", Visitor.form("csrf", csrf, "content", "seen at <b>our</b> edge"));
    assertThat(noted.statusCode()).isEqualTo(303);
    assertThat(bob.get(page).body()).contains("seen at &lt;b&gt;our&lt;/b&gt; edge");
    assertThat(bob.post(page + "note/", Visitor.form("content", "forged")).statusCode())
        .isEqualTo(403);
    assertThat(bob.post(page + "note/", Visitor.form("csrf", csrf, "content", " ")).body())
        .contains("content: empty");

    Visitor alice = as("alice");
    assertThat(alice.get(page).body()).doesNotContain("id=\"revoke\"");
    HttpResponse<String> refused =
        alice.post(page + "revoke/", Visitor.form("csrf", alice.csrfOf(alice.get(page).body())));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("only the member that created");

    // carol's member wrote the hostile indicator's created_by_ref, but it arrived as a peer's
    // would (straight into the store): only its creator, the store says, versions it.
    Visitor carol = as("carol");
    HttpResponse<String> notHers =
        carol.post(page + "revoke/", Visitor.form("csrf", carol.csrfOf(carol.get(page).body())));
    assertThat(notHers.statusCode()).isEqualTo(403);
    assertThat(notHers.body()).contains("only an object");

    // What carol's member published itself, it revokes.
    String own = "indicator--3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a";
    String soc = community.node.store().member("corp-soc").orElseThrow().identityId();
    String bundle =
        """
        {"type":"bundle","id":"bundle--0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","objects":[
        {"type":"indicator","spec_version":"2.1","id":"%s","created_by_ref":"%s",
         "created":"2026-02-01T00:00:00.000Z","modified":"2026-02-01T00:00:00.000Z",
         "name":"ours","pattern":"[ipv4-addr:value = '192.0.2.77']","pattern_type":"stix",
         "valid_from":"2026-02-01T00:00:00Z","confidence":80}]}"""
            .formatted(own, soc);
    String csrf2 = carol.csrfOf(carol.get("ui/import/").body());
    assertThat(
            carol
                .post(
                    "ui/import/publish/",
                    Visitor.form(
                        "csrf",
                        csrf2,
                        "collection",
                        community.sharedId().toString(),
                        "bundle",
                        bundle))
                .body())
        .contains("1 stored, 0 refused");
    String ownPage = "ui/objects/" + own + "/";
    String carols = carol.get(ownPage).body();
    assertThat(carols).contains("id=\"revoke\"");
    assertThat(
            carol
                .post(ownPage + "revoke/", Visitor.form("csrf", carol.csrfOf(carols)))
                .statusCode())
        .isEqualTo(303);
    assertThat(carol.get(ownPage).body()).contains("tag revoked").doesNotContain("id=\"revoke\"");
  }

  @Test
  void peerStatusIsShownToAdministratorsOnly() {
    // alice administers the demo node; bob does not.
    String admins = as("alice").get("ui/status/").body();
    assertThat(admins).contains("<td>partner</td>");
    String others = as("bob").get("ui/status/").body();
    assertThat(others).contains("shown to the node's administrators").doesNotContain("partner");
  }

  @Test
  void peerStatusShowsEachCursorTheLogStateAndAFlagInertly() {
    Store store = community.node.store();
    assertThat(as("alice").get("ui/status/").body())
        .contains(
            "<td>partner</td><td>" + Community.PARTNER_COLLECTION + "</td><td>nothing pulled yet")
        .contains("<td class=\"lag\">not caught up yet</td>")
        .contains("<td class=\"log\">unchecked</td>", "not checked yet");

    java.time.Instant moved = java.time.Instant.parse("2026-03-04T05:06:07Z");
    store.saveSyncCursor(
        new org.wuzhen.store.SyncCursor(
            "partner", Community.PARTNER_COLLECTION, "2026-03-04T05:06:00.123456Z", moved));
    store.flagPeer(
        new org.wuzhen.store.PeerFlag(
            "partner", "head 7 does not extend head 9 <script>alert(1)</script>", moved));
    try {
      String page = as("alice").get("ui/status/").body();
      assertThat(page)
          .contains(
              "<td>partner</td><td>"
                  + Community.PARTNER_COLLECTION
                  + "</td><td>added after 2026-03-04T05:06:00.123456Z</td><td>"
                  + moved
                  + "</td>")
          .contains("<td class=\"log\">flagged</td>", "none: pulling stopped")
          .contains("head 7 does not extend head 9 &lt;script&gt;")
          .doesNotContain("<script>alert(1)");
      assertThat(as("bob").get("ui/status/").body()).doesNotContain("head 7", "partner-indicators");
    } finally {
      store.clearPeerFlag("partner");
    }
  }
}
