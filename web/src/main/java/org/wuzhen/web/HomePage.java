package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.ObjectView;
import org.wuzhen.governance.Outcome;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Hit;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.StoredObject;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.web.view.HomeView;
import org.wuzhen.web.view.Link;

/**
 * The home page: the search boxes, the objects most recently added to the caller's collections, the
 * open proposals with their deadlines and tallies, the open disputes, the objects most sighted in
 * the last 24 hours, and the caller's collections. Every list is short and bounded: the store reads
 * {@link #RECENT} + 1 recent versions; disputes and sightings come from the governance index.
 */
final class HomePage {
  static final int RECENT = 20;
  static final int DISPUTES = 10;
  static final int SIGHTED = 10;

  private final Html html;
  private final Optional<Governance> governance;
  private final Clock clock;

  HomePage(Html html, Optional<Governance> governance, Clock clock) {
    this.html = requireNonNull(html, "html");
    this.governance = requireNonNull(governance, "governance");
    this.clock = requireNonNull(clock, "clock");
  }

  ExtensionReply show(Guard.Visit visit) {
    ObjectReader reader = visit.reader();
    List<CollectionInfo> readable = reader.readableCollections();
    Map<CollectionId, String> titles = new LinkedHashMap<>();
    readable.forEach(c -> titles.put(c.id(), c.title()));
    var collections =
        readable.stream().map(c -> new HomeView.Collection(c.id().toString(), c.title())).toList();
    List<HomeView.Recent> recent = new ArrayList<>();
    for (Hit h : reader.recent(List.copyOf(titles.keySet()), RECENT, Optional.empty()).hits()) {
      recent.add(
          new HomeView.Recent(
              new Link(name(h.object()), Links.objectPath(h.object().id())),
              h.object().type(),
              titles.getOrDefault(h.collection(), h.collection().toString()),
              Times.ofMicros(h.object().dateAddedMicros())));
    }
    var proposals =
        governance.map(g -> g.proposals(reader)).orElse(List.of()).stream()
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
    List<HomeView.Disputed> disputes = new ArrayList<>();
    List<HomeView.Sighted> sighted = new ArrayList<>();
    if (governance.isPresent()) {
      for (ObjectView v : governance.get().openDisputes(reader, DISPUTES)) {
        StixObject o = v.object().orElseThrow();
        disputes.add(
            new HomeView.Disputed(
                new Link(o.string("name").orElse(v.id()), Links.objectPath(v.id())),
                v.consensus()
                    .average()
                    .map(a -> a.toPlainString() + " from " + v.consensus().members() + " members")
                    .orElse("no opinion"),
                v.dispute().map(d -> d.history().size()).orElse(0)));
      }
      Instant since = clock.instant().minus(Duration.ofHours(24));
      for (Governance.Sighted s : governance.get().mostSighted(reader, since, SIGHTED)) {
        sighted.add(
            new HomeView.Sighted(
                new Link(nameOf(reader, readable, s.objectId()), Links.objectPath(s.objectId())),
                s.sightings()));
      }
    }
    return html.page(
        200,
        "home.jte",
        new HomeView(
            visit.frame("Home", "home"), collections, recent, proposals, disputes, sighted));
  }

  /** The name of an object the caller may read, else its id (a sighting may name anything). */
  private static String nameOf(ObjectReader reader, List<CollectionInfo> readable, String id) {
    for (CollectionInfo c : readable) {
      List<StoredObject> found = reader.query(c.id(), ObjectQuery.latestOf(id, true)).objects();
      if (!found.isEmpty()) {
        return name(found.getFirst());
      }
    }
    return id;
  }

  private static String name(StoredObject o) {
    try {
      return o.json().map(StixObject::parse).flatMap(s -> s.string("name")).orElse(o.id());
    } catch (StixFormatException e) {
      return o.id();
    }
  }
}
