package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.governance.Dispute;
import org.wuzhen.governance.Governance;
import org.wuzhen.governance.ObjectView;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.Tlp;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.TextMatch;
import org.wuzhen.store.TextMatches;
import org.wuzhen.store.TextQuery;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.web.view.Link;
import org.wuzhen.web.view.TextSearchView;
import org.wuzhen.web.view.TextSearchView.Choice;
import org.wuzhen.web.view.TextSearchView.Filter;

/**
 * {@code /ui/search/text/}: full-text search over the store's index ({@link TextQuery}) through the
 * caller's reader, with the store's filters (collection, type, creator member, TLP, revoked) and
 * two the community decides (dispute state, consensus), applied to each page's hits. A page reads
 * at most {@link SearchPage#PAGE} hits plus one.
 */
final class TextSearchPage {
  private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,249}");
  private static final List<String> STATES = List.of("any", "valid", "revoked");
  private static final List<String> DISPUTES = List.of("any", "none", "open", "upheld", "rejected");
  private static final List<String> CONSENSUS =
      List.of("any", "agree", "neutral", "disagree", "none");

  private final Html html;
  private final Optional<Governance> governance;

  TextSearchPage(Html html, Optional<Governance> governance) {
    this.html = requireNonNull(html, "html");
    this.governance = requireNonNull(governance, "governance");
  }

  /** The form's values, each parsed; {@code words} empty when nothing was asked yet. */
  private record Asked(
      String text,
      Optional<List<String>> words,
      String type,
      Optional<CollectionId> collection,
      String member,
      Optional<Tlp> tlp,
      String state,
      String dispute,
      String consensus,
      Optional<Long> before) {}

  ExtensionReply show(Guard.Visit visit) {
    ObjectReader reader = visit.reader();
    List<CollectionInfo> collections = reader.readableCollections();
    Asked asked = parse(visit);
    List<TextSearchView.Hit> hits = new ArrayList<>();
    String next = "";
    String message = "";
    if (asked.words().isPresent()) {
      List<CollectionId> in = asked.collection().map(List::of).orElseGet(() -> ids(collections));
      TextMatches page = reader.search(in, query(asked));
      Map<CollectionId, String> titles = new LinkedHashMap<>();
      collections.forEach(c -> titles.put(c.id(), c.title()));
      for (TextMatch m : page.hits()) {
        if (community(asked, m, reader)) {
          hits.add(hit(m, titles));
        }
      }
      if (page.more()) {
        next = link(asked, page.next().orElseThrow());
      }
      message =
          hits.isEmpty()
              ? (page.more() ? "Nothing on this page; more may follow." : "Nothing found.")
              : "";
    } else if (collections.isEmpty()) {
      message = "You may read no collection.";
    }
    return html.page(
        200,
        "text-search.jte",
        new TextSearchView(
            visit.frame("Full-text search", "search"),
            asked.text(),
            asked.type(),
            filters(asked, collections),
            hits,
            next,
            message));
  }

  private Asked parse(Guard.Visit visit) {
    var r = visit.request();
    String text = r.queryParam("words").orElse("").strip();
    Optional<List<String>> words = Optional.empty();
    if (!text.isEmpty()) {
      try {
        words = Optional.of(TextQuery.words(text));
      } catch (IllegalArgumentException e) {
        throw ExtensionException.badRequest("words: " + e.getMessage());
      }
    }
    String type = r.queryParam("type").orElse("").strip();
    if (!type.isEmpty() && !TYPE.matcher(type).matches()) {
      throw ExtensionException.badRequest("type: not a STIX type name: '" + clip(type) + "'");
    }
    Optional<CollectionId> collection = Optional.empty();
    String c = r.queryParam("collection").orElse("").strip();
    if (!c.isEmpty()) {
      try {
        collection = Optional.of(CollectionId.parse(c));
      } catch (IllegalArgumentException e) {
        throw ExtensionException.badRequest("collection: " + e.getMessage());
      }
      if (!visit.reader().mayRead(collection.get())) {
        throw ExtensionException.notFound("collection: no collection " + c + " you can read");
      }
    }
    String member = r.queryParam("member").orElse("").strip();
    if (!member.isEmpty() && identity(member).isEmpty()) {
      throw ExtensionException.badRequest(
          "member: no member '" + clip(member) + "' in the charter in force");
    }
    String tlpText = r.queryParam("tlp").orElse("").strip();
    Optional<Tlp> tlp = Optional.empty();
    if (!tlpText.isEmpty()) {
      tlp = Tlp.parse(tlpText);
      if (tlp.isEmpty()) {
        throw ExtensionException.badRequest(
            "tlp: expected clear, green, amber, amber+strict or red, found '"
                + clip(tlpText)
                + "'");
      }
    }
    Optional<Long> before = Optional.empty();
    String b = r.queryParam("before").orElse("").strip();
    if (!b.isEmpty()) {
      try {
        before = Optional.of(Long.parseLong(b));
      } catch (NumberFormatException e) {
        throw ExtensionException.badRequest(
            "before: not a position this page gave: '" + clip(b) + "'");
      }
    }
    return new Asked(
        text,
        words,
        type,
        collection,
        member,
        tlp,
        choice(visit, "state", STATES),
        choice(visit, "dispute", DISPUTES),
        choice(visit, "consensus", CONSENSUS),
        before);
  }

  private static String choice(Guard.Visit visit, String name, List<String> allowed) {
    String v = visit.request().queryParam(name).orElse("").strip();
    if (v.isEmpty()) {
      return "any";
    }
    if (!allowed.contains(v)) {
      throw ExtensionException.badRequest(
          name + ": expected one of " + String.join(", ", allowed) + ", found '" + clip(v) + "'");
    }
    return v;
  }

  private Optional<String> identity(String member) {
    return governance.flatMap(g -> g.charter().memberByName(member)).map(CharterMember::identityId);
  }

  private TextQuery query(Asked a) {
    return new TextQuery(
        a.words().orElseThrow(),
        a.type().isEmpty() ? List.of() : List.of(a.type()),
        a.member().isEmpty() ? Optional.empty() : identity(a.member()),
        a.tlp(),
        switch (a.state()) {
          case "valid" -> Optional.of(false);
          case "revoked" -> Optional.of(true);
          default -> Optional.empty();
        },
        SearchPage.PAGE,
        a.before());
  }

  /**
   * Whether a hit passes the dispute and consensus filters, as the caller may read what members
   * said about it (the object page's view). Only asked when one of them is set.
   */
  private boolean community(Asked a, TextMatch m, ObjectReader reader) {
    if (a.dispute().equals("any") && a.consensus().equals("any")) {
      return true;
    }
    Optional<ObjectView> view = governance.flatMap(g -> g.objectView(m.object().id(), reader));
    String dispute =
        view.flatMap(ObjectView::dispute).map(Dispute::state).orElse(Dispute.State.NONE).word();
    Optional<BigDecimal> average = view.flatMap(v -> v.consensus().average());
    String consensus =
        average
            .map(v -> v.signum() > 0 ? "agree" : v.signum() < 0 ? "disagree" : "neutral")
            .orElse("none");
    return (a.dispute().equals("any") || a.dispute().equals(dispute))
        && (a.consensus().equals("any") || a.consensus().equals(consensus));
  }

  private static TextSearchView.Hit hit(TextMatch m, Map<CollectionId, String> titles) {
    String id = m.object().id();
    String name = id;
    try {
      name = StixObject.parse(m.object().json().orElseThrow()).string("name").orElse(id);
    } catch (StixFormatException e) {
      // shown by its id
    }
    return new TextSearchView.Hit(
        new Link(name, Links.objectPath(id)),
        m.object().type(),
        titles.getOrDefault(m.collection(), m.collection().toString()),
        micros(m.object().dateAddedMicros()));
  }

  private static String micros(long micros) {
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
        .toString();
  }

  private static String link(Asked a, long before) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("words", a.text());
    q.put("type", a.type());
    q.put("collection", a.collection().map(CollectionId::toString).orElse(""));
    q.put("member", a.member());
    q.put("tlp", a.tlp().map(Tlp::tlp2Value).orElse(""));
    q.put("state", a.state());
    q.put("dispute", a.dispute());
    q.put("consensus", a.consensus());
    q.put("before", Long.toString(before));
    StringBuilder out = new StringBuilder("/ui/search/text/?");
    q.forEach(
        (k, v) -> {
          if (out.charAt(out.length() - 1) != '?') {
            out.append('&');
          }
          out.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return out.toString();
  }

  private List<Filter> filters(Asked a, List<CollectionInfo> collections) {
    List<Filter> out = new ArrayList<>();
    List<Choice> in = new ArrayList<>();
    in.add(new Choice("", "every collection", a.collection().isEmpty()));
    for (CollectionInfo c : collections) {
      in.add(
          new Choice(
              c.id().toString(), c.title(), a.collection().filter(c.id()::equals).isPresent()));
    }
    out.add(new Filter("collection", "Collection", in));
    List<Choice> members = new ArrayList<>();
    members.add(new Choice("", "any creator", a.member().isEmpty()));
    governance.ifPresent(
        g ->
            g.charter()
                .members()
                .forEach(
                    m ->
                        members.add(
                            new Choice(m.name(), "by " + m.name(), m.name().equals(a.member())))));
    out.add(new Filter("member", "Creator member", members));
    List<Choice> tlps = new ArrayList<>();
    tlps.add(new Choice("", "any marking", a.tlp().isEmpty()));
    for (Tlp t : Tlp.values()) {
      tlps.add(new Choice(t.tlp2Value(), t.label(), a.tlp().filter(t::equals).isPresent()));
    }
    out.add(new Filter("tlp", "TLP marking", tlps));
    out.add(choices("state", "Valid or revoked", STATES, a.state(), "valid or revoked"));
    if (governance.isPresent()) {
      out.add(choices("dispute", "Dispute state", DISPUTES, a.dispute(), "any dispute state"));
      out.add(choices("consensus", "Consensus", CONSENSUS, a.consensus(), "any consensus"));
    }
    return out;
  }

  private static Filter choices(
      String name, String label, List<String> values, String selected, String any) {
    return new Filter(
        name,
        label,
        values.stream()
            .map(v -> new Choice(v, v.equals("any") ? any : v, v.equals(selected)))
            .toList());
  }

  private static List<CollectionId> ids(List<CollectionInfo> collections) {
    return collections.stream().map(CollectionInfo::id).toList();
  }

  private static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
