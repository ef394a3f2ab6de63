package org.wuzhen.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The rows {@code upgrade/data/<dialect>/V<n>.sql} (test resources) put into a store at schema
 * version n or later, each in the schema of the version that introduced its tables, and what the
 * store API must read of them after the upgrade. A store at version v holds the rows of every
 * fixture up to v.
 */
final class UpgradeFixtures {
  private UpgradeFixtures() {}

  /** The schema versions that have a fixture, ascending. */
  static final List<Integer> VERSIONS = List.of(1, 10, 20, 21, 30, 40, 47, 50, 52, 55, 57);

  /**
   * Fixtures written in a layout a later migration replaced, and the fixture that writes the same
   * rows in the new layout: a store at that later version or after gets only the new one.
   */
  static final java.util.Map<Integer, Integer> SUPERSEDED = java.util.Map.of(47, 55);

  /**
   * From this version on the objects table has each id's key (migration V57): the objects of the
   * earlier fixtures are written by fixture V57 instead, and their other rows as they are.
   */
  static final int OBJECTS_REKEYED = 57;

  static final CollectionId COLLECTION = CollectionId.parse("0b5f1a54-7ab4-4a0b-9c53-2f4e1a3c2b10");
  static final long T0 = 1_700_000_000_000_000L;

  /** The object fixture n (1 in V1, 2 in V21, 3 in V40) stored, exactly as its JSON text was. */
  record FixtureObject(String id, String json, long versionMicros, long dateAdded) {
    static FixtureObject number(int n) {
      String created = (2019 + n) + "-01-01T00:00:00.000Z";
      String id = "indicator--3a1f0c0e-5b55-4d8c-9f71-00000000000" + n;
      String json =
          "{\"type\": \"indicator\", \"spec_version\": \"2.1\", \"id\": \""
              + id
              + "\", \"created\": \""
              + created
              + "\", \"modified\": \""
              + created
              + "\", \"name\": \"upgraded \\u00e9 "
              + n
              + "\", \"pattern\": \"[ipv4-addr:value = '198.51.100."
              + n
              + "']\", \"pattern_type\": \"stix\", \"valid_from\": \""
              + created
              + "\"}";
      long versionMicros = Instant.parse(created).toEpochMilli() * 1000;
      return new FixtureObject(id, json, versionMicros, T0 + n);
    }

    String addRecord() {
      return LogRecords.added(
          COLLECTION.toString(), dateAdded, id, versionMicros, LogRecords.sha256(json));
    }
  }

