package org.wuzhen.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.governance.CharterPatch;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.GovernanceStix;
import org.wuzhen.governance.Outcome;
import org.wuzhen.governance.Vote;
import org.wuzhen.stix.Json;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.ObjectLogEntry;
import org.wuzhen.store.Store;

/**
 * The governance page's past decisions over real HTTP on the demo community with the node's
 * transparency log: a proposal every member voted for is closed (the governance clock moved past
 * its consultation) and adopted as charter version 2, the demo's own proposal is closed too, and
 * each charter version and closed proposal links to its object's page and shows its log entry, the
 * leaf the store recorded, proved against the signed head.
 */
class GovernanceDecisionsTest {
  @TempDir static Path dir;
  static final ShiftedClock clock = new ShiftedClock();
  static Community community;
  static String adopted;
  static int produced;

  /** The system clock moved forward by {@link #shift}. */
  static final class ShiftedClock extends Clock {
    volatile Duration shift = Duration.ZERO;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("UTC only");
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(shift);
    }
  }

  @BeforeAll
  static void start() {
    community = new Community(dir, clock);
    Governance g = community.governance;
    Store store = community.node.store();
    Instant now = clock.instant();
    adopted = GovernanceStix.newId(GovernanceStix.PROPOSAL);
    String cert = store.member("cert-nat").orElseThrow().identityId();
    store.add(
        g.settings().collection(),
        List.of(
            community.signed(
                "cert-nat",
                GovernanceStix.proposalObject(
                    adopted,
                    cert,
                    "Lower the minimum confidence to 40",
                    Optional.empty(),
                    CharterPatch.parse(
                        Json.parse(
                            "{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":40}]}")),
                    g.charter(),
                    now)),
            vote("cert-nat", now),
            vote("isac-energy", now),
            vote("corp-soc", now)));
    clock.shift = g.charter().consultationPeriod().plusHours(1);
    List<Governance.ProposalStatus> closed = g.closeDue();
    assertThat(closed).hasSize(2);
    produced =
        closed.stream()
            .filter(s -> s.proposal().id().equals(adopted))
            .findFirst()
            .orElseThrow()
            .producedVersion()
            .orElseThrow();
  }

  private static org.wuzhen.stix.StixObject vote(String member, Instant at) {
    String identity = community.node.store().member(member).orElseThrow().identityId();
    return community.signed(
        member,
        GovernanceStix.voteObject(
            GovernanceStix.newId(GovernanceStix.VOTE), identity, adopted, Vote.Choice.YES, at));
  }

  @AfterAll
  static void stop() {
    community.close();
  }

  /** The cells of each decision row (tags stripped), and the row's links. */
  private record Row(List<String> cells, List<String> links) {}

  private static List<Row> decisions(String page) {
    List<Row> out = new ArrayList<>();
    Matcher row =
        Pattern.compile("<tr class=\"decision\">(.*?)</tr>", Pattern.DOTALL).matcher(page);
    while (row.find()) {
      List<String> cells = new ArrayList<>();
      Matcher cell = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(row.group(1));
      while (cell.find()) {
        cells.add(cell.group(1).replaceAll("<[^>]+>", "").strip());
      }
      List<String> links = new ArrayList<>();
      Matcher href = Pattern.compile("href=\"([^\"]+)\"").matcher(row.group(1));
      while (href.find()) {
        links.add(href.group(1));
      }
      out.add(new Row(cells, links));
    }
    return out;
  }

  private static Row rowOf(List<Row> rows, String what) {
    return rows.stream()
        .filter(r -> r.cells().getFirst().equals(what))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no decision row '" + what + "' in " + rows));
  }

  private static long leafOf(String objectId) {
    CollectionId governance = community.governance.settings().collection();
    List<ObjectLogEntry> logged = community.node.store().objectLog(governance, objectId);
    assertThat(logged).as(objectId).hasSize(1);
    return logged.getFirst().leaf().index();
  }

  @Test
  void eachPastDecisionLinksToItsObjectAndShowsItsLogEntryProvedAgainstTheSignedHead() {
    community.log.refresh();
    Governance g = community.governance;
    String page =
        Visitor.loggedIn(community.node.uri(), "alice", community.password("alice"))
            .get("ui/governance/")
            .body();
    List<Row> rows = decisions(page);
    // Charter versions (newest first), then the closed proposals.
    assertThat(rows.stream().map(r -> r.cells().getFirst()).toList())
        .startsWith("Charter version " + produced)
        .contains("Charter version 1", "Proposal: Lower the minimum confidence to 40");

    String charterId = g.charterObjectId(produced).orElseThrow();
    Row charter = rowOf(rows, "Charter version " + produced);
    assertThat(charter.cells().get(1)).contains("by proposal " + adopted);
    assertThat(charter.cells().get(2)).isEqualTo(charterId);
    assertThat(charter.cells().get(3)).isEqualTo(Long.toString(leafOf(charterId)));
    assertThat(charter.cells().get(5)).startsWith("ok (");
    assertThat(charter.cells().get(6)).isEqualTo("verified");
    assertThat(charter.links()).contains(Links.objectPath(charterId) + "#provenance");

    Row proposal = rowOf(rows, "Proposal: Lower the minimum confidence to 40");
    assertThat(proposal.cells().get(1))
        .startsWith("adopted at ")
        .endsWith("charter version " + produced);
    assertThat(proposal.cells().get(3)).isEqualTo(Long.toString(leafOf(adopted)));
    assertThat(proposal.cells().get(6)).isEqualTo("verified");

    String founding = g.charterObjectId(1).orElseThrow();
    Row first = rowOf(rows, "Charter version 1");
    assertThat(first.cells().get(1)).startsWith("founded ");
    assertThat(first.cells().get(3)).isEqualTo(Long.toString(leafOf(founding)));
    assertThat(first.cells().get(6)).isEqualTo("verified");

    // The demo's proposal (one yes, one no) is closed without a charter version.
    Governance.ProposalStatus demo =
        g.proposals().stream()
            .filter(s -> !s.proposal().id().equals(adopted))
            .findFirst()
            .orElseThrow();
    assertThat(demo.outcome().state()).isNotEqualTo(Outcome.State.OPEN);
    Row demoRow = rowOf(rows, "Proposal: " + demo.proposal().title());
    assertThat(demoRow.cells().get(1))
        .startsWith(demo.outcome().state().name().toLowerCase(java.util.Locale.ROOT) + " at ");
    assertThat(demoRow.cells().get(3)).isEqualTo(Long.toString(leafOf(demo.proposal().id())));

    // The link leads to the object page, whose provenance shows the same leaf checked the same way.
    String objectPage =
        Visitor.loggedIn(community.node.uri(), "alice", community.password("alice"))
            .get("ui/objects/" + charterId + "/")
            .body();
    assertThat(objectPage)
        .containsPattern(
            "<tr class=\"log-entry\"><td>"
                + leafOf(charterId)
                + "</td>.*<strong class=\"verdict\">verified</strong>");
  }

  @Test
  void aProposalClosedWithoutVotesIsAPastDecisionOfEveryMember() {
    Governance g = community.governance;
    String late = GovernanceStix.newId(GovernanceStix.PROPOSAL);
    String cert = community.node.store().member("cert-nat").orElseThrow().identityId();
    Instant opened = clock.instant();
    community
        .node
        .store()
        .add(
            g.settings().collection(),
            List.of(
                community.signed(
                    "cert-nat",
                    GovernanceStix.proposalObject(
                        late,
                        cert,
                        "A late idea",
                        Optional.empty(),
                        CharterPatch.parse(
                            Json.parse(
                                "{\"set\":[{\"rule\":\"publish.min_confidence\",\"value\":30}]}")),
                        g.charter(),
                        opened))));
    clock.shift = clock.shift.plus(g.charter().consultationPeriod()).plusHours(1);
    assertThat(g.closeDue()).extracting(s -> s.proposal().id()).containsExactly(late);
    community.log.refresh();
    String page =
        Visitor.loggedIn(community.node.uri(), "bob", community.password("bob"))
            .get("ui/governance/")
            .body();
    Row row = rowOf(decisions(page), "Proposal: A late idea");
    assertThat(row.cells().get(3)).isEqualTo(Long.toString(leafOf(late)));
    assertThat(row.cells().get(1)).startsWith("rejected at ").doesNotContain("charter version");
    assertThat(row.cells().get(6)).isEqualTo("verified");
  }
}
