package org.wuzhen.misp;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.taxii.client.TaxiiClient;
import org.wuzhen.taxii.client.TaxiiClientException;

/**
 * A node's MISP feed routes through the one client: {@code wuzhen misp export-feed} writes a
 * collection's feed into a directory (static hosting, air-gapped transfer) exactly as the node
 * serves it to the caller, the node's read decision and feed policy included.
 */
public final class MispFeedClient {
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final TaxiiClient client;

  public MispFeedClient(TaxiiClient client) {
    this.client = requireNonNull(client, "client");
  }

  /**
   * Writes {@code manifest.json}, every {@code <uuid>.json} and {@code hashes.csv} of a
   * collection's feed into {@code dir}; returns the number of events.
   */
  public int exportTo(String collection, Path dir) throws TaxiiClientException, IOException {
    String base = "/misp/feeds/" + collection + "/";
    JsonObject manifest = client.get(base + "manifest.json", Map.of(), MispFeedClient::object);
    Files.createDirectories(dir);
    StringBuilder hashes = new StringBuilder();
    for (String uuid : manifest.names()) {
      if (!UUID.matcher(uuid).matches()) {
        throw new IOException("manifest.json: '" + uuid + "' is not an event uuid");
      }
      JsonObject event = client.get(base + uuid + ".json", Map.of(), MispFeedClient::object);
      Files.write(dir.resolve(uuid + ".json"), Json.writeBytes(event, false));
      hashes.append(
          FeedFiles.hashes(
              event.object("Event").orElseThrow(() -> new IOException(uuid + ".json: no Event"))));
    }
    Files.write(dir.resolve("hashes.csv"), hashes.toString().getBytes(StandardCharsets.UTF_8));
    // The manifest last: a reader of a half-written directory sees the previous feed's manifest.
    Files.write(dir.resolve("manifest.json"), Json.writeBytes(manifest, false));
    return manifest.size();
  }

  private static JsonObject object(JsonValue v) {
    if (v instanceof JsonObject o) {
      return o;
    }
    throw new IllegalArgumentException("expected a JSON object, found " + v.kind());
  }
}
