package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.GovernanceStix;
import org.wuzhen.governance.Outcome;
import org.wuzhen.governance.Vote;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.transparency.TransparencyLog;
import org.wuzhen.web.view.GovernanceView;
import org.wuzhen.web.view.Link;
import org.wuzhen.web.view.ObjectPageView.Property;

/**
 * {@code /ui/governance/}: the charter in force, the proposals the caller may read with their live
 * tallies, and voting signed in the browser. The page asks the node for the vote object's signed
 * bytes, the browser signs them with the member's Ed25519 key (loaded from a file into the page,
 * never sent), and only the signature comes back; the node attaches it, checks it against the keys
 * the charter registers to the caller's member, and stores the vote through the TAXII add path, so
 * the community's rules judge it as they judge any vote. Past decisions (charter versions, closed
 * proposals) link to their objects' pages and show their transparency-log entries checked as the
 * object page checks them ({@link ProvenanceSection#logged}).
 */
final class GovernancePage {
  /** Past decisions shown of each kind (charter versions, closed proposals), the newest first. */
  static final int DECISIONS = 20;

  private final Html html;
  private final Optional<Governance> governance;
  private final Optional<TransparencyLog> log;

  GovernancePage(Html html, Optional<Governance> governance, Optional<TransparencyLog> log) {
    this.html = requireNonNull(html, "html");
    this.governance = requireNonNull(governance, "governance");
    this.log = requireNonNull(log, "log");
  }

  ExtensionReply show(Guard.Visit visit) {
    return page(
        visit, visit.request().queryParam("voted").map(v -> "Your vote was counted.").orElse(""));
  }

  private ExtensionReply page(Guard.Visit visit, String message) {
    if (governance.isEmpty() || !visit.reader().mayRead(governance.get().settings().collection())) {
      return html.page(
          200,
          "governance.jte",
          new GovernanceView(
              visit.frame("Governance", "governance"),
              false,
              0,
              "",
              "",
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              "This node has no community governance you can read."));
    }
    Governance g = governance.get();
    Charter charter = g.charter();
    List<Governance.ProposalStatus> statuses = g.proposals(visit.reader());
    List<GovernanceView.ProposalRow> proposals =
        statuses.stream()
            .map(
                s ->
                    new GovernanceView.ProposalRow(
                        s.proposal().id(),
                        s.proposal().title(),
                        s.proposal().description().orElse(""),
                        s.proposal().closes().toString(),
                        s.outcome().state().name().toLowerCase(java.util.Locale.ROOT),
                        s.outcome().state() == org.wuzhen.governance.Outcome.State.OPEN,
                        s.outcome().yes(),
                        s.outcome().no(),
                        s.outcome().abstain(),
                        s.outcome().members(),
                        s.outcome().ballots().entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .map(e -> new Property(e.getKey(), e.getValue().word(), List.of()))
                            .toList(),
                        Json.write(s.proposal().patch().toJson())))
            .toList();
    return html.page(
        200,
        "governance.jte",
        new GovernanceView(
            visit.frame("Governance", "governance"),
            true,
            charter.version(),
            charter.adopted().toString(),
            charter.version() > 1
                ? "version "
                    + (charter.version() - 1)
                    + " until "
                    + charter.adopted()
                    + charter.proposalRef().map(p -> ", changed by proposal " + p).orElse("")
                : "the founding charter",
            charter.members().stream()
                .map(
                    m ->
                        new Property(
                            m.name(), m.publicKeys().size() + " signing key(s)", List.of()))
                .toList(),
            charter.rules().entrySet().stream()
                .map(
                    e ->
                        new Property(
                            e.getKey().ruleName(), Json.write(e.getValue().toJson()), List.of()))
                .toList(),
            g.charter(charter.version() - 1)
                .map(before -> CharterDiff.between(before, charter))
                .orElse(List.of()),
            proposals,
            decisions(g, visit.reader(), statuses),
            message));
  }

