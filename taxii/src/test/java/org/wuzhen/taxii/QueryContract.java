package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.Creator;
import org.wuzhen.store.StixSamples;

/**
 * Get objects, one object, versions and manifest with every filter, paging with signed next tokens,
 * the date-added headers, and delete.
 */
abstract class QueryContract extends TaxiiFixture {
  static final Pattern MICROS =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
  static final String V1 = "2020-01-01T00:00:00.000Z";
  static final String V2 = "2021-06-01T12:00:00.000Z";
  static final String V3 = "2022-03-04T05:06:07.891Z";

  /** One indicator in three versions, a malware, an SCO; posted in that order. */
  record Sample(CollectionId c, String indicator, String malware, String sco) {}

  Sample sample() {
    CollectionId c = acmeCollection();
    String ind = newId("indicator");
    String mal = newId("malware");
    String sco = newId("ipv4-addr");
    for (String o :
        List.of(
            indicator(ind, V1),
            indicator(ind, V2),
            indicator(ind, V3),
            malware(mal, acmeIdentity),
            ipv4(sco, "203.0.113.9"))) {
      assertThat(
              AddObjectsContract.counts(asAlice.post(objects(c), envelope(o)).expect(202).json()))
          .containsExactly(1, 1, 0, 0);
    }
    return new Sample(c, ind, mal, sco);
  }

  @Test
  void getObjectsReturnsLatestVersionsInDateAddedOrderWithHeaders() {
    Sample s = sample();
    Http.Result r = asAlice.get(objects(s.c())).expect(200);
    assertThat(r.ids()).containsExactly(s.indicator(), s.malware(), s.sco());
    assertThat(r.objects().getFirst().string("modified")).hasValue(V3);
    assertThat(r.more()).isFalse();
    assertThat(r.next()).isEmpty();
    List<JsonObject> manifest =
        asAlice.get("api1/collections/" + s.c() + "/manifest/").list("objects");
    assertThat(r.header("X-TAXII-Date-Added-First"))
        .hasValue(manifest.getFirst().string("date_added").orElseThrow());
    assertThat(r.header("X-TAXII-Date-Added-Last"))
        .hasValue(manifest.getLast().string("date_added").orElseThrow());
    assertThat(r.header("X-TAXII-Date-Added-First").orElseThrow()).matches(MICROS);
  }

  @Test
  void emptyResultsHaveNoDateHeadersAndMoreFalse() {
    Http.Result r = asAlice.get(objects(acmeCollection())).expect(200);
    assertThat(r.body()).isEqualTo("{\"more\":false}");
    assertThat(r.header("X-TAXII-Date-Added-First")).isEmpty();
    assertThat(r.header("X-TAXII-Date-Added-Last")).isEmpty();
  }

  @Test
  void manifestRecordsCarryIdDateAddedVersionAndMediaType() {
    Sample s = sample();
    List<JsonObject> records =
        asAlice
            .get("api1/collections/" + s.c() + "/manifest/?match[version]=all")
            .expect(200)
            .list("objects");
    assertThat(records).hasSize(5);
    assertThat(records.stream().map(m -> m.string("version").orElseThrow()).toList().subList(0, 3))
        .containsExactly(V1, V2, V3);
    for (JsonObject m : records) {
      assertThat(m.string("date_added").orElseThrow()).matches(MICROS);
      assertThat(m.string("media_type")).hasValue("application/stix+json;version=2.1");
    }
    // An SCO has no modified or created: its version is its date_added.
    assertThat(records.get(4).string("version")).isEqualTo(records.get(4).string("date_added"));
  }

  @Test
  void addedAfterIsStrictlyLater() {
    Sample s = sample();
    List<JsonObject> manifest =
        asAlice.get("api1/collections/" + s.c() + "/manifest/?match[version]=all").list("objects");
    String third = manifest.get(2).string("date_added").orElseThrow();
    assertThat(asAlice.get(objects(s.c()) + "?match[version]=all&added_after=" + third).ids())
        .containsExactly(s.malware(), s.sco());
    // Lenient input: without a fraction, and far in the past.
    assertThat(asAlice.get(objects(s.c()) + "?added_after=2000-01-01T00:00:00Z").ids()).hasSize(3);
    asAlice
        .get(objects(s.c()) + "?added_after=yesterday")
        .expectError(400, "added_after: 'yesterday'");
  }

  @Test
  void matchIdAndTypeAreOrListsAndFiltersAnd() {
    Sample s = sample();
    assertThat(asAlice.get(objects(s.c()) + "?match[type]=indicator,ipv4-addr").ids())
        .containsExactly(s.indicator(), s.sco());
    assertThat(asAlice.get(objects(s.c()) + "?match[id]=" + s.malware() + "," + s.sco()).ids())
        .containsExactly(s.malware(), s.sco());
    assertThat(
            asAlice
                .get(
                    objects(s.c())
                        + "?match[id]="
                        + s.malware()
                        + ","
                        + s.sco()
                        + "&match[type]=malware")
                .ids())
        .containsExactly(s.malware());
    asAlice.get(objects(s.c()) + "?match[type]=a,,b").expectError(400, "match[type]: empty value");
  }

