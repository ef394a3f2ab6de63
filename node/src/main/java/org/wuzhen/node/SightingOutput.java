package org.wuzhen.node;

import static java.util.Objects.requireNonNull;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.wuzhen.detect.SightingSink;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;

/**
 * {@code wuzhen detect}'s sightings on stdout or in {@code --out FILE}: one bundle, or one object
 * per line ({@code --output-format jsonl}). A file is rewritten with each snapshot.
 */
final class SightingOutput {
  private SightingOutput() {}

  static SightingSink stdout(PrintWriter out, boolean jsonLines) {
    requireNonNull(out, "out");
    return objects -> {
      write(out, objects, jsonLines);
      return new SightingSink.Delivery.Accepted();
    };
  }

  /** A file; a write that fails is said on {@code err} and refuses the snapshot. */
  static SightingSink file(Path file, boolean jsonLines, PrintWriter err) {
    requireNonNull(file, "file");
    requireNonNull(err, "err");
    return objects -> {
      try (PrintWriter w =
          new PrintWriter(
              new BufferedWriter(
                  new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                  1 << 16))) {
        write(w, objects, jsonLines);
        if (w.checkError()) {
          throw new IOException("write failed");
        }
      } catch (IOException e) {
        err.println("wuzhen detect: cannot write " + file + ": " + e.getMessage());
        err.flush();
        return new SightingSink.Delivery.Failed("cannot write " + file + ": " + e.getMessage());
      }
      return new SightingSink.Delivery.Accepted();
    };
  }

  private static void write(PrintWriter w, List<JsonObject> objects, boolean jsonLines) {
    if (jsonLines) {
      for (JsonObject o : objects) {
        w.println(Json.write(o));
      }
    } else {
      w.println(
          Json.write(
              JsonObject.builder()
                  .put("type", "bundle")
                  .put("id", "bundle--" + UUID.randomUUID())
                  .put("objects", new JsonArray(List.copyOf(objects)))
                  .build()));
    }
    w.flush();
  }
}
