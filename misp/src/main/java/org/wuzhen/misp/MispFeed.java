package org.wuzhen.misp;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.wuzhen.federation.FederationSettings;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonNull;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.store.CollectionId;

/**
 * A MISP feed this node pulls, as a MISP instance subscribes to one: its URL (where {@code
 * manifest.json} and {@code <uuid>.json} are), the local collection events go into, the member that
 * publishes them, the poll interval, custom HTTP headers (a bearer token), and MISP's tag and
 * organisation rules (OR lists and NOT lists; organisations by name or uuid).
 *
 * @param name the feed's name, its cursor's and its provenance's key
 */
public record MispFeed(
    String name,
    URI url,
    CollectionId collection,
    StixId publisher,
    Duration interval,
    Map<String, String> headers,
    List<String> tags,
    List<String> notTags,
    List<String> orgs,
    List<String> notOrgs) {
  /** The config section that lists the feeds. */
  public static final String SECTION = "misp_feeds";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "url",
          "collection",
          "publisher",
          "interval_seconds",
          "headers",
          "tags",
          "not_tags",
          "orgs",
          "not_orgs");

  public MispFeed {
    requireNonNull(name, "name");
    requireNonNull(url, "url");
    requireNonNull(collection, "collection");
    requireNonNull(publisher, "publisher");
    requireNonNull(interval, "interval");
    headers = Map.copyOf(headers);
    tags = List.copyOf(tags);
    notTags = List.copyOf(notTags);
    orgs = List.copyOf(orgs);
    notOrgs = List.copyOf(notOrgs);
  }

  /** The cursor's peer name: feeds and TAXII peers share the store's cursors, never a name. */
  public String cursorName() {
    return "misp-feed:" + name;
  }

  /** Whether a manifest entry passes the feed's tag and organisation rules (as MISP's Feed.php). */
  boolean admits(List<String> entryTags, String orgName, String orgUuid) {
    if (!tags.isEmpty() && entryTags.stream().noneMatch(tags::contains)) {
      return false;
    }
    if (entryTags.stream().anyMatch(notTags::contains)) {
      return false;
    }
    if (!orgs.isEmpty() && !orgs.contains(orgName) && !orgs.contains(orgUuid)) {
      return false;
    }
    return !notOrgs.contains(orgName) && !notOrgs.contains(orgUuid);
  }

  /**
   * The MISP feeds of a config file's tree: the {@code peers} entries of {@code kind: misp-feed}
   * (polled with the peers), then the older {@code misp_feeds} section, which is read the same way
   * (an alias kept so existing configs keep working); none when neither is there.
   *
   * @throws IllegalArgumentException naming the setting, e.g. {@code peers[2].url: ...}
   */
  public static List<MispFeed> fromConfig(JsonObject root) {
    List<MispFeed> feeds = new ArrayList<>();
    Set<String> peerNames = new java.util.HashSet<>();
    if (root.get("peers").orElse(JsonNull.INSTANCE) instanceof JsonArray peers) {
      for (int i = 0; i < peers.size(); i++) {
        String at = "peers[" + i + "]";
        if (!(peers.get(i) instanceof JsonObject o)) {
          continue; // FederationSettings names what is wrong with it
        }
        o.string("name").ifPresent(peerNames::add);
        if (o.string("kind").filter(FederationSettings.MISP_FEED::equals).isPresent()) {
          feeds.add(one(o.without("kind"), at));
        }
      }
    }
    JsonValue section = root.get(SECTION).orElse(JsonNull.INSTANCE);
    if (section instanceof JsonNull) {
      return feeds;
    }
    if (!(section instanceof JsonArray list)) {
      throw new IllegalArgumentException(
          SECTION + ": expected a list of feeds, found " + section.kind());
    }
    for (int i = 0; i < list.size(); i++) {
      String at = SECTION + "[" + i + "]";
      if (!(list.get(i) instanceof JsonObject o)) {
        throw new IllegalArgumentException(
            at + ": expected a mapping, found " + list.get(i).kind());
      }
      MispFeed feed = one(o, at);
      if (peerNames.contains(feed.name())
          || feeds.stream().anyMatch(f -> f.name().equals(feed.name()))) {
        throw new IllegalArgumentException(
            at + ".name: '" + feed.name() + "' is used twice (feeds and peers share names)");
      }
      feeds.add(feed);
    }
    return feeds;
  }

  private static MispFeed one(JsonObject o, String at) {
    for (String key : o.names()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            at
                + "."
                + key
                + ": unknown setting (known: "
                + String.join(", ", KEYS.stream().sorted().toList())
                + ")");
      }
    }
    String name = required(o, "name", at);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          at + ".name: '" + name + "' is not a feed name (a-z, 0-9 and -, at most 63)");
    }
    String urlText = required(o, "url", at);
    URI url;
    try {
      url = URI.create(urlText.endsWith("/") ? urlText : urlText + "/");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ".url: not a URL: '" + urlText + "'");
    }
    if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          at + ".url: expected an absolute http(s) URL, found '" + urlText + "'");
    }
    CollectionId collection;
    try {
      collection = CollectionId.parse(required(o, "collection", at));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ".collection: " + e.getMessage());
    }
    StixId publisher;
    try {
      publisher = StixId.parse(required(o, "publisher", at));
    } catch (StixFormatException e) {
      throw new IllegalArgumentException(at + ".publisher: " + e.getMessage());
    }
    if (!publisher.type().equals("identity")) {
      throw new IllegalArgumentException(
          at + ".publisher: expected the identity id of the member that imports the feed");
    }
    long seconds = 3600;
    if (o.get("interval_seconds").isPresent()) {
      JsonValue v = o.get("interval_seconds").get();
      if (!(v instanceof JsonNumber n)
          || n.asLong().isEmpty()
          || n.asLong().get() < 10
          || n.asLong().get() > 604_800) {
        throw new IllegalArgumentException(
            at + ".interval_seconds: expected an integer of 10..604800 seconds");
      }
      seconds = n.asLong().get();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (o.get("headers").isPresent()) {
      if (!(o.get("headers").get() instanceof JsonObject h)) {
        throw new IllegalArgumentException(
            at + ".headers: expected a mapping of header names to values");
      }
      for (int i = 0; i < h.size(); i++) {
        if (!(h.valueAt(i) instanceof JsonString s)) {
          throw new IllegalArgumentException(at + ".headers." + h.nameAt(i) + ": expected text");
        }
        headers.put(h.nameAt(i), s.value());
      }
    }
    return new MispFeed(
        name,
        url,
        collection,
        publisher,
        Duration.ofSeconds(seconds),
        headers,
        strings(o, "tags", at),
        strings(o, "not_tags", at),
        strings(o, "orgs", at),
        strings(o, "not_orgs", at));
  }

  private static String required(JsonObject o, String key, String at) {
    return o.string(key)
        .filter(s -> !s.isBlank())
        .orElseThrow(() -> new IllegalArgumentException(at + "." + key + ": missing (required)"));
  }

  private static List<String> strings(JsonObject o, String key, String at) {
    if (o.get(key).isEmpty()) {
      return List.of();
    }
    if (!(o.get(key).get() instanceof JsonArray a)) {
      throw new IllegalArgumentException(at + "." + key + ": expected a list of text");
    }
    List<String> out = new ArrayList<>();
    for (JsonValue v : a.elements()) {
      if (!(v instanceof JsonString s)) {
        throw new IllegalArgumentException(at + "." + key + ": expected a list of text");
      }
      out.add(s.value());
    }
    return out;
  }

  @Override
  public String toString() {
    // Headers hold secrets (a bearer token): never shown.
    return "MispFeed[" + name + ", " + url + " -> " + collection + "]";
  }
}
