package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.web.view.HomeView;

/** The home page: the caller's collections and the search box. */
final class HomePage {
  private final Html html;

  HomePage(Html html) {
    this.html = requireNonNull(html, "html");
  }

  ExtensionReply show(Guard.Visit visit) {
    var collections =
        visit.reader().readableCollections().stream()
            .map(c -> new HomeView.Collection(c.id().toString(), c.title()))
            .toList();
    return html.page(200, "home.jte", new HomeView(visit.frame("Home", "home"), collections));
  }
}
