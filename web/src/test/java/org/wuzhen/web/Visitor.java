package org.wuzhen.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.wuzhen.taxii.testing.TestNode;

/**
 * A browser without a browser, for the console's HTTP tests: real HTTP over loopback, the session
 * cookie kept as a browser keeps it, redirects not followed (tests look at them).
 */
final class Visitor {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final URI base;
  private Optional<String> cookie = Optional.empty();

  Visitor(URI base) {
    this.base = base;
  }

  /** A visitor logged in as {@code user} with the test password. */
  static Visitor loggedIn(URI base, String user) {
    return loggedIn(base, user, TestNode.PASSWORD);
  }

  static Visitor loggedIn(URI base, String user, String password) {
    Visitor v = new Visitor(base);
    String csrf = v.csrfOf(v.get("ui/login/").body());
    HttpResponse<String> r =
        v.post("ui/login/", Map.of("csrf", csrf, "user", user, "password", password));
    if (r.statusCode() != 303) {
      throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
    }
    return v;
  }

  Optional<String> cookie() {
    return cookie;
  }

  void cookie(Optional<String> value) {
    cookie = value;
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  HttpResponse<String> post(String path, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The CSRF token of the first form on a page. */
  String csrfOf(String page) {
    Matcher m = CSRF.matcher(page);
    if (!m.find()) {
      throw new IllegalStateException("the page has no CSRF field: " + page);
    }
    return m.group(1);
  }

  /** The token of the page the visitor is on, fetched from the home page. */
  String csrf() {
    return csrfOf(get("ui/").body());
  }

  static Map<String, String> form(String... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    cookie.ifPresent(c -> b.header("Cookie", c));
    return b;
  }

  private HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      r.headers()
          .firstValue("Set-Cookie")
          .ifPresent(
              c -> {
                String pair = c.substring(0, c.indexOf(';'));
                cookie = pair.endsWith("=") ? Optional.empty() : Optional.of(pair);
              });
      return r;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
