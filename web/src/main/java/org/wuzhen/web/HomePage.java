package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.Outcome;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.web.view.HomeView;

/**
 * The home page: the search box, the open proposals the caller may read with their deadlines and
 * tallies, and the caller's collections.
 */
final class HomePage {
  private final Html html;
  private final Optional<Governance> governance;

  HomePage(Html html, Optional<Governance> governance) {
    this.html = requireNonNull(html, "html");
    this.governance = requireNonNull(governance, "governance");
  }

  ExtensionReply show(Guard.Visit visit) {
    var collections =
        visit.reader().readableCollections().stream()
            .map(c -> new HomeView.Collection(c.id().toString(), c.title()))
            .toList();
    var proposals =
        governance.map(g -> g.proposals(visit.reader())).orElse(List.of()).stream()
            .filter(p -> p.outcome().state() == Outcome.State.OPEN)
            .map(
                p ->
                    new HomeView.Proposal(
                        p.proposal().title(),
                        p.proposal().closes().toString(),
                        "yes "
                            + p.outcome().yes()
                            + " · no "
                            + p.outcome().no()
                            + " · abstain "
                            + p.outcome().abstain()
                            + " of "
                            + p.outcome().members()
                            + " members"))
            .toList();
    return html.page(
        200, "home.jte", new HomeView(visit.frame("Home", "home"), collections, proposals));
  }
}