  /**
   * The charter versions and the closed proposals, the newest {@link #DECISIONS} of each, each with
   * its newest log entry checked against the latest signed head (the object page's check).
   */
  private List<GovernanceView.Decision> decisions(
      Governance g, ObjectReader reader, List<Governance.ProposalStatus> statuses) {
    CollectionId id = g.settings().collection();
    Optional<CollectionInfo> collection =
        reader.readableCollections().stream().filter(c -> c.id().equals(id)).findFirst();
    if (collection.isEmpty()) {
      return List.of();
    }
    List<GovernanceView.Decision> out = new ArrayList<>();
    for (Charter c : g.charters().reversed().stream().limit(DECISIONS).toList()) {
      Optional<String> objectId = g.charterObjectId(c.version());
      if (objectId.isPresent()) {
        out.add(
            decision(
                reader,
                collection.get(),
                "Charter version " + c.version(),
                objectId.get(),
                c.proposalRef().isEmpty()
                    ? "founded " + c.adopted()
                    : "adopted " + c.adopted() + " by proposal " + c.proposalRef().get()));
      }
    }
    statuses.stream()
        .filter(s -> s.outcome().state() != Outcome.State.OPEN)
        .sorted(
            Comparator.comparing((Governance.ProposalStatus s) -> s.proposal().closes()).reversed())
        .limit(DECISIONS)
        .forEach(
            s ->
                out.add(
                    decision(
                        reader,
                        collection.get(),
                        "Proposal: " + s.proposal().title(),
                        s.proposal().id(),
                        s.outcome().state().name().toLowerCase(Locale.ROOT)
                            + " at "
                            + s.proposal().closes()
                            + s.producedVersion().map(v -> ": charter version " + v).orElse(""))));
    return out;
  }

  private GovernanceView.Decision decision(
      ObjectReader reader,
      CollectionInfo collection,
      String what,
      String objectId,
      String outcome) {
    ProvenanceSection.Logged logged =
        ProvenanceSection.logged(reader, collection, objectId, log, 1, "this decision");
    return new GovernanceView.Decision(
        what,
        new Link(objectId, Links.objectPath(objectId) + "#provenance"),
        outcome,
        logged.entries().stream().findFirst(),
        logged.note());
  }

  /**
   * GET /ui/governance/prepare/: the unsigned vote and the bytes to sign (base64), as JSON for the
   * page's signing script.
   */
  ExtensionReply prepare(Guard.Visit visit) {
    Governance g = community(visit);
    String proposal =
        visit
            .request()
            .queryParam("proposal")
            .orElseThrow(() -> ExtensionException.badRequest("proposal: missing"));
    if (g.proposals(visit.reader()).stream().noneMatch(s -> s.proposal().id().equals(proposal))) {
      throw ExtensionException.notFound("proposal: no proposal " + proposal + " you can read");
    }
    Vote.Choice choice = choice(visit.request().queryParam("choice").orElse(""));
    StixObject vote =
        GovernanceStix.voteObject(
            GovernanceStix.newId(GovernanceStix.VOTE),
            visit.caller().memberIdentityId(),
            proposal,
            choice,
            g.settings().clock().instant());
    return SignedObjects.prepared(List.of(vote));
  }

  /** POST /ui/governance/vote/: the vote the page prepared and the signature the browser made. */
  ExtensionReply vote(Guard.Visit visit) {
    Governance g = community(visit);
    List<StixObject> signed =
        SignedObjects.signed(visit.requireForm(), visit.caller(), g.charter());
    StixObject vote = signed.getFirst();
    if (signed.size() != 1 || !vote.type().equals(GovernanceStix.VOTE)) {
      throw ExtensionException.badRequest("objects: expected one vote");
    }
    visit.add(g.settings().collection(), signed);
    return Html.seeOther("/ui/governance/?voted=" + vote.id(), Map.of());
  }

  private Governance community(Guard.Visit visit) {
    return governance
        .filter(g -> visit.reader().mayRead(g.settings().collection()))
        .orElseThrow(
            () -> ExtensionException.notFound("no community governance you can read on this node"));
  }

  private static Vote.Choice choice(String word) {
    for (Vote.Choice c : Vote.Choice.values()) {
      if (c.word().equals(word)) {
        return c;
      }
    }
    throw ExtensionException.badRequest(
        "choice: expected yes, no or abstain, found '" + word + "'");
  }
}
