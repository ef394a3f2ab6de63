package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.ObjectPage;
import org.wuzhen.store.ObjectQuery;
import org.wuzhen.store.PageCursor;
import org.wuzhen.store.StoredObject;
import org.wuzhen.store.VersionSelection;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.web.view.Link;
import org.wuzhen.web.view.SearchView;

/**
 * {@code /ui/search/}: exact lookup of one value or of up to {@link #MAX_VALUES} pasted values (one
 * answer per value), and a collection's objects filtered by type, paged by position. Every read is
 * the caller's reader's; a list page reads at most {@link #PAGE} rows (the store reads one more to
 * know whether a next page exists).
 */
final class SearchPage {
  static final int PAGE = 50;
  static final int MAX_VALUES = 10_000;

  /** Ids per store query of a bulk lookup. */
  private static final int CHUNK = 500;

  private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9-]{0,249}");

  private final Html html;

  SearchPage(Html html) {
    this.html = requireNonNull(html, "html");
  }

  ExtensionReply show(Guard.Visit visit) {
    ObjectReader reader = visit.reader();
    String q = visit.request().queryParam("q").orElse("").strip();
    String type = visit.request().queryParam("type").orElse("").strip();
    if (!type.isEmpty() && !TYPE.matcher(type).matches()) {
      throw ExtensionException.badRequest("type: not a STIX type name: '" + clip(type) + "'");
    }
    List<CollectionInfo> collections = reader.readableCollections();
    Optional<CollectionId> chosen = collection(visit, collections);
    List<SearchView.Answer> answers =
        q.isEmpty() ? List.of() : lookup(reader, collections, List.of(Observables.of(q)));
    List<SearchView.Row> rows = new ArrayList<>();
    String next = "";
    if (q.isEmpty() && chosen.isPresent()) {
      Optional<PageCursor> after = visit.request().queryParam("after").map(SearchPage::cursor);
      ObjectPage page =
          reader.query(
              chosen.get(),
              new ObjectQuery(
                  Optional.empty(),
                  List.of(),
                  type.isEmpty() ? List.of() : List.of(type),
                  VersionSelection.LAST,
                  List.of(),
                  PAGE,
                  after,
                  false));
      String title = title(collections, chosen.get());
      for (StoredObject o : page.objects()) {
        rows.add(row(o, title));
      }
      if (page.more()) {
        PageCursor c = page.next().orElseThrow();
        next =
            "/ui/search/?collection="
                + chosen.get()
                + "&type="
                + encode(type)
                + "&after="
                + encode(c.dateAddedMicros() + "." + c.versionMicros() + "." + c.id());
      }
    }
    return html.page(
        200,
        "search.jte",
        new SearchView(
            visit.frame("Search", "search"),
            q,
            "",
            type,
            chosen.map(CollectionId::toString).orElse(""),
            options(collections, chosen),
            answers,
            rows,
            next,
            collections.isEmpty() ? "You may read no collection." : ""));
  }

  /** POST /ui/search/bulk/: one answer per pasted value. */
  ExtensionReply bulk(Guard.Visit visit) {
    String text = visit.requireForm().first("values").orElse("");
    LinkedHashSet<String> values = new LinkedHashSet<>();
    for (String line : text.split("\\R")) {
      if (!line.isBlank()) {
        values.add(line.strip());
      }
    }
    if (values.size() > MAX_VALUES) {
      throw ExtensionException.badRequest(
          "values: " + values.size() + " distinct values; a lookup takes at most " + MAX_VALUES);
    }
    ObjectReader reader = visit.reader();
    List<CollectionInfo> collections = reader.readableCollections();
    List<SearchView.Answer> answers =
        lookup(reader, collections, values.stream().map(Observables::of).toList());
    long known = answers.stream().filter(SearchView.Answer::found).count();
    return html.page(
        200,
        "search.jte",
        new SearchView(
            visit.frame("Bulk lookup", "search"),
            "",
            text,
            "",
            "",
            options(collections, Optional.empty()),
            answers,
            List.of(),
            "",
            known + " of " + answers.size() + " values known"));
  }

  /** Looks every candidate id up in every readable collection, by id (indexed), in chunks. */
  static List<SearchView.Answer> lookup(
      ObjectReader reader, List<CollectionInfo> collections, List<Observables.Candidate> values) {
    List<String> ids = values.stream().flatMap(c -> c.ids().stream()).distinct().toList();
    Map<String, List<SearchView.Row>> found = new LinkedHashMap<>();
    for (CollectionInfo c : collections) {
      for (int i = 0; i < ids.size(); i += CHUNK) {
        List<String> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
        ObjectQuery q =
            new ObjectQuery(
                Optional.empty(),
                chunk,
                List.of(),
                VersionSelection.LAST,
                List.of(),
                chunk.size(),
                Optional.empty(),
                false);
        for (StoredObject o : reader.query(c.id(), q).objects()) {
          found.computeIfAbsent(o.id(), k -> new ArrayList<>()).add(row(o, c.title()));
        }
      }
    }
    List<SearchView.Answer> out = new ArrayList<>(values.size());
    for (Observables.Candidate v : values) {
      List<SearchView.Row> rows = new ArrayList<>();
      for (String id : v.ids()) {
        rows.addAll(found.getOrDefault(id, List.of()));
      }
      out.add(new SearchView.Answer(v.value(), v.kind(), rows));
    }
    return out;
  }

  private static SearchView.Row row(StoredObject o, String collection) {
    return new SearchView.Row(
        new Link(o.id(), Links.objectPath(o.id())), o.type(), o.version().orElse(""), collection);
  }

  private static Optional<CollectionId> collection(
      Guard.Visit visit, List<CollectionInfo> readable) {
    Optional<String> asked = visit.request().queryParam("collection").filter(s -> !s.isBlank());
    if (asked.isEmpty()) {
      return readable.isEmpty() ? Optional.empty() : Optional.of(readable.getFirst().id());
    }
    CollectionId id;
    try {
      id = CollectionId.parse(asked.get().strip());
    } catch (IllegalArgumentException e) {
      throw ExtensionException.badRequest("collection: " + e.getMessage());
    }
    if (!visit.reader().mayRead(id)) {
      throw ExtensionException.notFound("collection: no collection " + id + " you can read");
    }
    return Optional.of(id);
  }

  private static PageCursor cursor(String text) {
    String[] parts = text.split("\\.", 3);
    try {
      if (parts.length == 3 && !parts[2].isEmpty()) {
        return new PageCursor(Long.parseLong(parts[0]), parts[2], Long.parseLong(parts[1]));
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ExtensionException.badRequest(
        "after: not a position this page gave: '" + clip(text) + "'");
  }

  private static List<SearchView.Option> options(
      List<CollectionInfo> collections, Optional<CollectionId> chosen) {
    return collections.stream()
        .map(
            c ->
                new SearchView.Option(
                    c.id().toString(), c.title(), chosen.filter(c.id()::equals).isPresent()))
        .toList();
  }

  private static String title(List<CollectionInfo> collections, CollectionId id) {
    return collections.stream()
        .filter(c -> c.id().equals(id))
        .map(CollectionInfo::title)
        .findFirst()
        .orElse(id.toString());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "…" : s;
  }
}