  /** Runs the fixtures of every version up to {@code version}, in order. */
  static void load(Connection c, String dialectFolder, int version)
      throws SQLException, IOException {
    for (int v : VERSIONS) {
      if (v > version) {
        break;
      }
      if (SUPERSEDED.containsKey(v) && SUPERSEDED.get(v) <= version) {
        continue;
      }
      String resource = "/upgrade/data/" + dialectFolder + "/V" + v + ".sql";
      String sql;
      try (InputStream in = UpgradeFixtures.class.getResourceAsStream(resource)) {
        assertThat(in).as(resource).isNotNull();
        sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      try (Statement s = c.createStatement()) {
        for (String statement : sql.split(";\n")) {
          String withoutComments = statement.replaceAll("(?m)^--.*$", "").strip();
          boolean rekeyed =
              v < OBJECTS_REKEYED
                  && version >= OBJECTS_REKEYED
                  && withoutComments.startsWith("INSERT INTO objects ");
          if (!withoutComments.isEmpty() && !rekeyed) {
            s.execute(withoutComments);
          }
        }
      }
    }
  }

  /** Checks through the store API that every fixture row up to {@code version} survived. */
  static void assertSurvived(Store s, int version) {
    CollectionInfo collection = s.collection(COLLECTION).orElseThrow();
    assertThat(collection.title()).isEqualTo("Upgraded");
    assertThat(collection.alias()).contains("upgraded");
    List<FixtureObject> objects =
        IntStream.rangeClosed(1, version >= 40 ? 3 : version >= 21 ? 2 : 1)
            .mapToObj(FixtureObject::number)
            .toList();
    List<StoredObject> stored = s.query(COLLECTION, ObjectQuery.latest(100)).objects();
    assertThat(stored)
        .extracting(StoredObject::id, o -> o.json().orElseThrow(), StoredObject::dateAddedMicros)
        .containsExactlyElementsOf(
            objects.stream()
                .map(o -> org.assertj.core.groups.Tuple.tuple(o.id(), o.json(), o.dateAdded()))
                .toList());
    // Each found by its id, through the version index's key (V57 keyed it by UUID and type).
    for (FixtureObject o : objects) {
      assertThat(s.query(COLLECTION, ObjectQuery.latestOf(o.id(), true)).objects())
          .extracting(StoredObject::id, StoredObject::versionMicros)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(o.id(), o.versionMicros()));
    }
    // The full-text index (V50) holds what was stored before it, indexed when the store opened.
    assertThat(s.search(List.of(COLLECTION), TextQuery.of("UPGRADED e", 100)).hits())
        .extracting(h -> h.object().id())
        .containsExactlyElementsOf(objects.reversed().stream().map(FixtureObject::id).toList());
    assertThat(s.status("2d086da7-4bdc-4f91-900e-d77486753710"))
        .map(StatusRecord::requestTimestamp)
        .contains(ObjectRow.instant(T0));
    assertThat(s.member("acme"))
        .map(Member::identityId)
        .contains("identity--7d1ce1f4-7d7a-4c2e-8a55-000000000001");
    assertThat(s.user("alice")).contains(new User("alice", "acme", "pbkdf2-fixture-hash", true));
    assertThat(s.tokenByHash("token-hash-1")).map(ApiToken::revoked).contains(false);
    assertThat(s.permissions(COLLECTION))
        .containsExactly(new Permission(COLLECTION, Principal.parse("member:acme"), true, false));

    if (version >= 10) {
      assertThat(s.peers())
          .containsExactly(
              new FederationPeer("peer-b", "{\"url\":\"https://peer-b.test/taxii2/\"}"));
      assertThat(s.syncCursor("peer-b", "remote-1"))
          .map(SyncCursor::addedAfter)
          .contains("2023-11-14T22:13:20.123456Z");
      assertThat(s.provenance(objects.getFirst().id()))
          .extracting(Provenance::peer, Provenance::remoteCollection)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("peer-b", "remote-1"));
    } else {
      assertThat(s.peers()).isEmpty();
    }

    if (version >= 30) {
      PeerHead head = s.peerHead("peer-b").orElseThrow();
      assertThat(head.treeSize()).isEqualTo(5);
      assertThat(head.rootHash().bytes()).isEqualTo(rootHashFixture());
      assertThat(s.peerFlags())
          .extracting(PeerFlag::message)
          .containsExactly("log shrank from 5 to 3 leaves");
    }

    // Object creators (V47; on SQLite a table of its own key since V54): the claim of a store at
    // V47 or later, else what V47 backfilled from the provenance.
    if (version >= 47) {
      assertThat(s.creator(objects.get(1).id())).contains(Creator.member("acme"));
    } else if (version >= 10) {
      assertThat(s.creator(objects.getFirst().id())).contains(Creator.peer("peer-b"));
    } else {
      assertThat(s.creator(objects.getFirst().id())).isEmpty();
    }

    String reader = COLLECTION + " acme alice";
    if (version >= 52) {
      assertThat(s.servedEvents(reader))
          .containsOnlyKeys("5be1e65d-8198-497b-bdf5-5ec20a016219")
          .allSatisfy((uuid, served) -> assertThat(served.timestamp()).isEqualTo(1_700_000_001L));
    } else {
      assertThat(s.servedEvents(reader)).isEmpty();
    }

    // The log: a member leaf (V20), then one add leaf per object from V20 on; all unsalted,
    // their records and hashes exactly as before the upgrade.
    long leaves = version >= 20 ? 1 + objects.size() : 0;
    assertThat(s.logSize()).isEqualTo(leaves);
    if (version >= 20) {
      List<LogLeaf> log = s.logLeaves(0, leaves);
      assertThat(log.getFirst().subject()).isEqualTo(new LeafSubject.MemberAdded("acme"));
      assertThat(log.subList(1, log.size()))
          .extracting(LogLeaf::record)
          .containsExactlyElementsOf(objects.stream().map(FixtureObject::addRecord).toList());
      assertThat(log).allSatisfy(l -> assertThat(l.salt()).isEmpty());
      assertThat(log)
          .allSatisfy(
              l ->
                  assertThat(l.leafHash()).isEqualTo(new LogHash(LogRecords.leafHash(l.record()))));
    }
  }

  static byte[] rootHashFixture() {
    byte[] b = new byte[32];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) i;
    }
    return b;
  }
}
