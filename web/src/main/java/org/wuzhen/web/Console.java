package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Map;
import org.wuzhen.taxii.ExtensionRoute;
import org.wuzhen.taxii.NodeExtension;
import org.wuzhen.taxii.TaxiiExtensions;

/**
 * The analysts' console: server-rendered pages under {@code /ui/} ({@code /} redirects there),
 * served by the node's own server. Users log in with their API password; every page reads through
 * the node's one read decision bound to that user, so it shows nothing the TAXII API would not.
 * Disabled by {@code web.enabled: false}, it adds no route at all.
 */
public final class Console implements NodeExtension {
  private final ConsoleSettings settings;
  private final Clock clock;

  public Console(ConsoleSettings settings, Clock clock) {
    this.settings = requireNonNull(settings, "settings");
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
    HomePage home = new HomePage(html);
    // Every route of the console, top to bottom.
    server
        .route(ExtensionRoute.publicGet("/", r -> Html.seeOther("/ui/", Map.of())))
        .route(ExtensionRoute.publicGet("/ui/assets/{name}/", assets::serve))
        .route(ExtensionRoute.publicGet("/ui/login/", guard::loginForm))
        .route(ExtensionRoute.publicPost("/ui/login/", guard::logIn))
        .route(ExtensionRoute.publicPost("/ui/logout/", guard.page(guard::logOut)))
        .route(ExtensionRoute.publicGet("/ui/", guard.page(home::show)));
  }

  /** The path of an object's page. */
  static String objectPath(String stixId) {
    return "/ui/objects/"
        + java.net.URLEncoder.encode(stixId, java.nio.charset.StandardCharsets.UTF_8)
        + "/";
  }
}