  @Test
  void matchVersionSelectsFirstLastAllTimestampsAndMixtures() {
    Sample s = sample();
    String ind = objects(s.c()) + "?match[id]=" + s.indicator() + "&match[version]=";
    assertThat(modifieds(asAlice.get(ind + "first"))).containsExactly(V1);
    assertThat(modifieds(asAlice.get(ind + "last"))).containsExactly(V3);
    assertThat(modifieds(asAlice.get(ind + "all"))).containsExactly(V1, V2, V3);
    assertThat(modifieds(asAlice.get(ind + V2))).containsExactly(V2);
    assertThat(modifieds(asAlice.get(ind + "first," + V2))).containsExactly(V1, V2);
    assertThat(modifieds(asAlice.get(ind + "2021-06-01T12:00:00Z"))).containsExactly(V2);
    asAlice.get(ind + "newest").expectError(400, "match[version]: 'newest' is neither");
    asAlice.get(ind + "2021-13-01T00:00:00Z").expectError(400, "match[version]");
  }

  @Test
  void matchSpecVersionDefaultsToTheLatest() {
    CollectionId c = acmeCollection();
    String id = newId("malware");
    // STIX 2.0 objects cannot be POSTed (the validator is 2.1), so they come in through the store.
    store.add(c, List.of(StixSamples.malware20(id, V1, V1)));
    store.add(c, List.of(StixSamples.malware21(id, V1, V2)));
    Http.Result latest = asAlice.get(objects(c)).expect(200);
    assertThat(latest.objects())
        .singleElement()
        .satisfies(o -> assertThat(o.string("spec_version")).hasValue("2.1"));
    Http.Result old = asAlice.get(objects(c) + "?match[spec_version]=2.0").expect(200);
    assertThat(old.objects())
        .singleElement()
        .satisfies(o -> assertThat(o.has("spec_version")).isFalse());
    assertThat(
            asAlice.get(objects(c) + "?match[spec_version]=2.0,2.1&match[version]=all").objects())
        .hasSize(2);
    asAlice.get(objects(c) + "?match[spec_version]=latest").expectError(400, "match[spec_version]");
  }

  @Test
  void limitIsCheckedAndClamped() {
    Sample s = sample();
    asAlice.get(objects(s.c()) + "?limit=0").expectError(400, "limit: must be greater than 0");
    asAlice
        .get(objects(s.c()) + "?limit=-20")
        .expectError(400, "limit: '-20' is not a positive integer");
    asAlice.get(objects(s.c()) + "?limit=ten").expectError(400, "limit: 'ten'");
    assertThat(asAlice.get(objects(s.c()) + "?limit=99999999999999").objects()).hasSize(3);
  }

