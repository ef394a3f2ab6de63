package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.wuzhen.federation.Federation;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.web.view.StatusView;

/**
 * {@code /ui/status/}: each peer's pulling (last success, caught up, counts, last error) for the
 * node's administrators, the same audience as {@code GET /wuzhen/peers/}.
 */
final class StatusPage {
  private final Html html;
  private final Optional<Federation> federation;

  StatusPage(Html html, Optional<Federation> federation) {
    this.html = requireNonNull(html, "html");
    this.federation = requireNonNull(federation, "federation");
  }

  ExtensionReply show(Guard.Visit visit) {
    boolean admin = visit.caller().admin();
    List<StatusView.PeerRow> peers =
        !admin
            ? List.of()
            : federation.map(Federation::status).orElse(List.of()).stream()
                .map(
                    s ->
                        new StatusView.PeerRow(
                            s.peer(),
                            text(s.lastSuccess()),
                            text(s.caughtUp()),
                            s.added(),
                            s.duplicates(),
                            s.invalid(),
                            s.failures(),
                            s.lastError().orElse("")))
                .toList();
    return html.page(
        200, "status.jte", new StatusView(visit.frame("Status", "status"), admin, peers));
  }

  private static String text(Optional<Instant> t) {
    return t.map(Instant::toString).orElse("never");
  }
}
