package org.wuzhen.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wuzhen.store.StixSamples.identity;
import static org.wuzhen.store.StixSamples.indicator;
import static org.wuzhen.store.StixSamples.ipv4;
import static org.wuzhen.store.StixSamples.malware20;
import static org.wuzhen.store.StixSamples.malware21;
import static org.wuzhen.store.StixSamples.newId;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;

/**
 * The behaviour every {@link Store} implementation must have. A subclass says how to open a store
 * on its database; every test makes its own collections and names, so tests share one database.
 */
public abstract class StoreContract {
  private static final String T1 = "2020-01-01T00:00:00.000Z";
  private static final String T2 = "2021-01-01T00:00:00.000Z";
  private static final String T3 = "2022-01-01T00:00:00.000Z";

  private final List<Store> opened = new ArrayList<>();
  protected Store store;

  /**
   * Opens a store on this test class's database. Each call gives an independent instance on the
   * same data, as another process would have.
   */
  protected abstract Store openStore();

  /**
   * A new database of this kind with the migrations up to {@code version} only (an older node's
   * schema), and the config that opens it as a store.
   */
  protected abstract StoreConfig databaseMigratedTo(String version);

  /** A plain JDBC connection to a database {@link #databaseMigratedTo} made. */
  private static java.sql.Connection connect(StoreConfig config) throws java.sql.SQLException {
    return switch (config) {
      case StoreConfig.Sqlite sqlite ->
          java.sql.DriverManager.getConnection(
              "jdbc:sqlite:" + sqlite.dataDirectory().resolve("wuzhen.db"));
      case StoreConfig.Postgres pg ->
          java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    };
  }

  @BeforeEach
  void openFirst() {
    store = open();
  }

  @AfterEach
  void closeAll() {
    opened.forEach(Store::close);
    opened.clear();
  }

  protected final Store open() {
    Store s = openStore();
    opened.add(s);
    return s;
  }

  private Store reopen() {
    store.close();
    opened.remove(store);
    store = open();
    return store;
  }

  // ---- helpers ----

  private CollectionId newCollection() {
    CollectionId id = CollectionId.random();
    store.createCollection(
        new CollectionInfo(
            id,
            "Test " + id,
            Optional.empty(),
            Optional.empty(),
            List.of("application/stix+json;version=2.1")));
    return id;
  }

  private static long micros(String timestamp) {
    return ObjectRow.micros(Instant.parse(timestamp));
  }

  private static ObjectQuery query(
      List<String> ids, List<String> types, VersionSelection versions, List<String> specs) {
    return new ObjectQuery(
        Optional.empty(), ids, types, versions, specs, 1000, Optional.empty(), true);
  }

  private static ObjectQuery versions(VersionSelection versions, List<String> specs) {
    return query(List.of(), List.of(), versions, specs);
  }

  private static VersionSelection select(boolean first, boolean last, Long... exact) {
    return new VersionSelection(first, last, false, Set.of(exact));
  }

  /** Every result of a query, following next cursors; checks each page's more/next. */
  private static List<StoredObject> all(Store s, CollectionId c, ObjectQuery q) {
    List<StoredObject> out = new ArrayList<>();
    Optional<PageCursor> after = q.after();
    while (true) {
      ObjectPage page =
          s.query(
              c,
              new ObjectQuery(
                  q.addedAfterMicros(),
                  q.ids(),
                  q.types(),
                  q.versions(),
                  q.specVersions(),
                  q.limit(),
                  after,
                  q.withJson()));
      assertThat(page.objects().size()).isLessThanOrEqualTo(q.limit());
      out.addAll(page.objects());
      if (!page.more()) {
        return out;
      }
      assertThat(page.objects()).hasSize(q.limit());
      after = page.next();
    }
  }

  private static List<String> keys(List<StoredObject> objects) {
    return objects.stream().map(o -> o.id() + "@" + o.version().orElse("-")).toList();
  }

  private static String key(String id, String version) {
    return id + "@" + version;
  }

  // ---- objects with their status ----

  @Test
  void addWithStatusCommitsTheObjectsAndTheirStatusTogether() {
    CollectionId c = newCollection();
    String id = StixSamples.newId("indicator");
    StixObject indicator =
        StixSamples.indicator(id, "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z");
    String statusId = UUID.randomUUID().toString();
    List<AddOutcome> outcomes =
        store.addWithStatus(
            c,
            Creator.member("m"),
            List.of(indicator),
            added -> {
              assertThat(added).hasSize(1).first().isInstanceOf(AddOutcome.Added.class);
              return new StatusRecord(
                  statusId,
                  Instant.parse("2024-02-01T00:00:00Z"),
                  List.of(new StatusRecord.Detail(id, Optional.empty(), Optional.empty())),
                  List.of(),
                  List.of());
            });
    assertThat(outcomes).hasSize(1);
    assertThat(store.status(statusId)).isPresent();
    assertThat(all(store, c, ObjectQuery.latest(10)))
        .extracting(StoredObject::id)
        .containsExactly(id);
  }

  @Test
  void poolFiguresCountTheConnectionAWriteHolds() {
    CollectionId c = newCollection();
    String id = StixSamples.newId("indicator");
    StixObject indicator =
        StixSamples.indicator(id, "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z");
    PoolFigures before = store.poolFigures();
    PoolFigures[] during = new PoolFigures[1];
    store.addWithStatus(
        c,
        Creator.member("m"),
        List.of(indicator),
        added -> {
          // The status is built inside the write's transaction, on a connection lent out.
          during[0] = store.poolFigures();
          return new StatusRecord(
              UUID.randomUUID().toString(),
              Instant.parse("2024-02-01T00:00:00Z"),
              List.of(new StatusRecord.Detail(id, Optional.empty(), Optional.empty())),
              List.of(),
              List.of());
        });
    PoolFigures after = store.poolFigures();

    assertThat(before.pool()).startsWith("wuzhen-");
    assertThat(before.active()).isZero();
    assertThat(during[0].active()).isEqualTo(1);
    assertThat(after.active()).isZero();
    assertThat(after.active() + after.idle()).isPositive();
    assertThat(after.pending()).isZero();
  }

