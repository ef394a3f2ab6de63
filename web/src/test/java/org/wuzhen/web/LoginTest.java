package org.wuzhen.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wuzhen.taxii.testing.TestNode;

/** Logging in and out of the console over real HTTP, with the API's users and passwords. */
class LoginTest {
  @TempDir static Path dir;
  static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.sqlite(dir)
            .with(
                store ->
                    new Console(
                        ConsoleSettings.DEFAULTS,
                        Optional.empty(),
                        Optional.empty(),
                        Clock.systemUTC()))
            .start();
    node.member("acme");
    node.user("alice", "acme");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void theRootRedirectsToTheConsoleAndPagesToTheLoginForm() {
    Visitor v = new Visitor(node.uri());
    HttpResponse<String> root = v.get("");
    assertThat(root.statusCode()).isEqualTo(303);
    assertThat(root.headers().firstValue("Location")).hasValue("/ui/");
    HttpResponse<String> home = v.get("ui/");
    assertThat(home.statusCode()).isEqualTo(303);
    assertThat(home.headers().firstValue("Location")).hasValue("/ui/login/");
  }

  @Test
  void theLoginFormSetsAStrictHttpOnlyCookieUnderAStrictPolicy() {
    HttpResponse<String> form = new Visitor(node.uri()).get("ui/login/");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.headers().firstValue("Set-Cookie").orElseThrow())
        .startsWith(Guard.COOKIE + "=")
        .contains("HttpOnly", "SameSite=Strict", "Path=/")
        .doesNotContain("Secure");
    assertThat(form.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'", "frame-ancestors 'none'", "form-action 'self'")
        .doesNotContain("unsafe");
    assertThat(form.body()).contains("name=\"csrf\"").doesNotContain("<script>");
  }

  @Test
  void aRightPasswordLogsInUnderANewSessionIdAndLogoutEndsIt() {
    Visitor v = new Visitor(node.uri());
    String csrf = v.csrfOf(v.get("ui/login/").body());
    Optional<String> before = v.cookie();
    HttpResponse<String> in =
        v.post(
            "ui/login/",
            Visitor.form("csrf", csrf, "user", "alice", "password", TestNode.PASSWORD));
    assertThat(in.statusCode()).isEqualTo(303);
    assertThat(in.headers().firstValue("Location")).hasValue("/ui/");
    assertThat(v.cookie()).isPresent().isNotEqualTo(before);
    HttpResponse<String> home = v.get("ui/");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("alice · acme");

    Optional<String> session = v.cookie();
    String token = v.csrfOf(home.body());
    HttpResponse<String> out = v.post("ui/logout/", Visitor.form("csrf", token));
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Location")).hasValue("/ui/login/");
    // The old cookie no longer opens anything, even if a browser kept it.
    v.cookie(session);
    assertThat(v.get("ui/").statusCode()).isEqualTo(303);
  }

  @Test
  void aWrongPasswordIsRefusedWithTheApisMessage() {
    Visitor v = new Visitor(node.uri());
    String csrf = v.csrfOf(v.get("ui/login/").body());
    HttpResponse<String> r =
        v.post("ui/login/", Visitor.form("csrf", csrf, "user", "alice", "password", "wrong"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("unknown user or wrong password");
    assertThat(v.get("ui/").statusCode()).isEqualTo(303);
  }

  @Test
  void formsWithoutTheSessionsCsrfTokenAreRefused() {
    Visitor v = new Visitor(node.uri());
    v.get("ui/login/");
    HttpResponse<String> login =
        v.post(
            "ui/login/",
            Visitor.form("csrf", "forged", "user", "alice", "password", TestNode.PASSWORD));
    assertThat(login.statusCode()).isEqualTo(403);
    assertThat(v.get("ui/").statusCode()).isEqualTo(303);

    Visitor alice = Visitor.loggedIn(node.uri(), "alice");
    HttpResponse<String> logout = alice.post("ui/logout/", Visitor.form("csrf", "forged"));
    assertThat(logout.statusCode()).isEqualTo(403);
    assertThat(logout.body()).contains("CSRF token does not match");
    assertThat(alice.get("ui/").statusCode()).isEqualTo(200);
    HttpResponse<String> noForm = alice.post("ui/logout/", Visitor.form());
    assertThat(noForm.statusCode()).isEqualTo(403);
  }

  @Test
  void aRemovedUsersSessionEnds() throws Exception {
    node.user("temp", "acme");
    Visitor v = Visitor.loggedIn(node.uri(), "temp");
    assertThat(v.get("ui/").statusCode()).isEqualTo(200);
    node.sqlBehindTheBack("UPDATE users SET password_hash = 'x' WHERE name = 'temp'");
    // The account cache may hold the old record for a while: poll with a deadline.
    long deadline = System.nanoTime() + 30_000_000_000L;
    int status = 200;
    while (status == 200 && System.nanoTime() < deadline) {
      status = v.get("ui/").statusCode();
      if (status == 200) {
        Thread.sleep(50);
      }
    }
    assertThat(status).isEqualTo(303);
  }

  @Test
  void htmxIsServedByTheNodeItself() {
    HttpResponse<String> htmx = new Visitor(node.uri()).get("ui/assets/htmx.min.js/");
    assertThat(htmx.statusCode()).isEqualTo(200);
    assertThat(htmx.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/javascript");
    assertThat(htmx.body()).contains("htmx");
    assertThat(new Visitor(node.uri()).get("ui/assets/nothing.js/").statusCode()).isEqualTo(404);
  }
}