  @Test
  void pagingThroughHundredsOfObjectsFindsEachExactlyOnce() {
    CollectionId c = acmeCollection();
    Set<String> posted = new HashSet<>();
    for (int batch = 0; batch < 6; batch++) {
      List<String> objs = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String id = newId("indicator");
        posted.add(id);
        objs.add(indicator(id, V1));
      }
      asAlice.post(objects(c), envelope(objs.toArray(String[]::new))).expect(202);
    }
    // max page size is 100, so 500 is clamped
    assertThat(asAlice.get(objects(c) + "?limit=500").objects()).hasSize(100);
    for (String endpoint : List.of(objects(c), "api1/collections/" + c + "/manifest/")) {
      List<String> seen = new ArrayList<>();
      String url = endpoint + "?limit=7&match[type]=indicator";
      Http.Result page = asAlice.get(url).expect(200);
      String previousLast = "";
      while (true) {
        seen.addAll(page.ids());
        String first = page.header("X-TAXII-Date-Added-First").orElseThrow();
        assertThat(first).isGreaterThan(previousLast);
        previousLast = page.header("X-TAXII-Date-Added-Last").orElseThrow();
        if (!page.more()) {
          assertThat(page.next()).isEmpty();
          break;
        }
        page = asAlice.get(url + "&next=" + page.next().orElseThrow()).expect(200);
      }
      assertThat(seen).hasSize(300).doesNotHaveDuplicates();
      assertThat(new HashSet<>(seen)).isEqualTo(posted);
    }
  }

  @Test
  void nextTokensAreBoundToTheirQueryAndTamperEvident() {
    Sample s = sample();
    String url = objects(s.c()) + "?limit=1";
    String next = asAlice.get(url).expect(200).next().orElseThrow();
    asAlice.get(url + "&next=" + next).expect(200);
    asAlice.get(objects(s.c()) + "?limit=2&next=" + next).expect(200); // limit may change
    asAlice.get(url + "&match[type]=malware&next=" + next).expectError(400, "different query");
    String other = objects(acmeCollection());
    asAlice.get(other + "?limit=1&next=" + next).expectError(400, "different query");
    char flipped = next.charAt(10) == 'A' ? 'B' : 'A';
    String tampered = next.substring(0, 10) + flipped + next.substring(11);
    asAlice.get(url + "&next=" + tampered).expectError(400, "next: ");
    asAlice.get(url + "&next=nonsense").expectError(400, "not a token this node issued");
  }

  @Test
  void nextTokensSurviveARestartAndOnlyWorkUnderTheSameKey() {
    Sample s = sample();
    String url = objects(s.c()) + "?limit=2";
    String next = asAlice.get(url).expect(200).next().orElseThrow();
    try (TaxiiServer restarted = new TaxiiServer(config(), store).start()) {
      Http again =
          new Http(restarted.baseUri(), java.util.Optional.of(Http.basic(alice, PASSWORD)));
      assertThat(again.get(url + "&next=" + next).expect(200).ids()).containsExactly(s.sco());
    }
    byte[] otherKey =
        "another-node-signing-key-32-byte".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    TaxiiConfig foreign =
        new TaxiiConfig(
            "127.0.0.1",
            0,
            config().discovery(),
            config().apiRoots(),
            config().statusRetention(),
            50,
            100,
            otherKey);
    try (TaxiiServer elsewhere = new TaxiiServer(foreign, store).start()) {
      Http there =
          new Http(elsewhere.baseUri(), java.util.Optional.of(Http.basic(alice, PASSWORD)));
      there.get(url + "&next=" + next).expectError(400, "not a token this node issued");
    }
  }

  @Test
  void getAnObjectReturnsItsVersionsAndPagesThem() {
    Sample s = sample();
    String one = objects(s.c()) + s.indicator() + "/";
    Http.Result latest = asAlice.get(one).expect(200);
    assertThat(modifieds(latest)).containsExactly(V3);
    assertThat(latest.header("X-TAXII-Date-Added-First")).isPresent();
    Http.Result first = asAlice.get(one + "?match[version]=all&limit=2").expect(200);
    assertThat(modifieds(first)).containsExactly(V1, V2);
    assertThat(first.more()).isTrue();
    Http.Result rest =
        asAlice
            .get(one + "?match[version]=all&limit=2&next=" + first.next().orElseThrow())
            .expect(200);
    assertThat(modifieds(rest)).containsExactly(V3);
    assertThat(rest.more()).isFalse();
    assertThat(asAlice.get(one + "?added_after=2999-01-01T00:00:00Z").expect(200).body())
        .isEqualTo("{\"more\":false}");
    asAlice.get(objects(s.c()) + newId("indicator") + "/").expectError(404, "no object");
  }

  @Test
  void versionsListsEveryVersionAscendingWithPaging() {
    Sample s = sample();
    String url = objects(s.c()) + s.indicator() + "/versions/";
    Http.Result all = asAlice.get(url).expect(200);
    assertThat(all.json().strings("versions")).containsExactly(V1, V2, V3);
    assertThat(all.header("X-TAXII-Date-Added-Last")).isPresent();
    List<String> paged = new ArrayList<>();
    Http.Result page = asAlice.get(url + "?limit=1").expect(200);
    paged.addAll(page.json().strings("versions"));
    while (page.more()) {
      page = asAlice.get(url + "?limit=1&next=" + page.next().orElseThrow()).expect(200);
      paged.addAll(page.json().strings("versions"));
    }
    assertThat(paged).containsExactly(V1, V2, V3);
    asAlice.get(objects(s.c()) + newId("indicator") + "/versions/").expectError(404, "no object");
  }

  @Test
  void deleteRemovesSelectedVersionsThenTheObject() {
    Sample s = sample();
    String one = objects(s.c()) + s.indicator() + "/";
    assertThat(asAlice.delete(one + "?match[version]=first").status()).isEqualTo(200);
    assertThat(asAlice.get(one + "versions/").json().strings("versions")).containsExactly(V2, V3);
    assertThat(asAlice.delete(one + "?match[version]=" + V3).status()).isEqualTo(200);
    assertThat(asAlice.get(one + "versions/").json().strings("versions")).containsExactly(V2);
    asAlice.delete(one + "?match[version]=" + V1).expectError(404, "no version of object");
    Http.Result gone = asAlice.delete(one);
    assertThat(gone.status()).isEqualTo(200);
    assertThat(gone.body()).isEmpty();
    asAlice.get(one).expectError(404, "no object");
    asAlice.delete(one).expectError(404, "no version of object");
    assertThat(asAlice.get("api1/collections/" + s.c() + "/manifest/").ids())
        .containsExactly(s.malware(), s.sco());
  }

  @Test
  void deleteWithoutFiltersRemovesEverySpecVersion() {
    CollectionId c = acmeCollection();
    String id = newId("malware");
    store.add(
        c,
        Creator.member(acme),
        List.of(StixSamples.malware20(id, V1, V1), StixSamples.malware21(id, V1, V2)));
    assertThat(asAlice.delete(objects(c) + id + "/").status()).isEqualTo(200);
    asAlice.get(objects(c) + id + "/?match[spec_version]=2.0").expectError(404, "no object");
  }

  private static List<String> modifieds(Http.Result r) {
    r.expect(200);
    return r.objects().stream().map(o -> o.string("modified").orElseThrow()).toList();
  }
}
