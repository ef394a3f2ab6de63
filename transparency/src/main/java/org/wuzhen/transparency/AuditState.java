package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonFields;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;

/**
 * What an auditor remembers about one node between runs: the node key it first saw, the last tree
 * head it verified and the object versions it found logged. Also what auditors exchange to detect a
 * node that shows them different histories.
 */
public record AuditState(
    String node,
    Optional<String> publicKey,
    Optional<TreeHead> head,
    List<CheckedVersion> versions) {
  public AuditState {
    requireNonNull(node, "node");
    requireNonNull(publicKey, "publicKey");
    requireNonNull(head, "head");
    versions = List.copyOf(versions);
  }

  /** An object version whose addition the auditor verified at {@code leafIndex}. */
  public record CheckedVersion(String collection, String id, long dateAdded, long leafIndex) {
    public CheckedVersion {
      requireNonNull(collection, "collection");
      requireNonNull(id, "id");
    }
  }

  static AuditState empty(String node) {
    return new AuditState(node, Optional.empty(), Optional.empty(), List.of());
  }

  public static AuditState read(Path file) throws AuditFailure {
    try {
      JsonFields o = JsonFields.of(Json.parse(Files.readAllBytes(file)), "");
      List<CheckedVersion> versions = new ArrayList<>();
      for (JsonFields c : o.optionalObjects("versions")) {
        versions.add(
            new CheckedVersion(
                c.string("collection"),
                c.string("id"),
                c.integer("date_added"),
                c.integer("leaf_index")));
      }
      return new AuditState(
          o.string("node"),
          o.optionalString("public_key"),
          o.optionalValue("head").map(TreeHead::fromJson),
          versions);
    } catch (IOException e) {
      throw new AuditFailure(file + ": cannot read the audit state: " + e.getMessage(), e);
    } catch (JsonSyntaxException | IllegalArgumentException e) {
      throw new AuditFailure(file + ": not an audit state: " + e.getMessage(), e);
    }
  }

  /** Writes atomically: a crash leaves the old state or the new one. */
  public void write(Path file) throws AuditFailure {
    List<JsonValue> checked = new ArrayList<>();
    for (CheckedVersion v : versions) {
      checked.add(
          JsonObject.builder()
              .put("collection", v.collection())
              .put("id", v.id())
              .put("date_added", v.dateAdded())
              .put("leaf_index", v.leafIndex())
              .build());
    }
    JsonObject.Builder o = JsonObject.builder().put("node", node);
    publicKey.ifPresent(k -> o.put("public_key", k));
    head.ifPresent(h -> o.put("head", h.toJson()));
    o.put("versions", new JsonArray(checked));
    try {
      Path absolute = file.toAbsolutePath();
      Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
      Files.writeString(tmp, Json.writePretty(o.build()) + "\n");
      Files.move(
          tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new AuditFailure(file + ": cannot write the audit state: " + e.getMessage(), e);
    }
  }
}
