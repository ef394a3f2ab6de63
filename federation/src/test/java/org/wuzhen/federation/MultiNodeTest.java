package org.wuzhen.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.StoredObject;

/** Three and more real nodes on loopback, each with its own store, syncing over real HTTP. */
class MultiNodeTest {
  @TempDir Path dir;

  static final String T1 = "2024-04-01T00:00:00.000Z";
  static final String T2 = "2024-04-02T00:00:00.000Z";

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within 30 s: " + what);
      }
      Thread.sleep(20);
    }
  }

  static StixObject object(PeerNode origin, Tlp tlp, String modified) {
    return Samples.onAddress(
        Samples.newId("indicator"), modified, tlp, origin.identity, "203.0.113.5");
  }

  /** No version is held twice: all versions listed are distinct. */
  static void assertNoDoubles(PeerNode n) {
    List<StoredObject> all = n.all();
    Set<String> keys = new HashSet<>();
    for (StoredObject o : all) {
      assertThat(keys.add(o.id() + "@" + o.versionMicros()))
          .as(n.name + " holds twice " + o.id())
          .isTrue();
    }
  }

  @Test
  void aChainCarriesWhatEachHopAllowsAndNothingElse() throws Exception {
    try (PeerNode a = PeerNode.start("a", dir, "{\"peers\":{\"b\":{\"relation\":\"member\"}}}");
        PeerNode b =
            PeerNode.start(
                "b", dir, "{\"peers\":{\"c\":{\"relation\":\"member\",\"onward_sharing\":true}}}");
        PeerNode c = PeerNode.start("c", dir, "{}")) {
      b.pullFrom(a);
      c.pullFrom(b);
      b.federation.start();
      c.federation.start();
      StixObject clear = object(a, Tlp.CLEAR, T1);
      StixObject green = object(a, Tlp.GREEN, T1);
      StixObject amber = object(a, Tlp.AMBER, T1);
      StixObject red = object(a, Tlp.RED, T1);
      a.publish(clear, green, amber, red);
      StixObject greenUpdate =
          Samples.onAddress(green.id().toString(), T2, Tlp.GREEN, a.identity, "203.0.113.6");
      a.publish(greenUpdate);

      Set<String> atC = Set.of(PeerNode.key(clear), PeerNode.key(green), PeerNode.key(greenUpdate));
      await(
          "C holds what B passes on",
          () -> c.holdings().containsAll(Set.of(PeerNode.key(clear), PeerNode.key(greenUpdate))));
      await("B holds A's AMBER", () -> b.holdings().contains(PeerNode.key(amber)));
      // Objects are stored as a round goes; the round's success is recorded when it ends.
      await("C finished a round", () -> c.federation.status().getFirst().lastSuccess().isPresent());
      // Let both pull a few more rounds: nothing else may arrive.
      long polls = c.federation.status().getFirst().lastSuccess().orElseThrow().toEpochMilli();
      await(
          "C polled again",
          () ->
              c.federation.status().getFirst().lastSuccess().orElseThrow().toEpochMilli()
                  > polls + 250);

      assertThat(b.holdings())
          .doesNotContain(PeerNode.key(red))
          .contains(PeerNode.key(amber), PeerNode.key(greenUpdate));
      // AMBER reached B (a member) but B never passes on another's AMBER; the old GREEN version
      // may or may not have reached C before its update, so C holds a subset of atC with the
      // update.
      assertThat(atC).containsAll(c.holdings());
      assertThat(c.holdings()).contains(PeerNode.key(greenUpdate), PeerNode.key(clear));
      // Objects keep their creator; provenance says where they came from.
      assertThat(c.store.provenance(clear.id().toString()))
          .singleElement()
          .extracting(p -> p.peer())
          .isEqualTo("b");
      assertThat(
              c.all().stream()
                  .filter(o -> o.id().equals(clear.id().toString()))
                  .findFirst()
                  .orElseThrow()
                  .json()
                  .orElseThrow())
          .isEqualTo(clear.toJson());
      assertNoDoubles(b);
      assertNoDoubles(c);
      PeerStatus status = c.federation.status().getFirst();
      assertThat(status.lastError()).isEmpty();
      assertThat(status.lag(c.federation.now())).isPresent();
    }
  }

  @Test
  void aPeerCannotReVersionAnotherOriginsObject() throws Exception {
    try (PeerNode a = PeerNode.start("a", dir, "{}");
        PeerNode b = PeerNode.start("b", dir, "{}");
        PeerNode c = PeerNode.start("c", dir, "{}")) {
      c.pullFrom(a);
      c.pullFrom(b);
      StixObject original = object(a, Tlp.CLEAR, T1);
      String id = original.id().toString();
      a.publish(original);
      c.federation.syncOnce();
      assertThat(c.holdings()).containsExactly(PeerNode.key(original));

      // B serves newer versions of A's object: under its own identity, and naming no creator.
      String t3 = "2024-04-03T00:00:00.000Z";
      StixObject asB = Samples.onAddress(id, T2, Tlp.CLEAR, b.identity, "203.0.113.66");
      StixObject unnamed = Samples.onAddress(id, t3, Tlp.CLEAR, null, "203.0.113.67");
      // Pull asks for latest versions, so one sync per version.
      b.publish(asB);
      c.federation.syncOnce();
      b.publish(unnamed);
      c.federation.syncOnce();

      assertThat(c.holdings()).containsExactly(PeerNode.key(original));
      PeerStatus fromB =
          c.federation.status().stream()
              .filter(s -> s.peer().equals("b"))
              .findFirst()
              .orElseThrow();
      assertThat(fromB.notCreator()).isEqualTo(2);
      assertThat(fromB.lastError()).isEmpty();
      assertThat(fromB.toJson(c.federation.now()).toString()).contains("\"not_creator\":2");
      assertThat(c.store.provenance(id)).extracting(p -> p.peer()).containsOnly("a");

      // The origin's own next version still arrives.
      StixObject update =
          Samples.onAddress(id, "2024-04-04T00:00:00.000Z", Tlp.CLEAR, a.identity, "203.0.113.5");
      a.publish(update);
      c.federation.syncOnce();
      assertThat(c.holdings()).contains(PeerNode.key(update));
    }
  }

  @Test
  void aTriangleConvergesWithoutEchoOrDuplicates() throws Exception {
    List<PeerNode> nodes = PeerNode.triangle(dir);
    try (PeerNode a = nodes.get(0);
        PeerNode b = nodes.get(1);
        PeerNode c = nodes.get(2)) {
      Set<String> expected = new HashSet<>();
      List<StixObject> origins = new ArrayList<>();
      for (PeerNode x : nodes) {
        for (int i = 0; i < 12; i++) {
          StixObject o = object(x, Tlp.GREEN, T1);
          x.publish(o);
          expected.add(PeerNode.key(o));
          origins.add(o);
        }
      }
      for (int round = 0; round < 3; round++) {
        for (PeerNode x : nodes) {
          x.federation.syncOnce();
        }
      }
      for (PeerNode x : nodes) {
        assertThat(x.holdings()).as(x.name).isEqualTo(expected);
        assertNoDoubles(x);
        for (PeerStatus s : x.federation.status()) {
          assertThat(s.lastError()).as(x.name + " from " + s.peer()).isEmpty();
          // Each node's own objects are never served back to it.
          assertThat(s.ownReturned()).as(x.name + " from " + s.peer()).isZero();
        }
      }
      // The origin never received its own objects back from anyone.
      for (PeerNode x : nodes) {
        for (StixObject o : origins) {
          if (o.createdByRef().orElseThrow().equals(x.identity)) {
            assertThat(x.store.provenance(o.id().toString())).as(x.name).isEmpty();
          }
        }
      }
    }
  }

  @Test
  void stoppingEitherSideMidSyncLosesAndDoublesNothing() throws Exception {
    try (PeerNode a = PeerNode.start("a", dir, "{\"peers\":{\"b\":{\"relation\":\"member\"}}}");
        PeerNode b = PeerNode.start("b", dir, "{}")) {
      b.pullFrom(a);
      Set<String> published = new HashSet<>();
      List<StixObject> batch = new ArrayList<>();
      for (int i = 0; i < 1200; i++) {
        StixObject o = object(a, Tlp.GREEN, T1);
        batch.add(o);
        published.add(PeerNode.key(o));
      }
      a.store.add(a.shared, batch);
      b.federation.start();
      await("B has started pulling", () -> b.holdings().size() >= 30);
      int held = b.holdings().size();
      b.stop();
      b.restart();
      int afterRestart = b.holdings().size();
      // Stopped between pages of 7: what was applied stays, and the sync was not finished.
      assertThat(afterRestart).isGreaterThanOrEqualTo(held).isLessThan(published.size());
      b.federation.start();
      await("B has pulled more", () -> b.holdings().size() > held);
      // Now the source goes down mid-sync and comes back.
      a.stop();
      await("B notices A is down", () -> b.federation.status().getFirst().lastError().isPresent());
      a.restart();
      await("B has everything", () -> b.holdings().equals(published));
      assertNoDoubles(b);
      assertThat(b.federation.status().getFirst().failures()).isPositive();
    }
  }
}
