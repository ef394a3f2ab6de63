package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.wuzhen.taxii.Caller;
import org.wuzhen.taxii.ConsoleLogins;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ExtensionRequest;
import org.wuzhen.taxii.ExtensionRoute;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.web.view.ErrorView;
import org.wuzhen.web.view.Frame;
import org.wuzhen.web.view.LoginView;

/**
 * Who may see a console page: the session cookie, the login it holds (re-checked with the API's
 * accounts on every request), and for every form the session's CSRF token. A page runs with the
 * request re-bound to the logged-in user, so everything it reads passes the node's one read
 * decision for that user. Also the login and logout forms. Thread-safe.
 */
final class Guard {
  /** The cookie over plain HTTP (loopback only: the node refuses plain HTTP elsewhere). */
  static final String COOKIE = "wuzhen_console";

  /** The cookie under TLS: the {@code __Host-} prefix makes browsers insist on Secure, Path=/. */
  static final String SECURE_COOKIE = "__Host-wuzhen_console";

  static final String CSRF_FIELD = "csrf";
  static final String CSRF_HEADER = "X-CSRF-Token";

  /** One request to a page by a logged-in user. */
  record Visit(ExtensionRequest request, Sessions.Session session, Optional<Form> form) {
    Visit {
      requireNonNull(request, "request");
      requireNonNull(session, "session");
      requireNonNull(form, "form");
    }

    Caller caller() {
      return request.caller().orElseThrow();
    }

    ObjectReader reader() {
      return request.reader();
    }

    Frame frame(String title, String section) {
      return new Frame(title, caller().user(), caller().member(), session.csrf(), section);
    }

    Form requireForm() {
      return form.orElseThrow(() -> new IllegalStateException("a GET page has no form"));
    }
  }

  /** A page's handler. */
  @FunctionalInterface
  interface Page {
    ExtensionReply show(Visit visit);
  }

  private final Sessions sessions;
  private final Html html;

  Guard(Sessions sessions, Html html) {
    this.sessions = requireNonNull(sessions, "sessions");
    this.html = requireNonNull(html, "html");
  }

  /** A page for logged-in users; a POST must carry the session's CSRF token. */
  ExtensionRoute.Endpoint page(Page page) {
    return request -> {
      Optional<Sessions.Session> found = session(request).filter(s -> s.login().isPresent());
      if (found.isEmpty()) {
        return Html.seeOther("/ui/login/", Map.of());
      }
      Sessions.Session session = found.get();
      ExtensionRequest as;
      try {
        as = request.logins().as(session.login().orElseThrow(), request);
      } catch (ExtensionException e) {
        sessions.end(session.id());
        return Html.seeOther("/ui/login/", Map.of("Set-Cookie", clearCookie(request)));
      }
      Visit visit = new Visit(as, session, Optional.empty());
      try {
        if (request.method().equals("POST")) {
          Form form = Form.of(request);
          requireCsrf(session, form, request);
          visit = new Visit(as, session, Optional.of(form));
        }
        return page.show(visit);
      } catch (ExtensionException e) {
        return error(visit.frame(e.title(), ""), e);
      }
    };
  }

  ExtensionReply error(Frame frame, ExtensionException e) {
    return html.page(
        e.status(), "error.jte", new ErrorView(frame, e.status(), e.title(), e.getMessage()));
  }

  /** GET /ui/login/: the form, in an anonymous session that holds its CSRF token. */
  ExtensionReply loginForm(ExtensionRequest request) {
    Optional<Sessions.Session> current = session(request);
    if (current.isPresent() && current.get().login().isPresent()) {
      return Html.seeOther("/ui/", Map.of());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Sessions.Session session;
    if (current.isPresent()) {
      session = current.get();
    } else {
      Optional<Sessions.Session> fresh = sessions.anonymous();
      if (fresh.isEmpty()) {
        return busy();
      }
      session = fresh.get();
      headers.put("Set-Cookie", cookie(request, session));
    }
    return html.page(200, "login.jte", new LoginView(anonymousFrame(session), "", ""), headers);
  }

  /** POST /ui/login/: the API's password check; on success a new session id. */
  ExtensionReply logIn(ExtensionRequest request) {
    Optional<Sessions.Session> current = session(request);
    Form form = Form.of(request);
    if (current.isEmpty() || !current.get().csrfMatches(form.first(CSRF_FIELD).orElse(""))) {
      // No session, or a form from another one: start over with a fresh form.
      Optional<Sessions.Session> fresh = sessions.anonymous();
      if (fresh.isEmpty()) {
        return busy();
      }
      return html.page(
          403,
          "login.jte",
          new LoginView(
              anonymousFrame(fresh.get()),
              form.first("user").orElse(""),
              "The login form expired or came from another page; please log in again."),
          Map.of("Set-Cookie", cookie(request, fresh.get())));
    }
    String user = form.first("user").orElse("");
    ConsoleLogins.Login login;
    try {
      login =
          request.logins().logIn(user, form.first("password").orElse(""), request.clientAddress());
    } catch (ExtensionException e) {
      return html.page(
          e.status(),
          "login.jte",
          new LoginView(anonymousFrame(current.get()), user, e.getMessage()));
    }
    Optional<Sessions.Session> session = sessions.logIn(current.get(), login);
    if (session.isEmpty()) {
      return busy();
    }
    return Html.seeOther("/ui/", Map.of("Set-Cookie", cookie(request, session.get())));
  }

  /** POST /ui/logout/: ends the session (the CSRF token is checked by {@link #page}). */
  ExtensionReply logOut(Visit visit) {
    sessions.end(visit.session().id());
    return Html.seeOther("/ui/login/", Map.of("Set-Cookie", clearCookie(visit.request())));
  }

  private static void requireCsrf(Sessions.Session session, Form form, ExtensionRequest request) {
    String token = form.first(CSRF_FIELD).or(() -> request.header(CSRF_HEADER)).orElse("");
    if (!session.csrfMatches(token)) {
      throw new ExtensionException(
          403,
          "Forbidden",
          "the form's CSRF token does not match your session; reload the page and send it again");
    }
  }

  private ExtensionReply busy() {
    return html.page(
        503,
        "error.jte",
        new ErrorView(
            new Frame("Busy", "", "", "", ""),
            503,
            "Service Unavailable",
            "the console holds as many sessions as it may; try again later"));
  }

  private static Frame anonymousFrame(Sessions.Session session) {
    return new Frame("Log in", "", "", session.csrf(), "login");
  }

  private Optional<Sessions.Session> session(ExtensionRequest request) {
    String name = request.secure() ? SECURE_COOKIE : COOKIE;
    String header = request.header("Cookie").orElse("");
    for (String part : header.split(";")) {
      String c = part.trim();
      if (c.startsWith(name + "=")) {
        return sessions.find(c.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }

  private static String cookie(ExtensionRequest request, Sessions.Session session) {
    return (request.secure() ? SECURE_COOKIE : COOKIE)
        + "="
        + session.id()
        + "; Path=/; HttpOnly; SameSite=Strict"
        + (request.secure() ? "; Secure" : "");
  }

  private static String clearCookie(ExtensionRequest request) {
    return (request.secure() ? SECURE_COOKIE : COOKIE)
        + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
        + (request.secure() ? "; Secure" : "");
  }
}
