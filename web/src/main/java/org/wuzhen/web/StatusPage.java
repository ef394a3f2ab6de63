package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.wuzhen.federation.Federation;
import org.wuzhen.federation.PeerLog;
import org.wuzhen.federation.PeerStatus;
import org.wuzhen.governance.Governance;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.transparency.TransparencyLog;
import org.wuzhen.transparency.TreeHead;
import org.wuzhen.web.view.StatusView;

/**
 * {@code /ui/status/}: each peer's pulling (cursor per pulled collection, lag, last success, caught
 * up, counts, last error) and what is known of its transparency log (the witnessed head, or the
 * flag that stopped pulling) for the node's administrators, the same audience as {@code GET
 * /wuzhen/peers/}.
 */
final class StatusPage {
  private final Html html;
  private final Optional<Federation> federation;
  private final Optional<Governance> governance;
  private final Optional<TransparencyLog> log;
  private final Clock clock;

  StatusPage(
      Html html,
      Optional<Federation> federation,
      Optional<Governance> governance,
      Optional<TransparencyLog> log,
      Clock clock) {
    this.html = requireNonNull(html, "html");
    this.federation = requireNonNull(federation, "federation");
    this.governance = requireNonNull(governance, "governance");
    this.log = requireNonNull(log, "log");
    this.clock = requireNonNull(clock, "clock");
  }

  ExtensionReply show(Guard.Visit visit) {
    boolean admin = visit.caller().admin();
    Instant now = clock.instant();
    List<StatusView.PeerRow> peers =
        !admin || federation.isEmpty()
            ? List.of()
            : federation.get().status().stream().map(s -> row(federation.get(), s, now)).toList();
    List<StatusView.SourceRow> sources =
        governance
            .map(g -> DetectionSources.of(g, visit.reader(), Optional.of(g.charter()), now))
            .orElse(List.of());
    return html.page(
        200,
        "status.jte",
        new StatusView(
            visit.frame("Status", "status"),
            admin,
            peers,
            log.map(StatusPage::head).orElse(new StatusView.LogHead(false, 0, 0, "", "", "", "")),
            governance.isPresent(),
            sources));
  }

  /** The log's size and its latest signed head, the signature checked with the log's key. */
  private static StatusView.LogHead head(TransparencyLog log) {
    TreeHead head = log.head();
    return new StatusView.LogHead(
        true,
        log.size(),
        head.treeSize(),
        head.rootHash().hex(),
        Instant.ofEpochMilli(head.timestamp()).toString(),
        head.keyId(),
        head.verify(log.publicKey()) ? "verified with the log's key" : "DOES NOT VERIFY");
  }

  private static StatusView.PeerRow row(Federation federation, PeerStatus s, Instant now) {
    List<StatusView.CursorRow> cursors =
        federation.cursors(s.peer()).entrySet().stream()
            .map(
                e ->
                    new StatusView.CursorRow(
                        e.getKey(),
                        e.getValue()
                            .map(c -> federation.position(s.peer(), c))
                            .orElse("nothing pulled yet"),
                        e.getValue().map(c -> c.updated().toString()).orElse("never")))
            .toList();
    return new StatusView.PeerRow(
        s.peer(),
        cursors,
        s.lag(now).map(StatusPage::duration).orElse("not caught up yet"),
        text(s.lastSuccess()),
        text(s.caughtUp()),
        s.added(),
        s.duplicates(),
        s.invalid(),
        s.failures(),
        s.lastError().orElse(""),
        logState(s.log()),
        witnessed(s.log()),
        s.log() instanceof PeerLog.Flagged f ? f.message() + " (since " + f.flagged() + ")" : "");
  }

  private static String logState(PeerLog log) {
    return switch (log) {
      case PeerLog.Unchecked u -> "unchecked";
      case PeerLog.NoLog n -> "no log";
      case PeerLog.Verified v -> "verified";
      case PeerLog.Unverified u -> "unverified";
      case PeerLog.Flagged f -> "flagged";
    };
  }

  /** The peer's latest verified head, or why there is none. */
  private static String witnessed(PeerLog log) {
    return switch (log) {
      case PeerLog.Verified v ->
          "tree size "
              + v.head().treeSize()
              + ", root "
              + v.head().rootHash().hex()
              + ", checked "
              + v.checked()
              + v.witnessProblem().map(w -> "; witnesses not cross-checked: " + w).orElse("");
      case PeerLog.Unverified u -> "not verified at " + u.checked() + ": " + u.error();
      case PeerLog.Unchecked u -> "not checked yet";
      case PeerLog.NoLog n -> "the peer serves no log";
      case PeerLog.Flagged f -> "none: pulling stopped";
    };
  }

  private static String duration(Duration d) {
    return d.toSeconds() < 120 ? d.toSeconds() + " s" : d.toMinutes() + " min";
  }

  private static String text(Optional<Instant> t) {
    return t.map(Instant::toString).orElse("never");
  }
}
