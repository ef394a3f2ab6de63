package org.wuzhen.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;

/** A small real HTTP client for the tests: java.net.http over loopback. */
final class Http {
  static final String TAXII = "application/taxii+json;version=2.1";
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final URI base;
  private final Optional<String> authorization;

  Http(URI base, Optional<String> authorization) {
    this.base = base;
    this.authorization = authorization;
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  Http as(String authorizationHeader) {
    return new Http(base, Optional.of(authorizationHeader));
  }

  Http anonymous() {
    return new Http(base, Optional.empty());
  }

  Result get(String path, String... headers) {
    return send(request(path, headers).GET());
  }

  Result delete(String path) {
    return send(request(path).DELETE());
  }

  Result post(String path, String body) {
    return post(path, body, "Content-Type", TAXII);
  }

  Result post(String path, String body, String... headers) {
    return send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /**
   * POSTs without a Content-Length (chunked), so the server must enforce its limit while reading.
   */
  Result postStreamed(String path, Supplier<InputStream> body) {
    return send(
        request(path, "Content-Type", TAXII).POST(HttpRequest.BodyPublishers.ofInputStream(body)));
  }

  Result send(String method, String path, String... headers) {
    return send(request(path, headers).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    boolean accept = false;
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
      accept |= headers[i].equalsIgnoreCase("Accept");
    }
    if (!accept) {
      b.header("Accept", TAXII);
    }
    authorization.ifPresent(a -> b.header("Authorization", a));
    return b;
  }

  private static Result send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Result(r.statusCode(), r, r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response with the assertions the tests share. */
  record Result(int status, HttpResponse<String> response, String body) {
    Optional<String> header(String name) {
      return response.headers().firstValue(name);
    }

    JsonObject json() {
      JsonValue v = Json.parse(body);
      assertThat(v).as("body %s", body).isInstanceOf(JsonObject.class);
      return (JsonObject) v;
    }

    /** Asserts the status and the TAXII media type of the body. */
    Result expect(int expected) {
      assertThat(status).as("status of %s; body %s", response.uri(), body).isEqualTo(expected);
      if (!body.isEmpty()) {
        assertThat(header("Content-Type")).hasValue(TAXII);
      }
      return this;
    }

    /** Asserts the status only (extension routes answer with their own media types). */
    Result status(int expected) {
      assertThat(status).as("status of %s; body %s", response.uri(), body).isEqualTo(expected);
      return this;
    }

    /** Asserts a TAXII error resource with this status whose description mentions {@code what}. */
    Result expectError(int expected, String what) {
      expect(expected);
      JsonObject e = json();
      assertThat(e.string("title")).isPresent();
      assertThat(e.string("http_status")).hasValue(Integer.toString(expected));
      assertThat(e.string("description").orElseThrow()).contains(what);
      return this;
    }

    List<JsonObject> objects() {
      return list("objects");
    }

    List<JsonObject> list(String member) {
      List<JsonObject> out = new ArrayList<>();
      for (JsonValue v : json().array(member).orElse(JsonArray.EMPTY).elements()) {
        out.add((JsonObject) v);
      }
      return out;
    }

    List<String> ids() {
      return objects().stream().map(o -> o.string("id").orElseThrow()).toList();
    }

    boolean more() {
      return json().get("more").map(v -> v instanceof JsonBoolean b && b.value()).orElse(false);
    }

    Optional<String> next() {
      return json().string("next");
    }
  }
}
