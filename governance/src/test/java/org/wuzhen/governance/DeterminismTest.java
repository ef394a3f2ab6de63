package org.wuzhen.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreConfig;
import org.wuzhen.store.Stores;

/**
 * Two nodes that receive the same proposal and votes, in different orders, close it to the very
 * same charter version object: what federation relies on.
 */
class DeterminismTest {
  @TempDir Path dir;

  @Test
  void twoNodesWriteTheSameCharterVersionFromTheSameVotes() throws Exception {
    CollectionId collection = CollectionId.random();
    Charter founding =
        Charter.found(
            List.of(CommunityFixture.ACME, CommunityFixture.BETA, CommunityFixture.GAMMA),
            Map.of(
                CharterRule.MEMBER_SIGNATURES,
                new RuleValue.Choice("optional"),
                CharterRule.VOTING_PERIOD_HOURS,
                new RuleValue.Whole(1)),
            CommunityFixture.START);
    String proposalId = "x-wuzhen-proposal--40000000-0000-4000-8000-000000000001";
    List<StixObject> objects = new ArrayList<>();
    objects.add(
        GovernanceStix.proposalObject(
            proposalId,
            CommunityFixture.ACME.identityId(),
            "Admit delta",
            Optional.empty(),
            CharterPatch.parse(
                Json.parse(
                    "{\"admit\":[{\"name\":\"delta\",\"identity_ref\":\""
                        + CommunityFixture.DELTA
                        + "\"}]}")),
            founding,
            CommunityFixture.START));
    int i = 0;
    for (CharterMember m : founding.members()) {
      objects.add(
          GovernanceStix.voteObject(
              "x-wuzhen-vote--4000000%d-0000-4000-8000-000000000000".formatted(i),
              m.identityId(),
              proposalId,
              i++ == 0 ? Vote.Choice.NO : Vote.Choice.YES,
              CommunityFixture.START.plusSeconds(60)));
    }
    List<String> written = new ArrayList<>();
    for (int node = 0; node < 2; node++) {
      Path nodeDir = Files.createDirectories(dir.resolve("node" + node));
      MutableClock clock = new MutableClock(CommunityFixture.START);
      try (Store store = Stores.open(new StoreConfig.Sqlite(nodeDir));
          Governance g =
              Governance.found(
                  store,
                  new GovernanceSettings(
                      collection, List.of(), Authenticity.MEMBER_SIGNATURES, clock),
                  founding)) {
        List<StixObject> arriving = new ArrayList<>(objects);
        if (node == 1) {
          Collections.reverse(arriving);
        }
        for (StixObject o : arriving) {
          store.add(collection, List.of(o));
        }
        clock.advance(Duration.ofHours(2));
        assertThat(g.closeDue())
            .singleElement()
            .satisfies(s -> assertThat(s.producedVersion()).hasValue(2));
        written.add(
            store.query(collection, ObjectQuery.latest(100)).objects().stream()
                .filter(o -> o.type().equals(GovernanceStix.CHARTER))
                .map(o -> o.id() + " " + o.json().orElseThrow())
                .sorted()
                .toList()
                .toString());
      }
    }
    assertThat(written.get(0)).isEqualTo(written.get(1)).contains("delta");
  }
}
