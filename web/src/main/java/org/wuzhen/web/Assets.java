package org.wuzhen.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.taxii.ExtensionRequest;

/**
 * The console's static files, all served by the node itself (nodes may run air-gapped): htmx from
 * its webjar, the style sheet and the small scripts from this module. Loaded once.
 */
final class Assets {
  private record Asset(String contentType, byte[] bytes) {}

  private final Map<String, Asset> assets = new LinkedHashMap<>();

  Assets() {
    String htmx = "META-INF/resources/webjars/htmx.org/" + htmxVersion() + "/dist/htmx.min.js";
    assets.put("htmx.min.js", new Asset("text/javascript;charset=utf-8", read(htmx)));
    for (String name : new String[] {"console.css", "console.js", "sign.js"}) {
      String type =
          name.endsWith(".css") ? "text/css;charset=utf-8" : "text/javascript;charset=utf-8";
      assets.put(name, new Asset(type, read("org/wuzhen/web/assets/" + name)));
    }
  }

  ExtensionReply serve(ExtensionRequest request) {
    Asset asset = assets.get(request.pathParam("name"));
    if (asset == null) {
      throw ExtensionException.notFound(
          "no console asset named '" + request.pathParam("name") + "'");
    }
    return new ExtensionReply(200, asset.contentType(), asset.bytes(), Html.SECURITY_HEADERS);
  }

  /** The webjar's version, from the pom.properties it ships (pinned once, in the root pom). */
  private static String htmxVersion() {
    Properties p = new Properties();
    try (InputStream in = resource("META-INF/maven/org.webjars.npm/htmx.org/pom.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p.getProperty("version");
  }

  private static byte[] read(String path) {
    try (InputStream in = resource(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the console asset " + path, e);
    }
  }

  private static InputStream resource(String path) {
    InputStream in = Assets.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("the console asset " + path + " is missing from the build");
    }
    return in;
  }
}
