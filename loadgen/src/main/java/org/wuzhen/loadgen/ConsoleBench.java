package org.wuzhen.loadgen;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wuzhen-loadgen console}: logs in to a running node's console as a user and times each
 * page's server-side answer (the whole HTTP exchange over the network, one request at a time),
 * printing p50, p95 and p99 per page.
 */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Log in to a running node's console and GET each --page --requests times, one at a time",
      "after --warmup requests; prints one line per page: p50, p95, p99 and the largest, in ms."
    })
final class ConsoleBench implements Callable<Integer> {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "The node's base URL, e.g. http://127.0.0.1:9443/")
  String url;

  @Option(names = "--user", paramLabel = "NAME", description = "User to log in as.")
  Optional<String> user;

  @Option(
      names = "--password",
      paramLabel = "SECRET",
      description = "The user's password (or use --credentials).")
  Optional<String> password;

  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description = "demo-credentials.json: the first user and password are used.")
  Optional<Path> credentials;

  @Option(
      names = "--page",
      split = ",",
      defaultValue = "ui/,ui/search/text/?words=indicator,ui/attack/,ui/governance/,ui/status/",
      description = "Paths under --url to time (default: ${DEFAULT-VALUE}).")
  List<String> pages;

  @Option(
      names = "--requests",
      defaultValue = "200",
      description = "Timed requests per page (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(
      names = "--warmup",
      defaultValue = "20",
      description = "Untimed requests per page first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (requests < 1 || warmup < 0) {
      err.println("wuzhen-loadgen console: --requests must be at least 1, --warmup at least 0");
      return ExitCodes.INVALID;
    }
    String name = user.orElse(null);
    String secret = password.orElse(null);
    if ((name == null || secret == null) && credentials.isPresent()) {
      JsonObject first =
          (JsonObject) ((JsonArray) Json.parse(Files.readAllBytes(credentials.get()))).get(0);
      name = name == null ? first.string("user").orElseThrow() : name;
      secret = secret == null ? first.string("password").orElseThrow() : secret;
    }
    if (name == null || secret == null) {
      err.println("wuzhen-loadgen console: give --user and --password, or --credentials");
      return ExitCodes.UNREADABLE;
    }
    URI base = URI.create(url.endsWith("/") ? url : url + "/");
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    String cookie = logIn(http, base, name, secret);
    for (String page : pages) {
      URI uri = base.resolve(page.startsWith("/") ? page.substring(1) : page);
      for (int i = 0; i < warmup; i++) {
        get(http, uri, cookie);
      }
      long[] nanos = new long[requests];
      for (int i = 0; i < requests; i++) {
        long start = System.nanoTime();
        get(http, uri, cookie);
        nanos[i] = System.nanoTime() - start;
      }
      Arrays.sort(nanos);
      out.printf(
          Locale.ROOT,
          "console %s requests=%d p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms%n",
          page,
          requests,
          ms(nanos, 0.50),
          ms(nanos, 0.95),
          ms(nanos, 0.99),
          nanos[nanos.length - 1] / 1e6);
      out.flush();
    }
    return ExitCodes.OK;
  }

  /** The nearest-rank percentile, in milliseconds. */
  static double ms(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  private static String logIn(HttpClient http, URI base, String user, String password)
      throws Exception {
    HttpResponse<String> form =
        http.send(
            HttpRequest.newBuilder(base.resolve("ui/login/")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    String anonymous = sessionCookie(form);
    Matcher csrf = CSRF.matcher(form.body());
    if (!csrf.find()) {
      throw new IllegalStateException("the login page holds no CSRF token: is the console on?");
    }
    String body =
        "csrf=" + encode(csrf.group(1)) + "&user=" + encode(user) + "&password=" + encode(password);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("ui/login/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", anonymous)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 303) {
      throw new IllegalStateException("login as " + user + " failed: HTTP " + r.statusCode());
    }
    return sessionCookie(r);
  }

  private static String sessionCookie(HttpResponse<String> r) {
    return r.headers().allValues("set-cookie").stream()
        .map(c -> c.split(";", 2)[0])
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the node set no session cookie"));
  }

  private static void get(HttpClient http, URI uri, String cookie) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri).header("Cookie", cookie).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(uri + ": HTTP " + r.statusCode());
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
