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
}
