package org.wuzhen.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.VersionSelection;

/**
 * Federation convergence: three real nodes, each pulling from the other two under random export
 * policies; random publishes, updates and deletes with random markings on random nodes, with syncs
 * in between. After quiescence, for every object version the nodes holding it are within the
 * closure of what the policies allow from its origin (nothing forbidden anywhere, no RED off its
 * origin), and the latest version of every object still at its origin is on exactly the nodes of
 * that closure.
 */
class ConvergencePropertiesTest {
  static final List<String> NAMES = List.of("a", "b", "c");

  /** One step of the random history. */
  sealed interface Step {
    record Publish(int node, Optional<Tlp> tlp) implements Step {}

    record Update(int object, Optional<Tlp> tlp) implements Step {}

    record Delete(int object) implements Step {}

    record Sync() implements Step {}
  }

  /** The export rules of one node toward one peer. */
  record Edge(Relation relation, boolean onward, Tlp maxTlp) {
    String json() {
      return "{\"relation\":\""
          + relation.text()
          + "\",\"onward_sharing\":"
          + onward
          + ",\"max_tlp\":\""
          + maxTlp.tlp2Value()
          + "\"}";
    }
  }

  /**
   * Eight runs of three nodes each, without shrinking (a run starts three nodes): QuickTheories
   * first tries the simplest and the largest draws, then at least five random ones.
   */
  @Test
  void everyNodeHoldsExactlyWhatThePoliciesAllow() {
    qt().withExamples(8)
        .withShrinkCycles(0)
        .forAll(EDGES, HISTORIES)
        .checkAssert(
            (edges, history) -> {
              try {
                holdsExactlyWhatThePoliciesAllow(edges, history);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  private static void holdsExactlyWhatThePoliciesAllow(List<Edge> edges, List<Step> history)
      throws IOException {
    Path dir = Files.createTempDirectory("wuzhen-convergence");
    List<PeerNode> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        StringBuilder peers = new StringBuilder();
        for (int j = 0; j < 3; j++) {
          if (i != j) {
            peers
                .append(peers.isEmpty() ? "" : ",")
                .append('"')
                .append(NAMES.get(j))
                .append("\":")
                .append(edge(edges, i, j).json());
          }
        }
        nodes.add(PeerNode.start(NAMES.get(i), dir, "{\"peers\":{" + peers + "}}"));
      }
      for (PeerNode x : nodes) {
        for (PeerNode y : nodes) {
          if (x != y) {
            x.pullFrom(y);
          }
        }
      }
      // What each origin published: object id -> its versions in order, and the origin.
      List<String> ids = new ArrayList<>();
      Map<String, Integer> origin = new HashMap<>();
      Map<String, StixObject> latest = new HashMap<>();
      Map<String, StixObject> everyVersion = new HashMap<>();
      Set<String> deleted = new HashSet<>();
      int clock = 0;
      for (Step step : history) {
        switch (step) {
          case Step.Publish p -> {
            PeerNode n = nodes.get(p.node());
            StixObject o =
                Samples.onAddress(
                    Samples.newId("indicator"),
                    time(clock++),
                    p.tlp().orElse(null),
                    n.identity,
                    "203.0.113.1");
            n.publish(o);
            ids.add(o.id().toString());
            origin.put(o.id().toString(), p.node());
            latest.put(o.id().toString(), o);
            everyVersion.put(PeerNode.key(o), o);
          }
          case Step.Update u -> {
            if (ids.isEmpty()) {
              continue;
            }
            String id = ids.get(u.object() % ids.size());
            if (deleted.contains(id)) {
              continue;
            }
            PeerNode n = nodes.get(origin.get(id));
            StixObject o =
                Samples.onAddress(
                    id, time(clock++), u.tlp().orElse(null), n.identity, "203.0.113.2");
            n.publish(o);
            latest.put(id, o);
            everyVersion.put(PeerNode.key(o), o);
          }
          case Step.Delete d -> {
            if (ids.isEmpty()) {
              continue;
            }
            String id = ids.get(d.object() % ids.size());
            PeerNode n = nodes.get(origin.get(id));
            n.store.delete(n.shared, id, VersionSelection.ALL, List.of());
            deleted.add(id);
          }
          case Step.Sync s -> nodes.forEach(x -> x.federation.syncOnce());
        }
      }
      for (int round = 0; round < 4; round++) {
        nodes.forEach(x -> x.federation.syncOnce());
      }

      for (int x = 0; x < 3; x++) {
        for (String held : nodes.get(x).holdings()) {
          StixObject version = everyVersion.get(held);
          assertThat(version)
              .as("%s holds %s which nobody published", NAMES.get(x), held)
              .isNotNull();
          int from = origin.get(version.id().toString());
          assertThat(closure(nodes, edges, from, version))
              .as("%s holds %s (from %s)", NAMES.get(x), version.toJson(), NAMES.get(from))
              .contains(x);
          if (x != from) {
            assertThat(ExportPolicy.tlpOf(version))
                .as("RED off its origin")
                .isNotEqualTo(Optional.of(Tlp.RED));
          }
        }
      }
      for (Map.Entry<String, StixObject> e : latest.entrySet()) {
        if (deleted.contains(e.getKey())) {
          continue;
        }
        int from = origin.get(e.getKey());
        Set<Integer> reach = closure(nodes, edges, from, e.getValue());
        for (int x = 0; x < 3; x++) {
          assertThat(nodes.get(x).holdings().contains(PeerNode.key(e.getValue())))
              .as("%s should hold %s: %s", NAMES.get(x), e.getValue().toJson(), reach.contains(x))
              .isEqualTo(reach.contains(x));
        }
      }
    } finally {
      nodes.forEach(PeerNode::close);
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        // A temp directory left behind does not change the result.
      }
    }
  }

  /** The nodes a version can reach from its origin through edges whose policy allows it. */
  private static Set<Integer> closure(
      List<PeerNode> nodes, List<Edge> edges, int from, StixObject version) {
    Set<Integer> reach = new HashSet<>(Set.of(from));
    boolean grew = true;
    while (grew) {
      grew = false;
      for (int y : new ArrayList<>(reach)) {
        ExportPolicy policy = policyOf(nodes.get(y), edges, y);
        for (int x = 0; x < 3; x++) {
          if (!reach.contains(x)
              && policy.decide(NAMES.get(x), nodes.get(y).shared, version).allowed()) {
            reach.add(x);
            grew = true;
          }
        }
      }
    }
    return reach;
  }

  /** The policy node y was started with, with its own identity; independent of its federation. */
  private static ExportPolicy policyOf(PeerNode node, List<Edge> edges, int y) {
    ExportPolicy p = ExportPolicy.DEFAULT;
    for (int j = 0; j < 3; j++) {
      if (j != y) {
        p =
            p.withPeerRules(
                NAMES.get(j),
                ExportPolicy.parse(
                        Json.parse("{\"peers\":{\"x\":" + edge(edges, y, j).json() + "}}"), "p")
                    .rulesFor("x"));
      }
    }
    return p.withOwnIdentities(Set.of(node.identity));
  }

  private static Edge edge(List<Edge> edges, int from, int to) {
    return edges.get(from * 3 + to);
  }

  private static String time(int n) {
    return Instant.parse("2024-01-01T00:00:00Z").plusSeconds(n).toString().replace("Z", ".000Z");
  }

  /** The rules of each node toward each peer: any relation, onward or not, GREEN to RED. */
  private static final Gen<List<Edge>> EDGES =
      lists()
          .of(
              arbitrary()
                  .enumValues(Relation.class)
                  .zip(
                      booleans().all(),
                      arbitrary().pick(Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED),
                      Edge::new))
          .ofSize(9);

  /**
   * 5 to 30 steps: publishes on any node (weight 6), updates (3) and deletes (1) of any object
   * published so far, and syncs (2); a published or updated version is TLP-marked 85 % of the time.
   */
  private static final Gen<List<Step>> HISTORIES;

  static {
    Gen<Optional<Tlp>> tlp = arbitrary().enumValues(Tlp.class).toOptionals(15);
    Gen<Step> publish = integers().between(0, 2).zip(tlp, Step.Publish::new);
    Gen<Step> update = integers().between(0, 100).zip(tlp, Step.Update::new);
    Gen<Step> delete = integers().between(0, 100).map(Step.Delete::new);
    Gen<Step> sync = Generate.constant(new Step.Sync());
    HISTORIES =
        lists()
            .of(
                Generate.frequency(
                    Pair.of(6, publish), Pair.of(3, update), Pair.of(1, delete), Pair.of(2, sync)))
            .ofSizeBetween(5, 30);
  }
}
