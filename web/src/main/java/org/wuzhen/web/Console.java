package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.federation.Federation;
import org.wuzhen.governance.Governance;
import org.wuzhen.taxii.ExtensionRoute;
import org.wuzhen.taxii.NodeExtension;
import org.wuzhen.taxii.TaxiiExtensions;
import org.wuzhen.transparency.TransparencyLog;

/**
 * The analysts' console: server-rendered pages under {@code /ui/} ({@code /} redirects there),
 * served by the node's own server. Users log in with their API password; every page reads through
 * the node's one read decision bound to that user, so it shows nothing the TAXII API would not.
 * Disabled by {@code web.enabled: false}, it adds no route at all.
 */
public final class Console implements NodeExtension {
  private final ConsoleSettings settings;
  private final Clock clock;
  private final Optional<Governance> governance;
  private final Optional<Federation> federation;
  private final Optional<TransparencyLog> log;

  /** A console without a transparency log (object pages say so). */
  public Console(
      ConsoleSettings settings,
      Optional<Governance> governance,
      Optional<Federation> federation,
      Clock clock) {
    this(settings, governance, federation, Optional.empty(), clock);
  }

  /**
   * @param governance the community whose dialogue, consensus and disputes the pages show, if any
   * @param federation the peers whose export decisions the object page explains, if any
   * @param log the node's transparency log, whose entries object pages check and the status page
   *     shows, if any
   */
  public Console(
      ConsoleSettings settings,
      Optional<Governance> governance,
      Optional<Federation> federation,
      Optional<TransparencyLog> log,
      Clock clock) {
    this.log = requireNonNull(log, "log");
    this.settings = requireNonNull(settings, "settings");
    this.governance = requireNonNull(governance, "governance");
    this.federation = requireNonNull(federation, "federation");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void extend(TaxiiExtensions.Builder server) {
    if (!settings.enabled()) {
      return;
    }
    Html html = new Html();
    Guard guard = new Guard(new Sessions(settings.sessionLifetime(), clock), html);
    Assets assets = new Assets();
    HomePage home = new HomePage(html, governance, clock);
    ObjectPage object = new ObjectPage(html, governance, federation, log);
    SearchPage search = new SearchPage(html);
    TextSearchPage textSearch = new TextSearchPage(html, governance);
    GovernancePage governancePage = new GovernancePage(html, governance, log);
    ImportPage imports = new ImportPage(html, clock);
    ObjectActions actions = new ObjectActions(governance, clock);
    StatusPage status = new StatusPage(html, federation, governance, log, clock);
    AttackPage attack = new AttackPage(html, governance);
    // Every route of the console, top to bottom.
    server
        .route(ExtensionRoute.publicGet("/", r -> Html.seeOther("/ui/", Map.of())))
        .route(ExtensionRoute.publicGet("/ui/assets/{name}/", assets::serve))
        .route(ExtensionRoute.publicGet("/ui/login/", guard::loginForm))
        .route(ExtensionRoute.publicPost("/ui/login/", guard::logIn))
        .route(ExtensionRoute.publicPost("/ui/logout/", guard.page(guard::logOut)))
        .route(ExtensionRoute.publicGet("/ui/", guard.page(home::show)))
        .route(ExtensionRoute.publicGet("/ui/search/", guard.page(search::show)))
        .route(ExtensionRoute.publicPost("/ui/search/bulk/", guard.page(search::bulk)))
        .route(ExtensionRoute.publicGet("/ui/search/text/", guard.page(textSearch::show)))
        .route(ExtensionRoute.publicGet("/ui/objects/{id}/", guard.page(object::show)))
        .route(ExtensionRoute.publicGet("/ui/objects/{id}/bundle/", guard.page(object::bundle)))
        .route(ExtensionRoute.publicPost("/ui/objects/{id}/note/", guard.page(actions::note)))
        .route(
            ExtensionRoute.publicGet(
                "/ui/objects/{id}/opinion/prepare/", guard.page(actions::prepareOpinion)))
        .route(
            ExtensionRoute.publicGet(
                "/ui/objects/{id}/false-positive/prepare/",
                guard.page(actions::prepareFalsePositive)))
        .route(ExtensionRoute.publicPost("/ui/objects/{id}/signed/", guard.page(actions::signed)))
        .route(ExtensionRoute.publicPost("/ui/objects/{id}/revoke/", guard.page(actions::revoke)))
        .route(ExtensionRoute.publicGet("/ui/attack/", guard.page(attack::show)))
        .route(ExtensionRoute.publicGet("/ui/governance/", guard.page(governancePage::show)))
        .route(
            ExtensionRoute.publicGet(
                "/ui/governance/prepare/", guard.page(governancePage::prepare)))
        .route(ExtensionRoute.publicPost("/ui/governance/vote/", guard.page(governancePage::vote)))
        .route(ExtensionRoute.publicGet("/ui/status/", guard.page(status::show)))
        .route(ExtensionRoute.publicGet("/ui/import/", guard.page(imports::show)))
        .route(ExtensionRoute.publicPost("/ui/import/preview/", guard.page(imports::preview)))
        .route(ExtensionRoute.publicPost("/ui/import/text/", guard.page(imports::text)))
        .route(ExtensionRoute.publicPost("/ui/import/misp/", guard.page(imports::misp)))
        .route(ExtensionRoute.publicPost("/ui/import/publish/", guard.page(imports::publish)));
  }
}