  @Test
  void addWithStatusStoresNothingWhenTheStatusCannotBeBuilt() {
    CollectionId c = newCollection();
    StixObject indicator =
        StixSamples.indicator(
            StixSamples.newId("indicator"), "2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                store.addWithStatus(
                    c,
                    Creator.member("m"),
                    List.of(indicator),
                    added -> {
                      throw new IllegalStateException("status refused");
                    }))
        .hasMessageContaining("status refused");
    assertThat(all(store, c, ObjectQuery.latest(10))).isEmpty();
  }

  // ---- collections ----

  @Test
  void createsListsAndFindsCollections() {
    CollectionId id = CollectionId.random();
    CollectionInfo info =
        new CollectionInfo(
            id,
            "Shared indicators",
            Optional.of("What members share"),
            Optional.of("shared-" + id),
            List.of("application/stix+json;version=2.1", "application/stix+json;version=2.0"));
    assertThat(store.createCollection(info)).isEqualTo(info);
    assertThat(store.collection(id)).contains(info);
    assertThat(store.collections()).contains(info);
    assertThat(store.collection(CollectionId.random())).isEmpty();
  }

  @Test
  void refusesCollectionWithExistingIdOrAlias() {
    CollectionId id = newCollection();
    CollectionInfo again =
        new CollectionInfo(id, "x", Optional.empty(), Optional.empty(), List.of());
    assertThatThrownBy(() -> store.createCollection(again))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessageContaining(id.toString());
    String alias = "alias-" + UUID.randomUUID();
    store.createCollection(
        new CollectionInfo(
            CollectionId.random(), "a", Optional.empty(), Optional.of(alias), List.of()));
    assertThatThrownBy(
            () ->
                store.createCollection(
                    new CollectionInfo(
                        CollectionId.random(),
                        "b",
                        Optional.empty(),
                        Optional.of(alias),
                        List.of())))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessageContaining(alias);
  }

  // ---- add ----

  @Test
  void addsVersionsAndKeepsTheExactJsonText() {
    CollectionId c = newCollection();
    String id = newId("indicator");
    String text =
        "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\""
            + id
            + "\",\"created\":\"2020-01-01T00:00:00Z\",\"modified\":\"2020-01-01T00:00:00.123456Z\","
            + "\"valid_from\":\"2020-01-01T00:00:00Z\",\"pattern\":\"[file:size = 1.0e3]\","
            + "\"pattern_type\":\"stix\",\"x_custom\":{\"b\":1,\"a\":[1.50,null,\"\\u00e9\"]}}";
    List<AddOutcome> outcomes = store.add(c, List.of(StixObject.parse(text)));
    assertThat(outcomes).singleElement().isInstanceOf(AddOutcome.Added.class);
    assertThat(outcomes.get(0).versionMicros()).isEqualTo(micros("2020-01-01T00:00:00.123456Z"));

    StoredObject stored = store.query(c, ObjectQuery.latest(10)).objects().get(0);
    assertThat(stored.json()).contains(StixObject.parse(text).toJson());
    assertThat(stored.id()).isEqualTo(id);
    assertThat(stored.type()).isEqualTo("indicator");
    assertThat(stored.version()).contains("2020-01-01T00:00:00.123456Z");
    assertThat(stored.specVersion()).isEqualTo("2.1");
    assertThat(stored.dateAddedMicros())
        .isEqualTo(((AddOutcome.Added) outcomes.get(0)).dateAddedMicros());
  }

  @Test
  void preparedObjectsAreStoredAsAddStoresThemUnderTheSameRules() {
    CollectionId c = newCollection();
    String id = newId("indicator");
    StixObject v1 = indicator(id, T1, T1);
    StixObject v2 = indicator(id, T1, T2);
    List<AddOutcome> outcomes =
        store.addPrepared(
            c,
            Creator.member("acme"),
            List.of(PreparedObject.of(v1), PreparedObject.of(v1), PreparedObject.of(v2)));
    assertThat(outcomes.get(0)).isInstanceOf(AddOutcome.Added.class);
    assertThat(outcomes.get(1)).isEqualTo(new AddOutcome.Duplicate(id, micros(T1)));
    assertThat(outcomes.get(2)).isInstanceOf(AddOutcome.Added.class);
    assertThat(all(store, c, versions(VersionSelection.ALL, List.of())))
        .extracting(o -> o.json().orElseThrow())
        .containsExactly(v1.toJson(), v2.toJson());
    assertThat(store.creator(id)).contains(Creator.member("acme"));
    // The creator rule holds for prepared objects too.
    StixObject v3 = indicator(id, T1, T3);
    assertThat(store.addPrepared(c, Creator.member("other"), List.of(PreparedObject.of(v3))))
        .singleElement()
        .isInstanceOf(AddOutcome.Refused.class);
    // And each added version has its transparency-log leaf, as with add.
    long leaves = store.logSize();
    store.addPrepared(c, Creator.member("acme"), List.of(PreparedObject.of(indicator(id, T1, T3))));
    assertThat(store.logSize()).isEqualTo(leaves + 1);
  }

  @Test
  void preparedGroupsAreStoredTogetherWithTheOutcomesAddGives() {
    CollectionId c = newCollection();
    String held = newId("indicator");
    store.add(c, Creator.member("other"), List.of(indicator(held, T1, T1)));
    String a = newId("indicator");
    String b = newId("indicator");
    long leaves = store.logSize();
    List<GroupOutcome> outcomes =
        store.addPreparedGroups(
            c,
            Creator.member("acme"),
            List.of(
                List.of(PreparedObject.of(indicator(a, T1, T1))),
                List.of(
                    PreparedObject.of(indicator(b, T1, T1)),
                    PreparedObject.of(indicator(held, T1, T2))),
                List.of()));
    assertThat(outcomes).hasSize(3).allMatch(o -> o instanceof GroupOutcome.Stored);
    assertThat(((GroupOutcome.Stored) outcomes.get(0)).outcomes())
        .singleElement()
        .isInstanceOf(AddOutcome.Added.class);
    // The creator rule decides object by object, as in add: it does not fail the group.
    assertThat(((GroupOutcome.Stored) outcomes.get(1)).outcomes())
        .extracting(o -> (Object) o.getClass())
        .containsExactly(AddOutcome.Added.class, AddOutcome.Refused.class);
    assertThat(((GroupOutcome.Stored) outcomes.get(2)).outcomes()).isEmpty();
    assertThat(store.logSize()).isEqualTo(leaves + 2);
    assertThat(store.creator(b)).contains(Creator.member("acme"));
  }

  @Test
  void servedMispEventsAreKeptPerReaderAndReplaced() {
    String reader = newId("reader");
    assertThat(store.servedEvents(reader)).isEmpty();
    ServedEvent first = new ServedEvent(reader, "e1", "h1", 1_700_000_000L, "[{\"uuid\":\"a\"}]");
    ServedEvent other = new ServedEvent(reader + "-b", "e1", "h9", 9L, "[]");
    store.saveServedEvents(List.of(first, other));
    assertThat(store.servedEvents(reader)).containsExactly(java.util.Map.entry("e1", first));
    ServedEvent raised = new ServedEvent(reader, "e1", "h2", 1_700_000_001L, "[]");
    ServedEvent second = new ServedEvent(reader, "e2", "h3", 5L, "[]");
    store.saveServedEvents(List.of(raised, second));
    assertThat(store.servedEvents(reader))
        .containsExactly(java.util.Map.entry("e1", raised), java.util.Map.entry("e2", second));
    assertThat(store.servedEvents(reader + "-b")).containsValue(other);
  }

  @Test
  void reAddingAVersionIsADuplicateAndChangesNothing() {
    CollectionId c = newCollection();
    String id = newId("indicator");
    StixObject v1 = indicator(id, T1, T1);
    StixObject v2 = indicator(id, T1, T2);
    List<AddOutcome> first = store.add(c, List.of(v1, v1));
    assertThat(first.get(0)).isInstanceOf(AddOutcome.Added.class);
    assertThat(first.get(1)).isEqualTo(new AddOutcome.Duplicate(id, micros(T1)));
    List<AddOutcome> second = store.add(c, List.of(v1, v2));
    assertThat(second.get(0)).isEqualTo(new AddOutcome.Duplicate(id, micros(T1)));
    assertThat(second.get(1)).isInstanceOf(AddOutcome.Added.class);
    assertThat(all(store, c, versions(VersionSelection.ALL, List.of()))).hasSize(2);
    // The same version in another collection is a new row there.
    CollectionId other = newCollection();
    assertThat(store.add(other, List.of(v1))).singleElement().isInstanceOf(AddOutcome.Added.class);
  }

  @Test
  void refusesToAddToAMissingCollection() {
    CollectionId missing = CollectionId.random();
    assertThatThrownBy(() -> store.add(missing, List.of(identity(newId("identity"), T1))))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> store.query(missing, ObjectQuery.latest(1)))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void dateAddedIsStrictlyIncreasingWithinAndAcrossCalls() {
    CollectionId c = newCollection();
    CollectionId d = newCollection();
    long previous = Long.MIN_VALUE;
    for (int round = 0; round < 5; round++) {
      List<StixObject> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        batch.add(identity(newId("identity"), T1));
      }
      for (AddOutcome o : store.add(round % 2 == 0 ? c : d, batch)) {
        long added = ((AddOutcome.Added) o).dateAddedMicros();
        assertThat(added).isGreaterThan(previous);
        previous = added;
      }
    }
  }

  @Test
  void dateAddedIsStrictlyIncreasingAcrossTwoStoresOnOneDatabase() throws Exception {
    Store other = open();
    CollectionId c = newCollection();
    long previous = Long.MIN_VALUE;
    for (int round = 0; round < 6; round++) {
      Store s = round % 2 == 0 ? store : other;
      for (AddOutcome o : s.add(c, List.of(identity(newId("identity"), T1)))) {
        long added = ((AddOutcome.Added) o).dateAddedMicros();
        assertThat(added).isGreaterThan(previous);
        previous = added;
      }
    }
    // Concurrent writers through both instances: every date_added is distinct.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<AddOutcome>>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Store s = t % 2 == 0 ? store : other;
        futures.add(
            pool.submit(
                () -> {
                  List<AddOutcome> out = new ArrayList<>();
                  for (int i = 0; i < 10; i++) {
                    out.addAll(
                        s.add(
                            c,
                            List.of(
                                identity(newId("identity"), T1), identity(newId("identity"), T2))));
                  }
                  return out;
                }));
      }
      Set<Long> dates = new HashSet<>();
      for (Future<List<AddOutcome>> f : futures) {
        for (AddOutcome o : f.get()) {
          assertThat(dates.add(((AddOutcome.Added) o).dateAddedMicros())).isTrue();
        }
      }
      assertThat(dates).hasSize(160);
    } finally {
      pool.shutdownNow();
    }
    // What a reader sees is in date_added order with no duplicates.
    List<StoredObject> everything = all(store, c, versions(VersionSelection.ALL, List.of()));
    assertThat(everything).hasSize(166);
    for (int i = 1; i < everything.size(); i++) {
      assertThat(everything.get(i).dateAddedMicros())
          .isGreaterThan(everything.get(i - 1).dateAddedMicros());
    }
  }

  @Test
  void objectsAndDateAddedOrderSurviveReopen() {
    CollectionId c = newCollection();
    String id = newId("indicator");
    List<AddOutcome> before = store.add(c, List.of(indicator(id, T1, T1), indicator(id, T1, T2)));
    long lastBefore = ((AddOutcome.Added) before.get(1)).dateAddedMicros();
    Store reopened = reopen();
    assertThat(keys(all(reopened, c, versions(VersionSelection.ALL, List.of()))))
        .containsExactly(key(id, T1), key(id, T2));
    assertThat(reopened.collection(c)).isPresent();
    AddOutcome after = reopened.add(c, List.of(indicator(id, T1, T3))).get(0);
    assertThat(((AddOutcome.Added) after).dateAddedMicros()).isGreaterThan(lastBefore);
    assertThat(reopened.add(c, List.of(indicator(id, T1, T1))).get(0))
        .isInstanceOf(AddOutcome.Duplicate.class);
  }

  // ---- query: filters ----

  @Test
  void addedAfterIsStrictlyLater() {
    CollectionId c = newCollection();
    List<Long> dates = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = newId("identity");
      ids.add(id);
      dates.add(
          ((AddOutcome.Added) store.add(c, List.of(identity(id, T1))).get(0)).dateAddedMicros());
    }
    ObjectQuery afterSecond =
        new ObjectQuery(
            Optional.of(dates.get(1)),
            List.of(),
            List.of(),
            VersionSelection.LAST,
            List.of(),
            100,
            Optional.empty(),
            true);
    assertThat(all(store, c, afterSecond))
        .extracting(StoredObject::id)
        .containsExactly(ids.get(2), ids.get(3), ids.get(4));
    ObjectQuery afterLast =
        new ObjectQuery(
            Optional.of(dates.get(4)),
            List.of(),
            List.of(),
            VersionSelection.LAST,
            List.of(),
            100,
            Optional.empty(),
            true);
    ObjectPage none = store.query(c, afterLast);
    assertThat(none.objects()).isEmpty();
    assertThat(none.more()).isFalse();
    assertThat(none.next()).isEmpty();
  }

  @Test
  void valuesInOneFilterAreOredAndFiltersAreAnded() {
    CollectionId c = newCollection();
    String ind = newId("indicator");
    String idn = newId("identity");
    String ip = newId("ipv4-addr");
    store.add(c, List.of(indicator(ind, T1, T1), identity(idn, T1), ipv4(ip, "192.0.2.1")));

    assertThat(all(store, c, query(List.of(ind, idn), List.of(), VersionSelection.LAST, List.of())))
        .extracting(StoredObject::id)
        .containsExactly(ind, idn);
    assertThat(
            all(
                store,
                c,
                query(
                    List.of(), List.of("identity", "ipv4-addr"), VersionSelection.LAST, List.of())))
        .extracting(StoredObject::id)
        .containsExactly(idn, ip);
    assertThat(
            all(
                store,
                c,
                query(List.of(ind, idn), List.of("identity"), VersionSelection.LAST, List.of())))
        .extracting(StoredObject::id)
        .containsExactly(idn);
    assertThat(
            all(
                store,
                c,
                query(List.of(ind), List.of("identity"), VersionSelection.LAST, List.of())))
        .isEmpty();
    assertThat(
            all(
                store,
                c,
                query(List.of(newId("indicator")), List.of(), VersionSelection.ALL, List.of())))
        .isEmpty();
  }

  @Test
  void versionSelectionsFirstLastAllExactAndMixed() {
    CollectionId c = newCollection();
    String a = newId("indicator");
    String b = newId("indicator");
    store.add(c, List.of(indicator(a, T1, T1), indicator(b, T1, T1)));
    store.add(c, List.of(indicator(a, T1, T2)));
    store.add(c, List.of(indicator(a, T1, T3), indicator(b, T1, T2)));

    assertThat(keys(all(store, c, versions(VersionSelection.LAST, List.of()))))
        .containsExactly(key(a, T3), key(b, T2));
    assertThat(keys(all(store, c, versions(select(true, false), List.of()))))
        .containsExactly(key(a, T1), key(b, T1));
    assertThat(keys(all(store, c, versions(VersionSelection.ALL, List.of()))))
        .containsExactly(key(a, T1), key(b, T1), key(a, T2), key(a, T3), key(b, T2));
    assertThat(keys(all(store, c, versions(select(false, false, micros(T2)), List.of()))))
        .containsExactly(key(a, T2), key(b, T2));
    assertThat(keys(all(store, c, versions(select(true, true), List.of()))))
        .containsExactly(key(a, T1), key(b, T1), key(a, T3), key(b, T2));
    assertThat(keys(all(store, c, versions(select(false, true, micros(T2)), List.of()))))
        .containsExactly(key(a, T2), key(a, T3), key(b, T2));
    assertThat(keys(all(store, c, versions(select(true, false, micros(T3)), List.of()))))
        .containsExactly(key(a, T1), key(b, T1), key(a, T3));
    assertThat(
            keys(
                all(
                    store,
                    c,
                    versions(
                        new VersionSelection(true, true, true, Set.of(micros(T2))), List.of()))))
        .hasSize(5);
    assertThat(
            all(
                store,
                c,
                versions(select(false, false, micros("2019-06-01T00:00:00Z")), List.of())))
        .isEmpty();
  }

  @Test
  void lastIsTheObjectsLatestVersionEvenWhenAddedAfterHidesIt() {
    CollectionId c = newCollection();
    String a = newId("indicator");
    store.add(c, List.of(indicator(a, T1, T3)));
    long cut =
        ((AddOutcome.Added) store.add(c, List.of(indicator(a, T1, T2))).get(0)).dateAddedMicros();
    // The older version arrived later; it is not the latest, so "last" after the cut is empty.
    ObjectQuery q =
        new ObjectQuery(
            Optional.of(cut - 1),
            List.of(),
            List.of(),
            VersionSelection.LAST,
            List.of(),
            10,
            Optional.empty(),
            true);
    assertThat(store.query(c, q).objects()).isEmpty();
    assertThat(keys(all(store, c, versions(VersionSelection.LAST, List.of()))))
        .containsExactly(key(a, T3));
  }

  @Test
  void specVersionDefaultsToEachObjectsLatest() {
    CollectionId c = newCollection();
    String mw = newId("malware");
    String only20 = newId("malware");
    store.add(
        c,
        List.of(
            malware20(mw, T1, T1),
            malware20(mw, T1, T3),
            malware21(mw, T1, T2),
            malware20(only20, T1, T1)));

    List<StoredObject> latest = all(store, c, versions(VersionSelection.LAST, List.of()));
    // mw: its latest spec_version is 2.1, whose last version is T2 (the newer 2.0 copy does not
    // count); only20 has nothing but 2.0, so that is its latest.
    assertThat(keys(latest)).containsExactly(key(mw, T2), key(only20, T1));
    assertThat(latest.get(0).specVersion()).isEqualTo("2.1");
    assertThat(latest.get(1).specVersion()).isEqualTo("2.0");

    assertThat(keys(all(store, c, versions(VersionSelection.LAST, List.of("2.0")))))
        .containsExactly(key(mw, T3), key(only20, T1));
    assertThat(keys(all(store, c, versions(select(true, false), List.of("2.0")))))
        .containsExactly(key(mw, T1), key(only20, T1));
    assertThat(keys(all(store, c, versions(VersionSelection.LAST, List.of("2.0", "2.1")))))
        .containsExactly(key(mw, T3), key(only20, T1));
    assertThat(keys(all(store, c, versions(select(true, false), List.of("2.1")))))
        .containsExactly(key(mw, T2));
    assertThat(all(store, c, versions(VersionSelection.ALL, List.of()))).hasSize(2);
    assertThat(all(store, c, versions(VersionSelection.ALL, List.of("2.0", "2.1")))).hasSize(4);
  }

  @Test
  void objectsWithoutVersionAreTheirOwnFirstAndLast() {
    CollectionId c = newCollection();
    String ip = newId("ipv4-addr");
    store.add(c, List.of(ipv4(ip, "203.0.113.5")));
    for (VersionSelection v :
        List.of(
            VersionSelection.LAST,
            VersionSelection.ALL,
            select(true, false),
            select(false, false, 0L))) {
      List<StoredObject> found = all(store, c, versions(v, List.of()));
      assertThat(found)
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.id()).isEqualTo(ip);
                assertThat(o.versionMicros()).isZero();
                assertThat(o.version()).isEmpty();
                assertThat(o.specVersion()).isEqualTo("2.1");
              });
    }
    assertThat(store.add(c, List.of(ipv4(ip, "203.0.113.5"))).get(0))
        .isEqualTo(new AddOutcome.Duplicate(ip, 0));
  }

  @Test
  void manifestQueriesCarryNoJson() {
    CollectionId c = newCollection();
    String id = newId("identity");
    store.add(c, List.of(identity(id, T1)));
    ObjectQuery q =
        new ObjectQuery(
            Optional.empty(),
            List.of(),
            List.of(),
            VersionSelection.LAST,
            List.of(),
            10,
            Optional.empty(),
            false);
    StoredObject o = store.query(c, q).objects().get(0);
    assertThat(o.json()).isEmpty();
    assertThat(o.id()).isEqualTo(id);
    assertThat(o.version()).contains(T1);
    assertThat(o.dateAddedMicros()).isPositive();
  }

  // ---- query: paging ----

  @Test
  void keysetPagingVisitsEveryVersionOnceInOrder() {
    CollectionId c = newCollection();
    Set<String> expected = new HashSet<>();
    for (int batch = 0; batch < 5; batch++) {
      List<StixObject> objects = new ArrayList<>();
      for (int i = 0; i < 47; i++) {
        String id = newId(i % 3 == 0 ? "identity" : "indicator");
        objects.add(i % 3 == 0 ? identity(id, T1) : indicator(id, T1, T2));
        expected.add(id);
      }
      store.add(c, objects);
    }
    for (int limit : new int[] {1, 7, 100, 235, 1000}) {
      ObjectQuery q =
          new ObjectQuery(
              Optional.empty(),
              List.of(),
              List.of(),
              VersionSelection.LAST,
              List.of(),
              limit,
              Optional.empty(),
              limit != 7);
      List<StoredObject> seen = all(store, c, q);
      assertThat(seen).extracting(StoredObject::id).doesNotHaveDuplicates();
      assertThat(new HashSet<>(seen.stream().map(StoredObject::id).toList())).isEqualTo(expected);
      for (int i = 1; i < seen.size(); i++) {
        assertThat(seen.get(i).dateAddedMicros()).isGreaterThan(seen.get(i - 1).dateAddedMicros());
      }
    }
    // Paging with a filter, and a page that ends exactly at the end says no more.
    ObjectQuery identities =
        new ObjectQuery(
            Optional.empty(),
            List.of(),
            List.of("identity"),
            VersionSelection.LAST,
            List.of(),
            16,
            Optional.empty(),
            true);
    assertThat(all(store, c, identities)).hasSize(80);
    ObjectQuery exact =
        new ObjectQuery(
            Optional.empty(),
            List.of(),
            List.of(),
            VersionSelection.LAST,
            List.of(),
            235,
            Optional.empty(),
            true);
    ObjectPage whole = store.query(c, exact);
    assertThat(whole.objects()).hasSize(235);
    assertThat(whole.more()).isFalse();
  }

  @Test
  void aRepeatedQuerySeesWhatWasAddedSinceItLastRan() {
    // The same query text reuses a prepared statement on SQLite; it must not keep a read snapshot.
    CollectionId c = newCollection();
    ObjectQuery q = ObjectQuery.latest(2);
    for (int round = 1; round <= 4; round++) {
      store.add(c, List.of(identity(newId("identity"), T1)));
      ObjectPage page = store.query(c, q);
      assertThat(page.objects()).hasSize(Math.min(round, 2));
      assertThat(page.more()).isEqualTo(round > 2);
    }
    assertThat(all(store, c, q)).hasSize(4);
  }

  @Test
  void pagingDoesNotSkipObjectsAddedBetweenPages() {
    CollectionId c = newCollection();
    List<StixObject> first = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      first.add(identity(newId("identity"), T1));
    }
    store.add(c, first);
    ObjectQuery q =
        new ObjectQuery(
            Optional.empty(),
            List.of(),
            List.of(),
            VersionSelection.ALL,
            List.of(),
            6,
            Optional.empty(),
            true);
    ObjectPage page1 = store.query(c, q);
    String late = newId("identity");
    store.add(c, List.of(identity(late, T1)));
    List<StoredObject> rest =
        all(
            store,
            c,
            new ObjectQuery(
                Optional.empty(),
                List.of(),
                List.of(),
                VersionSelection.ALL,
                List.of(),
                6,
                page1.next(),
                true));
    assertThat(page1.objects().size() + rest.size()).isEqualTo(11);
    assertThat(rest.get(rest.size() - 1).id()).isEqualTo(late);
  }

  @Test
  void storesAndPagesRealAttackData() throws Exception {
    Path file = Path.of("../stix/src/test/resources/data/attack/ics-attack.json");
    JsonObject bundle = (JsonObject) Json.parse(Files.readAllBytes(file));
    List<StixObject> objects = new ArrayList<>();
    for (JsonValue v : bundle.array("objects").orElseThrow().elements()) {
      objects.add(StixObject.from(v));
    }
    CollectionId c = newCollection();
    int added = 0;
    for (int from = 0; from < objects.size(); from += 1000) {
      for (AddOutcome o :
          store.add(c, objects.subList(from, Math.min(objects.size(), from + 1000)))) {
        added += o instanceof AddOutcome.Added ? 1 : 0;
      }
    }
    assertThat(added).isEqualTo(objects.size());
    ObjectQuery everything =
        new ObjectQuery(
            Optional.empty(),
            List.of(),
            List.of(),
            VersionSelection.ALL,
            List.of("2.0", "2.1"),
            333,
            Optional.empty(),
            true);
    List<StoredObject> stored = all(store, c, everything);
    assertThat(stored).hasSize(objects.size());
    for (int i = 0; i < objects.size(); i++) {
      assertThat(stored.get(i).json()).contains(objects.get(i).toJson());
    }
    ObjectQuery techniques =
        new ObjectQuery(
            Optional.empty(),
            List.of(),
            List.of("attack-pattern"),
            VersionSelection.LAST,
            List.of(),
            50,
            Optional.empty(),
            false);
    long expected = objects.stream().filter(o -> o.type().equals("attack-pattern")).count();
    assertThat(all(store, c, techniques)).hasSize((int) expected);
  }

  // ---- delete ----

  @Test
  void deletesTheSelectedVersions() {
    CollectionId c = newCollection();
    String a = newId("indicator");
    store.add(
        c,
        List.of(
            indicator(a, T1, T1),
            indicator(a, T1, T2),
            indicator(a, T1, T3),
            indicator(a, T1, "2023-01-01T00:00:00.000Z")));
    assertThat(store.delete(c, a, select(false, false, micros(T2)), List.of())).isEqualTo(1);
    assertThat(store.delete(c, a, select(true, false), List.of())).isEqualTo(1);
    assertThat(keys(all(store, c, versions(VersionSelection.ALL, List.of()))))
        .containsExactly(key(a, T3), key(a, "2023-01-01T00:00:00.000Z"));
    assertThat(store.delete(c, a, VersionSelection.LAST, List.of())).isEqualTo(1);
    assertThat(store.delete(c, a, select(false, false, micros(T1)), List.of())).isZero();
    assertThat(store.delete(c, a, VersionSelection.ALL, List.of())).isEqualTo(1);
    assertThat(all(store, c, versions(VersionSelection.ALL, List.of()))).isEmpty();
    assertThat(store.delete(c, newId("indicator"), VersionSelection.ALL, List.of())).isZero();
    CollectionId missing = CollectionId.random();
    assertThatThrownBy(() -> store.delete(missing, a, VersionSelection.ALL, List.of()))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void objectsWhoseIdsShareAUuidAreStoredReadAndDeletedApart() {
    // Since V57 the version index keys an id by its UUID's bytes and its type's code: a MISP
    // attribute's indicator and observed-data share one UUID, and must stay two objects.
    CollectionId c = newCollection();
    String uuid = UUID.randomUUID().toString();
    String ind = "indicator--" + uuid;
    String mal = "malware--" + uuid;
    assertThat(store.add(c, List.of(indicator(ind, T1, T1), malware21(mal, T1, T1))))
        .allMatch(o -> o instanceof AddOutcome.Added);
    assertThat(store.add(c, List.of(indicator(ind, T1, T2), malware21(mal, T1, T1))))
        .extracting(o -> o.getClass().getSimpleName())
        .containsExactly("Added", "Duplicate");

    assertThat(keys(all(store, c, ObjectQuery.latest(10))))
        .containsExactlyInAnyOrder(key(ind, T2), key(mal, T1));
    assertThat(keys(all(store, c, query(List.of(ind), List.of(), VersionSelection.ALL, List.of()))))
        .containsExactly(key(ind, T1), key(ind, T2));
    assertThat(keys(all(store, c, query(List.of(mal), List.of(), select(true, false), List.of()))))
        .containsExactly(key(mal, T1));
    assertThat(store.query(c, ObjectQuery.latestOf("identity--" + uuid, false)).objects())
        .isEmpty();
    assertThat(store.objectLog(c, mal)).hasSize(1);
    assertThat(store.objectLog(c, ind)).hasSize(2);

    assertThat(store.delete(c, ind, VersionSelection.ALL, List.of())).isEqualTo(2);
    assertThat(keys(all(store, c, versions(VersionSelection.ALL, List.of()))))
        .containsExactly(key(mal, T1));
    // Another creator's new version of the remaining one is refused, its stored version a
    // duplicate: both found by the key.
    assertThat(
            store.add(
                c,
                Creator.member("other"),
                List.of(malware21(mal, T1, T1), malware21(mal, T1, T2))))
        .extracting(o -> o.getClass().getSimpleName())
        .containsExactly("Duplicate", "Refused");
  }

  @Test
  void deleteHonoursSpecVersions() {
    CollectionId c = newCollection();
    String mw = newId("malware");
    String other = newId("malware");
    store.add(c, List.of(malware20(mw, T1, T1), malware21(mw, T1, T2), malware21(other, T1, T1)));
    assertThat(store.delete(c, mw, VersionSelection.ALL, List.of("2.0"))).isEqualTo(1);
    assertThat(keys(all(store, c, versions(VersionSelection.ALL, List.of("2.0", "2.1")))))
        .containsExactlyInAnyOrder(key(mw, T2), key(other, T1));
    store.add(c, List.of(malware20(mw, T1, T1)));
    // Default spec_version: only the latest (2.1) copy is deleted.
    assertThat(store.delete(c, mw, VersionSelection.ALL, List.of())).isEqualTo(1);
    assertThat(keys(all(store, c, versions(VersionSelection.ALL, List.of("2.0", "2.1")))))
        .containsExactlyInAnyOrder(key(mw, T1), key(other, T1));
  }

  // ---- statuses ----

  @Test
  void savesReadsReplacesAndPurgesStatuses() {
    String id = UUID.randomUUID().toString();
    Instant requested = Instant.parse("2026-01-02T03:04:05.123456Z");
    StatusRecord pending =
        new StatusRecord(
            id,
            requested,
            List.of(new StatusRecord.Detail("indicator--1", Optional.of(T1), Optional.empty())),
            List.of(
                new StatusRecord.Detail(
                    "malware--2", Optional.empty(), Optional.of("objects[1].name: missing"))),
            List.of(new StatusRecord.Detail("identity--3", Optional.of(T2), Optional.empty())));
    store.saveStatus(pending);
    assertThat(store.status(id)).contains(pending);
    StatusRecord complete =
        new StatusRecord(id, requested, pending.successes(), pending.failures(), List.of());
    store.saveStatus(complete);
    assertThat(store.status(id)).contains(complete);
    assertThat(store.status(id).orElseThrow().status()).isEqualTo("complete");
    assertThat(store.status(UUID.randomUUID().toString())).isEmpty();

    String old = UUID.randomUUID().toString();
    store.saveStatus(
        new StatusRecord(
            old, Instant.parse("2000-01-01T00:00:00Z"), List.of(), List.of(), List.of()));
    assertThat(store.purgeStatuses(Instant.parse("2000-01-01T00:00:00.000001Z")))
        .isGreaterThanOrEqualTo(1);
    assertThat(store.status(old)).isEmpty();
    assertThat(store.status(id)).isPresent();
  }

  // ---- members, users, tokens, permissions ----

  @Test
  void managesMembersUsersTokensAndPermissions() {
    String m = "member-" + UUID.randomUUID();
    Member member = new Member(m, newId("identity"));
    store.addMember(member);
    assertThat(store.member(m)).contains(member);
    assertThat(store.members()).contains(member);
    assertThat(store.member("nobody-" + UUID.randomUUID())).isEmpty();
    assertThatThrownBy(() -> store.addMember(member))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessageContaining(m);

    String u = "user-" + UUID.randomUUID();
    User user = new User(u, m, "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", true);
    store.addUser(user);
    assertThat(store.user(u)).contains(user);
    assertThat(store.users()).contains(user);
    assertThatThrownBy(() -> store.addUser(user))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessageContaining(u);
    String ghost = "ghost-" + UUID.randomUUID();
    assertThatThrownBy(() -> store.addUser(new User("x-" + UUID.randomUUID(), ghost, "h", false)))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessageContaining(ghost);

    String hash = "sha256:" + UUID.randomUUID();
    ApiToken token =
        new ApiToken(
            "tok-" + UUID.randomUUID(),
            u,
            hash,
            Instant.parse("2026-03-04T05:06:07.891011Z"),
            false);
    store.addToken(token);
    assertThat(store.tokenByHash(hash)).contains(token);
    assertThatThrownBy(() -> store.addToken(token))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessageContaining(token.tokenId());
    assertThatThrownBy(
            () ->
                store.addToken(
                    new ApiToken("tok-" + UUID.randomUUID(), u, hash, Instant.now(), false)))
        .isInstanceOf(StoreException.Conflict.class)
        .hasMessageContaining("hash");
    assertThatThrownBy(
            () ->
                store.addToken(
                    new ApiToken(
                        "tok-" + UUID.randomUUID(),
                        ghost,
                        "h-" + UUID.randomUUID(),
                        Instant.now(),
                        false)))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessageContaining(ghost);
    assertThat(store.revokeToken(token.tokenId())).isTrue();
    assertThat(store.tokenByHash(hash).orElseThrow().revoked()).isTrue();
    assertThat(store.revokeToken("tok-" + UUID.randomUUID())).isFalse();
    assertThat(store.tokenByHash("sha256:unknown")).isEmpty();

    CollectionId c = newCollection();
    assertThat(store.permissions(c)).isEmpty();
    store.grant(new Permission(c, Principal.member(m), true, false));
    store.grant(new Permission(c, Principal.user(u), false, true));
    store.grant(new Permission(c, Principal.member(m), true, true));
    assertThat(store.permissions(c))
        .containsExactlyInAnyOrder(
            new Permission(c, Principal.member(m), true, true),
            new Permission(c, Principal.user(u), false, true));
    assertThatThrownBy(() -> store.grant(new Permission(c, Principal.user(ghost), true, true)))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessageContaining(ghost);
    CollectionId missing = CollectionId.random();
    assertThatThrownBy(() -> store.grant(new Permission(missing, Principal.member(m), true, true)))
        .isInstanceOf(StoreException.NotFound.class)
        .hasMessageContaining(missing.toString());

    // Everything is still there after a restart.
    Store reopened = reopen();
    assertThat(reopened.member(m)).contains(member);
    assertThat(reopened.user(u)).contains(user);
    assertThat(reopened.tokenByHash(hash).orElseThrow().revoked()).isTrue();
    assertThat(reopened.permissions(c)).hasSize(2);
  }

  // ---- federation: peers, pull cursors, provenance ----

  @Test
  void peersAreSavedReplacedListedAndRemoved() {
    String a = "peer-a-" + UUID.randomUUID();
    String b = "peer-b-" + UUID.randomUUID();
    store.savePeer(new FederationPeer(a, "{\"url\":\"http://a/\"}"));
    store.savePeer(new FederationPeer(b, "{}"));
    store.savePeer(new FederationPeer(a, "{\"url\":\"http://a2/\"}"));
    assertThat(reopen().peers())
        .contains(new FederationPeer(a, "{\"url\":\"http://a2/\"}"), new FederationPeer(b, "{}"));
    assertThat(store.removePeer(a)).isTrue();
    assertThat(store.removePeer(a)).isFalse();
    assertThat(store.peers()).extracting(FederationPeer::name).doesNotContain(a).contains(b);
  }

  @Test
  void peerLogHeadsAreReplacedAndFlagsKeepTheFirstUntilCleared() {
    String peer = "peer-log-" + UUID.randomUUID();
    byte[] root = new byte[LogHash.LENGTH];
    root[0] = 7;
    Instant verified = Instant.parse("2024-05-06T07:08:09.123456Z");
    PeerHead first =
        new PeerHead(
            peer,
            "MCowBQYDK2VwAyEA",
            3,
            new LogHash(root),
            1714979289123L,
            "ab12",
            "c2ln",
            verified);
    store.savePeerHead(first);
    root[31] = 9;
    PeerHead second =
        new PeerHead(
            peer,
            "MCowBQYDK2VwAyEA",
            5,
            new LogHash(root),
            1714979290000L,
            "ab12",
            "c2lnMg==",
            verified.plusSeconds(1));
    store.savePeerHead(second);
    Store reopened = reopen();
    assertThat(reopened.peerHead(peer)).contains(second);
    assertThat(reopened.peerHeads()).contains(second).doesNotContain(first);

    PeerFlag flag = new PeerFlag(peer, "two histories", verified);
    assertThat(store.flagPeer(flag)).isTrue();
    // The first finding stays: a later one does not replace it.
    assertThat(store.flagPeer(new PeerFlag(peer, "the log shrank", verified.plusSeconds(5))))
        .isFalse();
    assertThat(reopen().peerFlags()).contains(flag);

    assertThat(store.clearPeerFlag(peer)).isTrue();
    assertThat(store.peerFlags()).extracting(PeerFlag::peer).doesNotContain(peer);
    // Clearing also forgets the pinned key and head: the next round starts afresh.
    assertThat(store.peerHead(peer)).isEmpty();
    assertThat(store.clearPeerFlag(peer)).isFalse();
  }

  @Test
  void aPulledPageCommitsObjectsProvenanceAndCursorTogether() {
    CollectionId c = newCollection();
    String peer = "peer-" + UUID.randomUUID();
    String id = newId("indicator");
    Instant received = Instant.parse("2024-05-06T07:08:09.123456Z");
    SyncCursor cursor = new SyncCursor(peer, "remote-1", "2024-05-06T07:00:00.000001Z", received);
    assertThat(store.syncCursor(peer, "remote-1")).isEmpty();

    List<AddOutcome> first =
        store.applyPulled(new PulledPage(c, List.of(indicator(id, T1, T2)), cursor));
    assertThat(first).singleElement().isInstanceOf(AddOutcome.Added.class);
    // The same version again, from another peer: a duplicate whose second origin is recorded.
    SyncCursor other = new SyncCursor(peer + "-x", "remote-9", "2024-01-01T00:00:00Z", received);
    assertThat(store.applyPulled(new PulledPage(c, List.of(indicator(id, T1, T2)), other)))
        .singleElement()
        .isInstanceOf(AddOutcome.Duplicate.class);

    Store reopened = reopen();
    assertThat(reopened.syncCursor(peer, "remote-1")).contains(cursor);
    assertThat(reopened.provenance(id))
        .containsExactly(
            new Provenance(id, micros(T2), peer, "remote-1", received),
            new Provenance(id, micros(T2), peer + "-x", "remote-9", received));
    assertThat(reopened.query(c, ObjectQuery.latest(10)).objects()).hasSize(1);
    assertThat(reopened.provenance(newId("indicator"))).isEmpty();
  }

  @Test
  void provenanceOfManyObjectsComesInOneCallAndMatchesTheOneByOneAnswers() {
    CollectionId c = newCollection();
    String peer = "peer-" + UUID.randomUUID();
    SyncCursor cursor =
        new SyncCursor(peer, "remote-1", "2024-05-06T07:00:00.000001Z", Instant.now());
    List<String> pulled = new java.util.ArrayList<>();
    List<StixObject> objects = new java.util.ArrayList<>();
    // More ids than one query binds, so the answer spans several queries.
    for (int i = 0; i < 1_200; i++) {
      String id = newId("indicator");
      pulled.add(id);
      objects.add(indicator(id, T1, T2));
    }
    store.applyPulled(new PulledPage(c, objects, cursor));
    String never = newId("indicator");
    List<String> asked = new java.util.ArrayList<>(pulled);
    asked.add(never);
    asked.add(pulled.getFirst());

    java.util.Map<String, List<Provenance>> all = store.provenance(asked);

    assertThat(all).doesNotContainKey(never).hasSize(pulled.size());
    for (String id : List.of(pulled.getFirst(), pulled.get(700), pulled.getLast())) {
      assertThat(all.get(id)).isEqualTo(store.provenance(id)).hasSize(1);
    }
  }

  @Test
  void aPulledPageIntoAMissingCollectionLeavesNoCursorBehind() {
    String peer = "peer-" + UUID.randomUUID();
    SyncCursor cursor = new SyncCursor(peer, "r", "2024-01-01T00:00:00Z", Instant.now());
    CollectionId missing = CollectionId.random();
    assertThatThrownBy(
            () ->
                store.applyPulled(
                    new PulledPage(
                        missing, List.of(indicator(newId("indicator"), T1, T1)), cursor)))
        .isInstanceOf(StoreException.NotFound.class);
    assertThat(store.syncCursor(peer, "r")).isEmpty();
    SyncCursor moved = new SyncCursor(peer, "r", "2024-02-01T00:00:00Z", Instant.EPOCH);
    store.saveSyncCursor(moved);
    assertThat(store.syncCursor(peer, "r")).contains(moved);
  }

  // ---- transparency log ----

  private static String sha256Hex(byte[] prefix, String text) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      sha.update(prefix);
      return java.util.HexFormat.of()
          .formatHex(sha.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private List<JsonObject> recordsSince(long start) {
    List<LogLeaf> leaves = store.logLeaves(start, store.logSize());
    for (int i = 0; i < leaves.size(); i++) {
      LogLeaf leaf = leaves.get(i);
      assertThat(leaf.index()).isEqualTo(start + i);
      // Salted (migration V46): the hash covers 0x00, the leaf's own salt, then the record.
      assertThat(leaf.salt()).isPresent();
      byte[] prefix = new byte[1 + LogHash.LENGTH];
      System.arraycopy(leaf.salt().orElseThrow().bytes(), 0, prefix, 1, LogHash.LENGTH);
      assertThat(leaf.leafHash().hex()).isEqualTo(sha256Hex(prefix, leaf.record()));
      assertThat(leaf.leafData())
          .hasSize(LogHash.LENGTH + leaf.record().getBytes(StandardCharsets.UTF_8).length);
    }
    return leaves.stream().map(l -> (JsonObject) Json.parse(l.record())).toList();
  }

  @Test
  void eachAddedVersionAppendsOneLeafThatHashesItsStoredJson() {
    CollectionId c = newCollection();
    String id = newId("indicator");
    long before = store.logSize();
    List<AddOutcome> outcomes =
        store.add(c, List.of(indicator(id, T1, T1), indicator(id, T1, T2), indicator(id, T1, T1)));
    assertThat(outcomes.get(2)).isInstanceOf(AddOutcome.Duplicate.class);

    List<JsonObject> records = recordsSince(before);
    assertThat(records).hasSize(2);
    List<ObjectLogEntry> entries = store.objectLog(c, id);
    assertThat(entries).hasSize(2);
    for (int i = 0; i < 2; i++) {
      JsonObject r = records.get(i);
      assertThat(r.string("op")).contains("add");
      assertThat(r.string("collection")).contains(c.toString());
      assertThat(r.string("id")).contains(id);
      assertThat(Json.write(r.get("date_added").orElseThrow()))
          .isEqualTo(Long.toString(((AddOutcome.Added) outcomes.get(i)).dateAddedMicros()));
      ObjectLogEntry entry = entries.get(i);
      assertThat(entry.leaf().index()).isEqualTo(before + i);
      assertThat(r.string("sha256")).contains(sha256Hex(new byte[0], entry.storedJson()));
    }
    // The record is canonical: members sorted, no spaces.
    assertThat(store.logLeaves(before, before + 1).getFirst().record())
        .startsWith("{\"collection\":\"" + c + "\",\"date_added\":")
        .doesNotContain(" ");
  }

  @Test
  void leavesOfAddsAndOtherWritesInterleaveWithoutGapsWhereverARangeStartsAndEnds() {
    CollectionId c = newCollection();
    long before = store.logSize();
    List<String> firstIds = List.of(newId("indicator"), newId("indicator"), newId("indicator"));
    store.add(c, firstIds.stream().map(id -> indicator(id, T1, T1)).toList());
    store.addMember(new Member("log-run-" + UUID.randomUUID(), newId("identity")));
    List<String> secondIds = List.of(newId("indicator"), newId("indicator"));
    List<AddOutcome> second =
        store.add(c, secondIds.stream().map(id -> indicator(id, T1, T1)).toList());

    List<JsonObject> records = recordsSince(before);
    assertThat(records)
        .extracting(r -> r.string("op").orElseThrow())
        .containsExactly("add", "add", "add", "member", "add", "add");
    assertThat(records)
        .extracting(r -> r.string("id").orElse("-"))
        .containsExactly(
            firstIds.get(0),
            firstIds.get(1),
            firstIds.get(2),
            "-",
            secondIds.get(0),
            secondIds.get(1));
    List<LogLeaf> all = store.logLeaves(before, before + 6);
    for (int from = 0; from < 6; from++) {
      for (int to = from; to <= 6; to++) {
        assertThat(store.logLeaves(before + from, before + to))
            .as("leaves [%d, %d)", from, to)
            .isEqualTo(all.subList(from, to));
      }
      assertThat(store.logNode(0, before + from)).contains(all.get(from).leafHash());
    }
    long middle = ((AddOutcome.Added) second.get(1)).dateAddedMicros();
    assertThat(store.logLeavesAt(middle)).containsExactly(all.get(5));
    assertThat(store.objectLog(c, firstIds.get(1)))
        .extracting(ObjectLogEntry::leaf)
        .containsExactly(all.get(1));
  }

  @Test
  void aLargeAddIsLoggedAsConsecutiveLeavesAcrossSeveralRuns() {
    CollectionId c = newCollection();
    long before = store.logSize();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ids.add(newId("indicator"));
    }
    List<AddOutcome> outcomes =
        store.add(c, ids.stream().map(id -> indicator(id, T1, T1)).toList());
    assertThat(store.logSize()).isEqualTo(before + 300);

    List<JsonObject> records = recordsSince(before);
    assertThat(records).extracting(r -> r.string("id").orElseThrow()).isEqualTo(ids);
    List<LogLeaf> leaves = store.logLeaves(before, before + 300);
    for (int i = 0; i < 300; i += 37) {
      long dateAdded = ((AddOutcome.Added) outcomes.get(i)).dateAddedMicros();
      assertThat(store.logLeavesAt(dateAdded)).containsExactly(leaves.get(i));
      assertThat(store.logNode(0, before + i)).contains(leaves.get(i).leafHash());
      assertThat(store.logLeaves(before + i, before + 300)).isEqualTo(leaves.subList(i, 300));
    }
    assertThat(store.objectLog(c, ids.getLast()))
        .extracting(ObjectLogEntry::leaf)
        .containsExactly(leaves.getLast());
  }

  @Test
  void deletesMembersUsersAndGrantsAppendLeavesToo() {
    CollectionId c = newCollection();
    String id = newId("indicator");
    store.add(c, List.of(indicator(id, T1, T1), indicator(id, T1, T2)));
    String m = "log-member-" + UUID.randomUUID();
    String u = "log-user-" + UUID.randomUUID();
    long before = store.logSize();

    assertThat(store.delete(c, id, VersionSelection.ALL, List.of())).isEqualTo(2);
    store.addMember(new Member(m, newId("identity")));
    store.addUser(new User(u, m, "hash", false));
    store.grant(new Permission(c, Principal.member(m), true, false));

    List<JsonObject> records = recordsSince(before);
    assertThat(records)
        .extracting(r -> r.string("op").orElseThrow())
        .containsExactly("delete", "delete", "member", "user", "grant");
    assertThat(records.get(0).string("id")).contains(id);
    assertThat(records.get(2).string("name")).contains(m);
    assertThat(records.get(3).toString()).doesNotContain("hash\"");
    assertThat(records.get(4).string("principal")).contains("member:" + m);
    assertThat(store.objectLog(c, id)).isEmpty();
    long removed =
        records.get(0).get("date_added").map(Json::write).map(Long::parseLong).orElseThrow();
    assertThat(store.logLeavesAt(removed))
        .extracting(l -> ((JsonObject) Json.parse(l.record())).string("op").orElseThrow())
        .containsExactly("add", "delete");
    // What each leaf is about, as a node decides who may read it.
    assertThat(store.logLeaves(before, before + 5))
        .extracting(LogLeaf::subject)
        .containsExactly(
            new LeafSubject.ObjectDeleted(c, id, micros(T1), removed),
            new LeafSubject.ObjectDeleted(
                c,
                id,
                micros(T2),
                records
                    .get(1)
                    .get("date_added")
                    .map(Json::write)
                    .map(Long::parseLong)
                    .orElseThrow()),
            new LeafSubject.MemberAdded(m),
            new LeafSubject.UserAdded(u, m),
            new LeafSubject.Granted(c, Principal.member(m)));
  }

  @Test
  void everyLeafHasItsOwnSaltAndSaysWhatItIsAbout() {
    CollectionId c = newCollection();
    long before = store.logSize();
    List<String> ids = List.of(newId("indicator"), newId("indicator"));
    List<AddOutcome> added = store.add(c, ids.stream().map(id -> indicator(id, T1, T1)).toList());
    List<LogLeaf> leaves = recordsAndLeavesSince(before);
    assertThat(leaves)
        .extracting(LogLeaf::subject)
        .containsExactly(
            new LeafSubject.ObjectAdded(
                c, ids.get(0), micros(T1), ((AddOutcome.Added) added.get(0)).dateAddedMicros()),
            new LeafSubject.ObjectAdded(
                c, ids.get(1), micros(T1), ((AddOutcome.Added) added.get(1)).dateAddedMicros()));
    assertThat(leaves.get(0).salt()).isNotEqualTo(leaves.get(1).salt());
    // The salt is a function of the index: read again, the same leaf has the same salt and hash.
    assertThat(store.logLeaves(before, before + 2)).isEqualTo(leaves);
    assertThat(store.logNode(0, before)).contains(leaves.get(0).leafHash());
  }

  @Test
  void storedVersionsListsEveryVersionOfEveryCollectionInDateAddedOrder() {
    CollectionId c = newCollection();
    CollectionId d = newCollection();
    String id = newId("indicator");
    long before = lastDateAdded();
    store.add(c, List.of(indicator(id, T1, T1)));
    store.add(d, List.of(indicator(newId("indicator"), T1, T1)));
    store.add(c, List.of(indicator(id, T1, T2)));
    List<StoredVersion> all = store.storedVersions(before, 1000);
    assertThat(all).extracting(v -> v.collection().orElseThrow()).containsExactly(c, d, c);
    assertThat(all).extracting(v -> v.object().dateAddedMicros()).isSorted();
    StoredVersion last = all.getLast();
    assertThat(last.object().id()).isEqualTo(id);
    assertThat(last.object().json().orElseThrow()).contains(id);
    List<StoredVersion> paged = store.storedVersions(all.getFirst().object().dateAddedMicros(), 1);
    assertThat(paged).extracting(v -> v.collection().orElseThrow()).containsExactly(d);
    assertThatThrownBy(() -> store.storedVersions(0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private long lastDateAdded() {
    long last = 0;
    List<StoredVersion> page;
    do {
      page = store.storedVersions(last, 1000);
      if (!page.isEmpty()) {
        last = page.getLast().object().dateAddedMicros();
      }
    } while (page.size() == 1000);
    return last;
  }

  private List<LogLeaf> recordsAndLeavesSince(long start) {
    recordsSince(start);
    return store.logLeaves(start, store.logSize());
  }

  @Test
  void aWriteThatRollsBackAppendsNoLeaf() {
    CollectionId c = newCollection();
    long before = store.logSize();
    assertThatThrownBy(
            () ->
                store.addWithStatus(
                    c,
                    Creator.member("m"),
                    List.of(identity(newId("identity"), T1)),
                    outcomes -> {
                      throw new IllegalStateException("no status");
                    }))
        .isInstanceOf(IllegalStateException.class);
    String m = "log-member-" + UUID.randomUUID();
    store.addMember(new Member(m, newId("identity")));
    assertThatThrownBy(() -> store.addMember(new Member(m, newId("identity"))))
        .isInstanceOf(StoreException.Conflict.class);
    assertThat(store.logSize()).isEqualTo(before + 1);
  }

  @Test
  void leafIndexesStayGapFreeWithConcurrentWritersOnTwoStores() throws Exception {
    Store other = open();
    CollectionId c = newCollection();
    long before = store.logSize();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Store s = t % 2 == 0 ? store : other;
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 5; i++) {
                    String id = newId("identity");
                    s.add(c, List.of(identity(id, T1), identity(newId("identity"), T2)));
                    if (thread % 4 == 1) {
                      s.delete(c, id, VersionSelection.ALL, List.of());
                    } else if (thread % 4 == 3) {
                      s.addMember(new Member("log-" + UUID.randomUUID(), newId("identity")));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    // 80 additions, 10 deletes, 10 members; recordsSince checks the indexes are contiguous.
    assertThat(store.logSize() - before).isEqualTo(100);
    assertThat(recordsSince(before)).hasSize(100);
    assertThat(other.logSize()).isEqualTo(store.logSize());
  }

  @Test
  void subtreeNodesAreStoredOnceAndReadBack() {
    long level = 40 + (System.nanoTime() & 0xf);
    int lv = (int) level;
    long start = store.logNodeEnd(lv);
    LogHash a = new LogHash(new byte[32]);
    byte[] ones = new byte[32];
    java.util.Arrays.fill(ones, (byte) 1);
    LogHash b = new LogHash(ones);
    store.putLogNodes(List.of(new LogNode(lv, start, a), new LogNode(lv, start + 1, b)));
    // A second writer computing the same node keeps the first value (they are equal in practice).
    store.putLogNodes(List.of(new LogNode(lv, start + 1, a)));
    assertThat(store.logNode(lv, start)).contains(a);
    assertThat(store.logNode(lv, start + 1)).contains(b);
    assertThat(store.logNode(lv, start + 2)).isEmpty();
    assertThat(store.logNodeEnd(lv)).isEqualTo(start + 2);
    assertThat(store.logNode(0, store.logSize())).isEmpty();
  }

  @Test
  void anOpenStoreOnAReachableDatabaseIsReady() {
    assertThat(store.readinessProblem()).isEmpty();
  }

  // ---- creators (STIX 2.1 §3.6: only an object's creator versions it) ----

  @Test
  void theFirstVersionFixesTheCreatorAndAnotherCreatorsNewVersionIsRefused() {
    CollectionId c = newCollection();
    String id = newId("indicator");
    Creator acme = Creator.member("acme-" + UUID.randomUUID());
    Creator mallory = Creator.member("mallory-" + UUID.randomUUID());
    assertThat(store.add(c, acme, List.of(indicator(id, T1, T1))))
        .singleElement()
        .isInstanceOf(AddOutcome.Added.class);
    assertThat(store.creator(id)).contains(acme);

    assertThat(store.add(c, mallory, List.of(indicator(id, T1, T2))))
        .containsExactly(new AddOutcome.Refused(id, micros(T2), acme));
    // The same version again changes nothing: a duplicate, whoever sends it.
    assertThat(store.add(c, mallory, List.of(indicator(id, T1, T1))))
        .containsExactly(new AddOutcome.Duplicate(id, micros(T1)));
    assertThat(store.add(c, acme, List.of(indicator(id, T1, T2))))
        .singleElement()
        .isInstanceOf(AddOutcome.Added.class);
    assertThat(store.query(c, versions(VersionSelection.ALL, List.of())).objects())
        .extracting(StoredObject::versionMicros)
        .containsExactly(micros(T1), micros(T2));
    assertThat(store.creator(id)).contains(acme);
    assertThat(store.creator(newId("indicator"))).isEmpty();
  }

  @Test
  void theCreatorHoldsAcrossCollectionsAndOutlivesADelete() {
    CollectionId first = newCollection();
    CollectionId second = newCollection();
    String id = newId("indicator");
    Creator acme = Creator.member("acme-" + UUID.randomUUID());
    Creator mallory = Creator.member("mallory-" + UUID.randomUUID());
    store.add(first, acme, List.of(indicator(id, T1, T1)));
    assertThat(store.add(second, mallory, List.of(indicator(id, T1, T1))))
        .containsExactly(new AddOutcome.Refused(id, micros(T1), acme));
    assertThat(store.delete(first, id, VersionSelection.ALL, List.of())).isEqualTo(1);
    assertThat(store.add(first, mallory, List.of(indicator(id, T1, T2))))
        .containsExactly(new AddOutcome.Refused(id, micros(T2), acme));
    assertThat(reopen().creator(id)).contains(acme);
  }

  @Test
  void oneEnvelopeMixesRefusedAndAddedObjectsAndRefusesNothingOfItsOwn() {
    CollectionId c = newCollection();
    String theirs = newId("indicator");
    String mine = newId("indicator");
    Creator acme = Creator.member("acme-" + UUID.randomUUID());
    Creator beta = Creator.member("beta-" + UUID.randomUUID());
    store.add(c, acme, List.of(indicator(theirs, T1, T1)));
    List<AddOutcome> outcomes =
        store.add(
            c,
            beta,
            List.of(indicator(mine, T1, T1), indicator(theirs, T1, T2), indicator(mine, T1, T2)));
    assertThat(outcomes.get(0)).isInstanceOf(AddOutcome.Added.class);
    assertThat(outcomes.get(1)).isEqualTo(new AddOutcome.Refused(theirs, micros(T2), acme));
    assertThat(outcomes.get(2)).isInstanceOf(AddOutcome.Added.class);
    assertThat(store.creator(mine)).contains(beta);
  }

  @Test
  void aPulledObjectNamingNoCreatorBelongsToThePeerThatFirstSentIt() {
    CollectionId c = newCollection();
    String id = newId("indicator");
    String origin = "origin-" + UUID.randomUUID();
    String other = "other-" + UUID.randomUUID();
    Instant received = Instant.parse("2024-05-06T07:00:00Z");
    store.applyPulled(
        new PulledPage(
            c,
            List.of(indicator(id, T1, T1)),
            new SyncCursor(origin, "r", "2024-01-01T00:00:00Z", received)));
    assertThat(store.creator(id)).contains(Creator.peer(origin));

    SyncCursor otherCursor = new SyncCursor(other, "r", "2024-02-01T00:00:00Z", received);
    assertThat(store.applyPulled(new PulledPage(c, List.of(indicator(id, T1, T2)), otherCursor)))
        .containsExactly(new AddOutcome.Refused(id, micros(T2), Creator.peer(origin)));
    // Refused versions get no provenance; the cursor still moves past the page.
    assertThat(store.provenance(id)).extracting(Provenance::peer).containsOnly(origin);
    assertThat(store.syncCursor(other, "r")).contains(otherCursor);
    // A local member cannot version it either.
    assertThat(
            store.add(c, Creator.member("m-" + UUID.randomUUID()), List.of(indicator(id, T1, T3))))
        .singleElement()
        .isInstanceOf(AddOutcome.Refused.class);
    assertThat(
            store.applyPulled(
                new PulledPage(
                    c,
                    List.of(indicator(id, T1, T2)),
                    new SyncCursor(origin, "r", "2024-03-01T00:00:00Z", received))))
        .singleElement()
        .isInstanceOf(AddOutcome.Added.class);
  }

  @Test
  void aPulledObjectBelongsToItsOriginWhicheverPeerRelaysIt() {
    CollectionId c = newCollection();
    String id = newId("indicator");
    String author = newId("identity");
    Instant received = Instant.parse("2024-05-06T07:00:00Z");
    SyncCursor fromA =
        new SyncCursor("a-" + UUID.randomUUID(), "r", "2024-01-01T00:00:00Z", received);
    SyncCursor fromB =
        new SyncCursor("b-" + UUID.randomUUID(), "r", "2024-01-01T00:00:00Z", received);
    store.applyPulled(new PulledPage(c, List.of(createdBy(indicator(id, T1, T1), author)), fromA));
    assertThat(store.creator(id)).contains(Creator.origin(author));
    // Relayed by another peer, the origin's next version is accepted...
    assertThat(
            store.applyPulled(
                new PulledPage(c, List.of(createdBy(indicator(id, T1, T2), author)), fromB)))
        .singleElement()
        .isInstanceOf(AddOutcome.Added.class);
    // ...a version naming another creator, or none, is not.
    String impostor = newId("identity");
    assertThat(
            store.applyPulled(
                new PulledPage(
                    c,
                    List.of(createdBy(indicator(id, T1, T3), impostor), indicator(id, T1, T3)),
                    fromB)))
        .containsExactly(
            new AddOutcome.Refused(id, micros(T3), Creator.origin(author)),
            new AddOutcome.Refused(id, micros(T3), Creator.origin(author)));
  }

  private static StixObject createdBy(StixObject o, String identity) {
    return StixObject.parse(
        o.toJson().replaceFirst("\\{", "{\"created_by_ref\":\"" + identity + "\","));
  }

  @Test
  void upgradingRecordsTheCreatorsOfStoredObjectsFromProvenanceAndCreatedByRef() throws Exception {
    StoreConfig old = databaseMigratedTo("46");
    String byMember = newId("indicator");
    String pulled = newId("indicator");
    String pulledUnnamed = newId("indicator");
    String unknown = newId("indicator");
    String identity = newId("identity");
    try (java.sql.Connection conn = connect(old);
        java.sql.Statement st = conn.createStatement()) {
      st.executeUpdate(
          "INSERT INTO collections (id, title, media_types) VALUES ('"
              + CollectionId.random()
              + "', 'old', '[]')");
      st.executeUpdate(
          "INSERT INTO members (name, identity_id) VALUES ('acme', '" + identity + "')");
      String insert =
          "INSERT INTO objects (date_added, collection_key, id, version_micros, type, version,"
              + " spec_version, json) VALUES (?, (SELECT key FROM collections), ?, 1, 'indicator',"
              + " 'v', '2.1', ?)";
      try (var p = conn.prepareStatement(insert)) {
        Object[][] rows = {
          // created_by_ref written in upper case before ids were canonical still names acme
          {
            1L,
            byMember,
            "{\"created_by_ref\":\""
                + identity.toUpperCase(java.util.Locale.ROOT).replace("IDENTITY", "identity")
                + "\"}"
          },
          {2L, pulled, "{\"created_by_ref\":\"" + identity + "\"}"},
          {3L, unknown, "{\"name\":\"no creator\"}"},
          {4L, pulledUnnamed, "{\"name\":\"no creator\"}"}
        };
        for (Object[] row : rows) {
          p.setLong(1, (Long) row[0]);
          p.setString(2, (String) row[1]);
          p.setString(3, (String) row[2]);
          p.executeUpdate();
        }
      }
      st.executeUpdate(
          "INSERT INTO federation_provenance (object_id, version_micros, peer, remote_collection,"
              + " received_micros) VALUES ('"
              + pulled
              + "', 1, 'late', 'r', 20), ('"
              + pulled
              + "', 1, 'early', 'r', 10), ('"
              + pulledUnnamed
              + "', 1, 'late', 'r', 20), ('"
              + pulledUnnamed
              + "', 1, 'early', 'r', 10)");
    }
    try (Store upgraded = Stores.open(old)) {
      assertThat(upgraded.creator(byMember)).contains(Creator.member("acme"));
      assertThat(upgraded.creator(pulled)).contains(Creator.origin(identity));
      assertThat(upgraded.creator(pulledUnnamed)).contains(Creator.peer("early"));
      assertThat(upgraded.creator(unknown)).isEmpty();
    }
  }

  @Test
  void anIdsCreatorIsKeptApartFromEveryOtherIdWhateverItsShape() {
    CollectionId c = newCollection();
    String uuid = UUID.randomUUID().toString();
    // The same UUID under several types (misp-stix gives an attribute's indicator and observed-data
    // one UUID), and new types. Ids that end in no canonical UUID are refused by StixObject; an
    // upgraded store may still hold some (see the upgrade below).
    Map<String, Creator> claims = new LinkedHashMap<>();
    claims.put("indicator--" + uuid, Creator.member("a-" + UUID.randomUUID()));
    claims.put("x-misp-object--" + uuid, Creator.member("b-" + UUID.randomUUID()));
    claims.put("x-new-type-" + UUID.randomUUID() + "--" + uuid, Creator.origin(newId("identity")));
    claims.put("x-" + uuid + "--" + UUID.randomUUID(), Creator.peer("p"));
    claims.put("identity--" + uuid, Creator.NODE);
    for (Map.Entry<String, Creator> e : claims.entrySet()) {
      assertThat(store.add(c, e.getValue(), List.of(versionOf(e.getKey(), T1))))
          .as(e.getKey())
          .singleElement()
          .isInstanceOf(AddOutcome.Added.class);
    }
    Store reopened = reopen();
    for (Map.Entry<String, Creator> e : claims.entrySet()) {
      assertThat(reopened.creator(e.getKey())).as(e.getKey()).contains(e.getValue());
      assertThat(reopened.add(c, Creator.member("z"), List.of(versionOf(e.getKey(), T2))))
          .as(e.getKey())
          .containsExactly(new AddOutcome.Refused(e.getKey(), micros(T2), e.getValue()));
    }
    assertThat(reopened.creator("x-misp-object--" + UUID.randomUUID())).isEmpty();
    assertThat(reopened.creator("never-seen-type--" + uuid)).isEmpty();
    // A batch mixing new ids with ids others hold: each gets its own outcome.
    String fresh = "x-misp-object--" + UUID.randomUUID();
    assertThat(
            reopened.add(
                c,
                Creator.member("z"),
                List.of(
                    versionOf("indicator--" + uuid, T3),
                    versionOf(fresh, T1),
                    versionOf("identity--" + uuid, T3))))
        .extracting(o -> o.getClass().getSimpleName())
        .containsExactly("Refused", "Added", "Refused");
    assertThat(reopened.creator(fresh)).contains(Creator.member("z"));
  }

  @Test
  void upgradingKeysTheCreatorsByUuidAndTypeAndKeepsEveryClaim() throws Exception {
    // 53: SQLite's V54 (one tree for the same columns) has no PostgreSQL counterpart.
    StoreConfig old = databaseMigratedTo("53");
    String uuid = UUID.randomUUID().toString();
    String identity = newId("identity");
    Map<String, Creator> claims = new LinkedHashMap<>();
    claims.put("indicator--" + uuid, Creator.member("acme"));
    claims.put("observed-data--" + uuid, Creator.origin(identity));
    claims.put("x-misp-object--" + UUID.randomUUID(), Creator.peer("peer-b"));
    claims.put(
        "indicator--" + UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT),
        Creator.NODE);
    claims.put("--" + UUID.randomUUID(), Creator.member("acme"));
    claims.put("no uuid at all \u00e9", Creator.member("acme"));
    try (java.sql.Connection conn = connect(old);
        java.sql.PreparedStatement p =
            conn.prepareStatement(
                "INSERT INTO object_creators (object_id, creator) VALUES (?, ?)")) {
      for (Map.Entry<String, Creator> e : claims.entrySet()) {
        p.setString(1, e.getKey());
        p.setString(2, e.getValue().text());
        p.executeUpdate();
      }
    }
    try (Store upgraded = Stores.open(old)) {
      for (Map.Entry<String, Creator> e : claims.entrySet()) {
        assertThat(upgraded.creator(e.getKey())).as(e.getKey()).contains(e.getValue());
      }
      assertThat(upgraded.creator("x-misp-object--" + uuid)).isEmpty();
      // New claims after the upgrade go on from the codes the upgrade gave.
      CollectionId c = CollectionId.random();
      upgraded.createCollection(
          new CollectionInfo(c, "after", Optional.empty(), Optional.empty(), List.of()));
      String later = "x-misp-object--" + uuid;
      assertThat(upgraded.add(c, Creator.member("newcomer"), List.of(versionOf(later, T1))))
          .singleElement()
          .isInstanceOf(AddOutcome.Added.class);
      assertThat(upgraded.creator(later)).contains(Creator.member("newcomer"));
      assertThat(upgraded.creator("indicator--" + uuid)).contains(Creator.member("acme"));
      assertThat(
              upgraded.add(c, Creator.peer("x"), List.of(indicator("indicator--" + uuid, T1, T2))))
          .singleElement()
          .isInstanceOf(AddOutcome.Refused.class);
    }
  }

  /** A version of an object of the type its id names (any id that starts TYPE--). */
  private static StixObject versionOf(String id, String modified) {
    return StixObject.parse(
        """
        {"type":"%s","spec_version":"2.1","id":"%s","created":"%s","modified":"%s","name":"v"}"""
            .formatted(id.substring(0, id.indexOf("--")), id, T1, modified));
  }

  // ---- full-text search ----

  private static StixObject described(
      String type, String id, String modified, String name, String more) {
    return StixObject.parse(
        """
        {"type":"%s","spec_version":"2.1","id":"%s","created":"%s","modified":"%s",\
        "name":"%s"%s}"""
            .formatted(type, id, T1, modified, name, more));
  }

  private static List<String> ids(Hits matches) {
    return matches.hits().stream().map(h -> h.object().id()).toList();
  }

  private Hits search(List<CollectionId> in, String text) {
    return store.search(in, TextQuery.of(text, 100));
  }

  @Test
  void textSearchFindsTheLatestVersionByTheStartsOfWordsInNamesDescriptionsAndNotes() {
    CollectionId c = newCollection();
    String indicator = newId("malware");
    String note = newId("note");
    String sco = newId("ipv4-addr");
    store.add(
        c,
        List.of(
            described(
                "malware",
                indicator,
                T1,
                "Émotet loader",
                ",\"is_family\":true,\"description\":\"Drops banking-trojans via e-mail\""),
            StixObject.parse(
                """
                {"type":"note","spec_version":"2.1","id":"%s","created":"%s","modified":"%s",\
                "content":"Seen with EMOTET at evil.example","object_refs":["%s"]}"""
                    .formatted(note, T1, T1, indicator)),
            ipv4(sco, "198.51.100.1")));

    assertThat(ids(search(List.of(c), "emotet"))).containsExactly(note, indicator);
    assertThat(ids(search(List.of(c), "EMOT loader"))).containsExactly(indicator);
    assertThat(ids(search(List.of(c), "banking trojan"))).containsExactly(indicator);
    assertThat(ids(search(List.of(c), "evil.example"))).containsExactly(note);
    assertThat(ids(search(List.of(c), "loader absent"))).isEmpty();
    // An SCO has no text to search.
    assertThat(ids(search(List.of(c), "198"))).isEmpty();

    // Only the latest version of an object is a hit.
    store.add(c, List.of(described("malware", indicator, T2, "Renamed", ",\"is_family\":true")));
    assertThat(ids(search(List.of(c), "loader"))).isEmpty();
    assertThat(search(List.of(c), "renamed").hits())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.collection()).isEqualTo(c);
              assertThat(h.object().version()).contains(T2);
              assertThat(h.object().json().orElseThrow()).contains("Renamed");
            });
  }

  @Test
  void lastAddedCoversTheNewestVersionAnywhereAndStaysWhileNothingIsAdded() {
    CollectionId c = newCollection();
    CollectionId other = newCollection();
    String id = newId("malware");
    AddOutcome first =
        store.add(c, List.of(described("malware", id, T1, "Kept", IS_FAMILY))).getFirst();
    assertThat(store.lastAdded()).isEqualTo(((AddOutcome.Added) first).dateAddedMicros());
    AddOutcome second =
        store
            .add(other, List.of(described("malware", newId("malware"), T1, "Other", IS_FAMILY)))
            .getFirst();
    long last = store.lastAdded();
    assertThat(last).isEqualTo(((AddOutcome.Added) second).dateAddedMicros());
    // Reads and deletions leave it; another store on the same database reads the same.
    store.recent(List.of(c, other), 10, Optional.empty());
    assertThat(store.delete(c, id, VersionSelection.ALL, List.of("2.1"))).isEqualTo(1);
    assertThat(store.lastAdded()).isEqualTo(last);
    assertThat(open().lastAdded()).isEqualTo(last);
    // An add moves it past what it stored.
    AddOutcome third =
        store
            .add(c, List.of(described("malware", newId("malware"), T1, "New", IS_FAMILY)))
            .getFirst();
    assertThat(store.lastAdded())
        .isGreaterThan(last)
        .isGreaterThanOrEqualTo(((AddOutcome.Added) third).dateAddedMicros());
  }

  @Test
  void aWordFindsEveryLongerWordItStartsHoweverManyTheIndexHolds() {
    CollectionId c = newCollection();
    // "qzw" starts 20 longer words (more than SQLite's search expands a word into), "qzx" three,
    // "qzy" none; each is also a word of its own.
    List<StixObject> objects = new ArrayList<>();
    List<String> w = new ArrayList<>();
    List<String> x = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = newId("malware");
      objects.add(described("malware", id, T1, "qzw" + (char) ('a' + i) + " Tool", IS_FAMILY));
      w.add(id);
    }
    for (int i = 0; i < 3; i++) {
      String id = newId("malware");
      objects.add(described("malware", id, T1, "qzx" + i + "9 Tool", IS_FAMILY));
      x.add(id);
    }
    String plainW = newId("malware");
    String plainX = newId("malware");
    String plainY = newId("malware");
    String both = newId("malware");
    objects.add(described("malware", plainW, T1, "qzw", IS_FAMILY));
    objects.add(described("malware", plainX, T1, "qzx", IS_FAMILY));
    objects.add(described("malware", plainY, T1, "qzy", IS_FAMILY));
    objects.add(described("malware", both, T1, "qzwz qzx1", IS_FAMILY));
    store.add(c, objects);

    assertThat(ids(search(List.of(c), "qzw")))
        .containsExactlyInAnyOrderElementsOf(concat(w, List.of(plainW, both)));
    assertThat(ids(search(List.of(c), "qzx")))
        .containsExactlyInAnyOrderElementsOf(concat(x, List.of(plainX, both)));
    assertThat(ids(search(List.of(c), "qzy"))).containsExactly(plainY);
    assertThat(ids(search(List.of(c), "qzx tool"))).containsExactlyInAnyOrderElementsOf(x);
    assertThat(ids(search(List.of(c), "qzw qzx"))).containsExactly(both);
    assertThat(ids(search(List.of(c), "qzx1"))).containsExactlyInAnyOrder(x.get(1), both);
    assertThat(ids(search(List.of(c), "qzx19"))).containsExactly(x.get(1));
    assertThat(ids(search(List.of(c), "qzx3"))).isEmpty();
  }

  private static final String IS_FAMILY = ",\"is_family\":true";

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void textSearchFiltersByCollectionTypeCreatorTlpAndRevocation() {
    CollectionId c = newCollection();
    CollectionId other = newCollection();
    String creator = newId("identity");
    String amber = Tlp.AMBER.markingId();
    String plain = newId("indicator");
    String marked = newId("indicator");
    String revoked = newId("malware");
    String elsewhere = newId("indicator");
    String pattern =
        ",\"pattern\":\"[ipv4-addr:value = '198.51.100.7']\",\"pattern_type\":\"stix\",\"valid_from\":\""
            + T1
            + "\"";
    store.add(
        c,
        List.of(
            described("indicator", plain, T1, "Kraken plain", pattern),
            described(
                "indicator",
                marked,
                T1,
                "Kraken marked",
                pattern
                    + ",\"created_by_ref\":\""
                    + creator.toUpperCase(java.util.Locale.ROOT).replace("IDENTITY", "identity")
                    + "\",\"object_marking_refs\":[\""
                    + Tlp.GREEN.markingId()
                    + "\",\""
                    + amber
                    + "\"]"),
            described(
                "malware", revoked, T1, "Kraken gone", ",\"is_family\":true,\"revoked\":true")));
    store.add(other, List.of(described("indicator", elsewhere, T1, "Kraken other", pattern)));

    TextQuery all = TextQuery.of("kraken", 100);
    assertThat(ids(store.search(List.of(c), all))).containsExactly(revoked, marked, plain);
    assertThat(ids(store.search(List.of(c, other), all)))
        .containsExactly(elsewhere, revoked, marked, plain);
    assertThat(
            ids(
                store.search(
                    List.of(c),
                    new TextQuery(
                        all.words(),
                        List.of("indicator"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        100,
                        Optional.empty()))))
        .containsExactly(marked, plain);
    assertThat(
            ids(
                store.search(
                    List.of(c),
                    new TextQuery(
                        all.words(),
                        List.of(),
                        Optional.of(creator),
                        Optional.empty(),
                        Optional.empty(),
                        100,
                        Optional.empty()))))
        .containsExactly(marked);
    assertThat(
            ids(
                store.search(
                    List.of(c),
                    new TextQuery(
                        all.words(),
                        List.of(),
                        Optional.empty(),
                        Optional.of(Tlp.AMBER),
                        Optional.empty(),
                        100,
                        Optional.empty()))))
        .as("the strictest of its TLP markings")
        .containsExactly(marked);
    assertThat(
            ids(
                store.search(
                    List.of(c),
                    new TextQuery(
                        all.words(),
                        List.of(),
                        Optional.empty(),
                        Optional.of(Tlp.GREEN),
                        Optional.empty(),
                        100,
                        Optional.empty()))))
        .isEmpty();
    assertThat(
            ids(
                store.search(
                    List.of(c),
                    new TextQuery(
                        all.words(),
                        List.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(true),
                        100,
                        Optional.empty()))))
        .containsExactly(revoked);
    assertThat(
            ids(
                store.search(
                    List.of(c),
                    new TextQuery(
                        all.words(),
                        List.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(false),
                        100,
                        Optional.empty()))))
        .containsExactly(marked, plain);
    assertThatThrownBy(() -> store.search(List.of(CollectionId.random()), all))
        .isInstanceOf(StoreException.NotFound.class);
  }

  @Test
  void textSearchPagesNewestFirstByPositionReadingOneRowBeyondThePage() {
    CollectionId c = newCollection();
    List<String> added = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String id = newId("malware");
      added.add(id);
      store.add(c, List.of(described("malware", id, T1, "Paged " + i, ",\"is_family\":true")));
    }
    List<String> seen = new ArrayList<>();
    TextQuery q = TextQuery.of("paged", 3);
    List<Integer> sizes = new ArrayList<>();
    while (true) {
      Hits page = store.search(List.of(c), q);
      sizes.add(page.hits().size());
      seen.addAll(ids(page));
      if (!page.more()) {
        break;
      }
      q = q.before(page.next().orElseThrow());
    }
    assertThat(sizes).containsExactly(3, 3, 1);
    assertThat(seen).containsExactlyElementsOf(added.reversed());
    // Exactly a page's worth left: no empty page after it.
    assertThat(store.search(List.of(c), TextQuery.of("paged", 7)).more()).isFalse();
  }

  @Test
  void recentListsTheLatestVersionsOfTheGivenCollectionsNewestFirstByPosition() {
    CollectionId c = newCollection();
    CollectionId other = newCollection();
    CollectionId unasked = newCollection();
    String a = newId("malware");
    String b = newId("indicator");
    String sco = newId("ipv4-addr");
    store.add(c, List.of(described("malware", a, T1, "A", ",\"is_family\":true")));
    store.add(other, List.of(indicator(b, T1, T1), ipv4(sco, "198.51.100.9")));
    store.add(unasked, List.of(indicator(newId("indicator"), T1, T1)));
    store.add(c, List.of(described("malware", a, T2, "A2", ",\"is_family\":true")));

    Hits all = store.recent(List.of(c, other), 10, Optional.empty());
    assertThat(ids(all)).containsExactly(a, sco, b);
    assertThat(all.hits().getFirst().object().version()).contains(T2);
    assertThat(all.hits()).extracting(Hit::collection).containsExactly(c, other, other);

    Hits first = store.recent(List.of(c, other), 2, Optional.empty());
    assertThat(ids(first)).containsExactly(a, sco);
    assertThat(first.more()).isTrue();
    Hits second = store.recent(List.of(c, other), 2, first.next());
    assertThat(ids(second)).containsExactly(b);
    assertThat(second.more()).isFalse();
    assertThatThrownBy(() -> store.recent(List.of(CollectionId.random()), 2, Optional.empty()))
        .isInstanceOf(StoreException.NotFound.class);
  }

  private static StixObject relationship(String id, String modified, String source, String target) {
    return relationship(id, "indicates", modified, source, target);
  }

  @Test
  void relationshipsOfIdsThatShareAUuidAreToldApart() {
    CollectionId c = newCollection();
    String uuid = UUID.randomUUID().toString();
    String indicator = "indicator--" + uuid;
    String observed = "observed-data--" + uuid;
    String malware = "malware--" + uuid;
    String fromIndicator = newId("relationship");
    String fromObserved = newId("relationship");
    String toMalware = newId("relationship");
    store.add(c, List.of(relationship(fromIndicator, T1, indicator, newId("malware"))));
    store.add(c, List.of(relationship(fromObserved, "based-on", T1, observed, indicator)));
    store.add(c, List.of(relationship(toMalware, T1, newId("indicator"), malware)));

    RelationshipQuery.End either = RelationshipQuery.End.EITHER;
    assertThat(
            ids(
                store.relationships(
                    List.of(c),
                    new RelationshipQuery(
                        Set.of(indicator), either, Set.of(), 10, Optional.empty()))))
        .containsExactly(fromObserved, fromIndicator);
    assertThat(
            ids(
                store.relationships(
                    List.of(c),
                    new RelationshipQuery(
                        Set.of(observed, malware),
                        RelationshipQuery.End.SOURCE,
                        Set.of(),
                        10,
                        Optional.empty()))))
        .containsExactly(fromObserved);
    assertThat(
            ids(
                store.relationships(
                    List.of(c),
                    new RelationshipQuery(
                        Set.of("identity--" + uuid), either, Set.of(), 10, Optional.empty()))))
        .isEmpty();
    assertThat(ids(store.relationships(List.of(c), malware, 10, Optional.empty())))
        .containsExactly(toMalware);
  }

  @Test
  void relationshipsFromAndToAnObjectAreTheirLatestVersionsNewestFirst() {
    CollectionId c = newCollection();
    CollectionId other = newCollection();
    String malware = newId("malware");
    String indicator = newId("indicator");
    String out = newId("relationship");
    String in = newId("relationship");
    String elsewhere = newId("relationship");
    String unrelated = newId("relationship");
    store.add(c, List.of(relationship(out, T1, malware, newId("attack-pattern"))));
    store.add(c, List.of(relationship(in, T1, indicator, malware)));
    store.add(other, List.of(relationship(elsewhere, T1, indicator, malware)));
    store.add(c, List.of(relationship(unrelated, T1, indicator, newId("malware"))));
    // A new version of the first: listed once, as its latest.
    store.add(c, List.of(relationship(out, T2, malware, newId("attack-pattern"))));

    Hits both = store.relationships(List.of(c, other), malware, 10, Optional.empty());
    assertThat(ids(both)).containsExactly(out, elsewhere, in);
    assertThat(both.hits().getFirst().object().version()).contains(T2);
    assertThat(ids(store.relationships(List.of(c), malware, 10, Optional.empty())))
        .containsExactly(out, in);
    Hits first = store.relationships(List.of(c, other), malware, 2, Optional.empty());
    assertThat(first.more()).isTrue();
    assertThat(ids(store.relationships(List.of(c, other), malware, 2, first.next())))
        .containsExactly(in);

    store.delete(c, in, VersionSelection.ALL, List.of("2.1"));
    assertThat(ids(store.relationships(List.of(c), malware, 10, Optional.empty())))
        .containsExactly(out);
  }

  private static StixObject relationship(
      String id, String type, String modified, String source, String target) {
    return StixObject.parse(
        """
        {"type":"relationship","spec_version":"2.1","id":"%s","created":"%s","modified":"%s",\
        "relationship_type":"%s","source_ref":"%s","target_ref":"%s"}"""
            .formatted(id, T1, modified, type, source, target));
  }

  @Test
  void relationshipsOfSeveralObjectsAreReadAtOnceByEndAndType() {
    CollectionId c = newCollection();
    CollectionId other = newCollection();
    String t1 = newId("attack-pattern");
    String t2 = newId("attack-pattern");
    String actor = newId("intrusion-set");
    String usesT1 = newId("relationship");
    String usesT2 = newId("relationship");
    String indicatesT2 = newId("relationship");
    String mitigatesT1 = newId("relationship");
    String fromT1 = newId("relationship");
    String unrelated = newId("relationship");
    String elsewhere = newId("relationship");
    store.add(c, List.of(relationship(usesT1, "uses", T1, actor, t1)));
    store.add(c, List.of(relationship(usesT2, "uses", T1, actor, t2)));
    store.add(c, List.of(relationship(indicatesT2, "indicates", T1, newId("indicator"), t2)));
    store.add(
        c, List.of(relationship(mitigatesT1, "mitigates", T1, newId("course-of-action"), t1)));
    store.add(c, List.of(relationship(fromT1, "uses", T1, t1, newId("tool"))));
    store.add(c, List.of(relationship(unrelated, "uses", T1, actor, newId("attack-pattern"))));
    store.add(other, List.of(relationship(elsewhere, "uses", T1, actor, t1)));
    // A new version: read once, as its latest; a version retyped away from "uses" is not read.
    store.add(c, List.of(relationship(usesT1, "uses", T2, actor, t1)));
    store.add(c, List.of(relationship(usesT2, "related-to", T2, actor, t2)));

    Set<String> both = Set.of(t1, t2);
    Set<String> counted = Set.of("uses", "indicates");
    Hits to =
        store.relationships(
            List.of(c, other),
            new RelationshipQuery(
                both, RelationshipQuery.End.TARGET, counted, 10, Optional.empty()));
    assertThat(ids(to)).containsExactly(usesT1, elsewhere, indicatesT2);
    assertThat(to.hits().getFirst().object().version()).contains(T2);
    assertThat(
            ids(
                store.relationships(
                    List.of(c),
                    new RelationshipQuery(
                        both, RelationshipQuery.End.TARGET, Set.of(), 10, Optional.empty()))))
        .containsExactly(usesT2, usesT1, mitigatesT1, indicatesT2);
    assertThat(
            ids(
                store.relationships(
                    List.of(c),
                    new RelationshipQuery(
                        both, RelationshipQuery.End.SOURCE, Set.of(), 10, Optional.empty()))))
        .containsExactly(fromT1);
    assertThat(
            ids(
                store.relationships(
                    List.of(c),
                    new RelationshipQuery(
                        Set.of(t1), RelationshipQuery.End.EITHER, counted, 10, Optional.empty()))))
        .containsExactly(usesT1, fromT1);

    RelationshipQuery paged =
        new RelationshipQuery(both, RelationshipQuery.End.TARGET, counted, 2, Optional.empty());
    Hits first = store.relationships(List.of(c, other), paged);
    assertThat(ids(first)).containsExactly(usesT1, elsewhere);
    assertThat(first.more()).isTrue();
    Hits second = store.relationships(List.of(c, other), paged.below(first.next().orElseThrow()));
    assertThat(ids(second)).containsExactly(indicatesT2);
    assertThat(second.more()).isFalse();

    store.delete(c, indicatesT2, VersionSelection.ALL, List.of("2.1"));
    assertThat(ids(store.relationships(List.of(c), paged))).containsExactly(usesT1);
    assertThatThrownBy(() -> store.relationships(List.of(CollectionId.random()), paged))
        .isInstanceOf(StoreException.NotFound.class);
    assertThatThrownBy(
            () ->
                new RelationshipQuery(
                    Set.of(), RelationshipQuery.End.TARGET, counted, 2, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("objectIds");
  }

  @Test
  void opensAStoreOfAnOlderSchemaWithItsRelationshipsIndexed() throws Exception {
    StoreConfig old = databaseMigratedTo("50");
    CollectionId collection = CollectionId.random();
    String rel = newId("relationship");
    String source = newId("indicator");
    try (java.sql.Connection conn = connect(old);
        java.sql.Statement st = conn.createStatement()) {
      st.executeUpdate(
          "INSERT INTO collections (id, title, media_types) VALUES ('"
              + collection
              + "', 'old', '[]')");
      try (var p =
          conn.prepareStatement(
              "INSERT INTO objects (date_added, collection_key, id, version_micros, type, version,"
                  + " spec_version, json) VALUES (1, (SELECT key FROM collections), ?, ?,"
                  + " 'relationship', ?, '2.1', ?)")) {
        p.setString(1, rel);
        p.setLong(2, micros(T1));
        p.setString(3, T1);
        p.setString(4, relationship(rel, T1, source, newId("malware")).toJson());
        p.executeUpdate();
      }
    }
    try (Store upgraded = Stores.open(old)) {
      assertThat(ids(upgraded.relationships(List.of(collection), source, 10, Optional.empty())))
          .containsExactly(rel);
      // V53 reads the type of the relationships V51 indexed.
      assertThat(
              ids(
                  upgraded.relationships(
                      List.of(collection),
                      new RelationshipQuery(
                          Set.of(source),
                          RelationshipQuery.End.SOURCE,
                          Set.of("indicates"),
                          10,
                          Optional.empty()))))
          .containsExactly(rel);
      assertThat(
              upgraded
                  .relationships(
                      List.of(collection),
                      new RelationshipQuery(
                          Set.of(source),
                          RelationshipQuery.End.SOURCE,
                          Set.of("uses"),
                          10,
                          Optional.empty()))
                  .hits())
          .isEmpty();
    }
  }

  @Test
  void textSearchForgetsDeletedVersionsAndTakesHostileTextAsWords() {
    CollectionId c = newCollection();
    String id = newId("malware");
    store.add(
        c,
        List.of(
            described(
                "malware", id, T1, "or and not near \\\"quoted\\\" star*", ",\"is_family\":true")));
    // FTS5 and tsquery operators in the text are words like any other.
    assertThat(ids(search(List.of(c), "\"or\" AND (not) near* quoted:* -star")))
        .containsExactly(id);
    assertThat(store.delete(c, id, VersionSelection.ALL, List.of("2.1"))).isEqualTo(1);
    assertThat(ids(search(List.of(c), "quoted"))).isEmpty();
    assertThatThrownBy(() -> TextQuery.words("*:& \"()"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no letter or digit");
    assertThatThrownBy(() -> TextQuery.words("a b c d e f g h i j k l m n o p q"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 16");
  }

  @Test
  void opensAStoreOfAnOlderSchemaWithItsObjectsSearchable() throws Exception {
    StoreConfig old = databaseMigratedTo("47");
    List<String> ids = new ArrayList<>();
    try (java.sql.Connection conn = connect(old);
        java.sql.Statement st = conn.createStatement()) {
      CollectionId collection = CollectionId.random();
      st.executeUpdate(
          "INSERT INTO collections (id, title, media_types) VALUES ('"
              + collection
              + "', 'old', '[]')");
      String insert =
          "INSERT INTO objects (date_added, collection_key, id, version_micros, type, version,"
              + " spec_version, json) VALUES (?, (SELECT key FROM collections), ?, 1, 'malware',"
              + " 'v', '2.1', ?)";
      try (var p = conn.prepareStatement(insert)) {
        // More than one backfill batch, and one row that no longer reads as an object.
        for (int i = 1; i <= 1_205; i++) {
          String id = newId("malware");
          ids.add(id);
          p.setLong(1, i);
          p.setString(2, id);
          p.setString(
              3,
              i == 7
                  ? "{\"name\":\"Backfilled but not an object\"}"
                  : described("malware", id, T1, "Backfilled " + i, ",\"is_family\":true")
                      .toJson());
          p.addBatch();
        }
        p.executeBatch();
      }
      try (Store upgraded = Stores.open(old)) {
        List<String> found = new ArrayList<>();
        TextQuery q = TextQuery.of("backfilled", 1_000);
        while (true) {
          Hits page = upgraded.search(List.of(collection), q);
          found.addAll(ids(page));
          if (!page.more()) {
            break;
          }
          q = q.before(page.next().orElseThrow());
        }
        List<String> expected = new ArrayList<>(ids);
        expected.remove(6);
        assertThat(found).containsExactlyElementsOf(expected.reversed());
      }
    }
  }
}
