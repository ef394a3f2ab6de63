package org.wuzhen.web;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.wuzhen.governance.Charter;
import org.wuzhen.governance.CharterMember;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixObject;
import org.wuzhen.taxii.Caller;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.transparency.Signatures;
import org.wuzhen.transparency.VerificationResult;

/**
 * Objects a member signs in the browser ({@code sign.js}): the node prepares them and the bytes to
 * sign; the browser sends back the objects and one signature each; the node attaches each signature
 * for the keys the charter in force registers to the caller's member and keeps the one that
 * verifies. The key never reaches the node.
 */
final class SignedObjects {
  private SignedObjects() {}

  /** The prepared objects and their signed bytes (base64), as sign.js reads them. */
  static ExtensionReply prepared(List<StixObject> objects) {
    List<JsonValue> json = new ArrayList<>();
    List<JsonValue> messages = new ArrayList<>();
    for (StixObject o : objects) {
      json.add(o.json());
      messages.add(new JsonString(Base64.getEncoder().encodeToString(Signatures.signedBytes(o))));
    }
    return ExtensionReply.json(
        200,
        JsonObject.builder()
            .put("objects", new JsonArray(json))
            .put("messages", new JsonArray(messages))
            .build());
  }

  /**
   * The form's objects with their signatures attached and verified.
   *
   * @throws ExtensionException 400 for a malformed form, 403 for an object not by the caller's
   *     member or a signature that none of its keys verifies
   */
  static List<StixObject> signed(Form form, Caller caller, Charter charter) {
    List<JsonValue> objects;
    try {
      objects =
          Json.parse(form.required("objects")) instanceof JsonArray a ? a.elements() : List.of();
    } catch (org.wuzhen.stix.JsonSyntaxException e) {
      throw ExtensionException.badRequest("objects: " + e.getMessage());
    }
    String[] signatures = form.required("signatures").split(",", -1);
    if (objects.isEmpty() || objects.size() != signatures.length) {
      throw ExtensionException.badRequest(
          "objects and signatures: expected one signature per object");
    }
    List<PublicKey> keys =
        charter
            .memberByIdentity(caller.memberIdentityId())
            .map(CharterMember::publicKeys)
            .orElse(List.of());
    List<StixObject> out = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      StixObject object;
      byte[] signature;
      try {
        object = StixObject.from(objects.get(i));
        signature = Base64.getDecoder().decode(signatures[i]);
      } catch (StixFormatException | IllegalArgumentException e) {
        throw ExtensionException.badRequest("objects[" + i + "]: " + e.getMessage());
      }
      if (!object.createdByRef().equals(Optional.of(caller.memberIdentityId()))) {
        throw ExtensionException.forbidden(
            "objects[" + i + "]: not by your member (" + caller.member() + ")");
      }
      Optional<StixObject> verified = Optional.empty();
      for (PublicKey key : keys) {
        StixObject candidate = Signatures.withSignature(object, key, signature);
        if (Signatures.verify(candidate, charter.memberKeys())
            instanceof VerificationResult.Valid) {
          verified = Optional.of(candidate);
          break;
        }
      }
      out.add(
          verified.orElseThrow(
              () ->
                  ExtensionException.forbidden(
                      "signature: does not verify with any key charter v"
                          + charter.version()
                          + " registers to "
                          + caller.member()
                          + " (was it signed with another member's key?)")));
    }
    return out;
  }
}
