package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Optional;
import org.wuzhen.stix.CanonicalJson;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixObject;

/**
 * Member signatures on STIX objects: a detached Ed25519 signature over the RFC 8785 canonical JSON
 * of the object without the signature, carried as a property extension under {@link #EXTENSION_ID}
 * with the signer's key id. Signing twice replaces the earlier signature. Stateless.
 */
public final class Signatures {
  /** The id of the published extension definition ({@link #extensionDefinition()}). */
  public static final String EXTENSION_ID =
      "extension-definition--a04521f1-a1c6-429a-a210-b5a6161850de";

  private static final java.util.Set<String> ENTRY_MEMBERS =
      java.util.Set.of("extension_type", "algorithm", "key_id", "signature");

  private Signatures() {}

  /** The object with a signature by {@code key} (any earlier member signature replaced). */
  public static StixObject sign(StixObject object, KeyPair key) {
    requireNonNull(object, "object");
    requireNonNull(key, "key");
    byte[] signature = Ed25519Keys.sign(key.getPrivate(), signedBytes(object));
    return withSignature(object, key.getPublic(), signature);
  }

  /**
   * The bytes a member signs for an object: the RFC 8785 canonical JSON of the object without its
   * signature. A signer elsewhere (the console's page signs in the browser) signs these.
   */
  public static byte[] signedBytes(StixObject object) {
    requireNonNull(object, "object");
    return CanonicalJson.writeBytes(withoutSignature(object.json()));
  }

  /**
   * The object carrying a signature made elsewhere over {@link #signedBytes}, attributed to {@code
   * key}; {@link #verify} decides whether it holds.
   */
  public static StixObject withSignature(StixObject object, PublicKey key, byte[] signature) {
    requireNonNull(object, "object");
    requireNonNull(key, "key");
    requireNonNull(signature, "signature");
    JsonObject unsigned = withoutSignature(object.json());
    JsonObject extension =
        JsonObject.builder()
            .put("extension_type", "property-extension")
            .put("algorithm", "Ed25519")
            .put("key_id", Ed25519Keys.keyId(key))
            .put("signature", Base64.getEncoder().encodeToString(signature))
            .build();
    JsonObject extensions =
        unsigned.object("extensions").orElse(JsonObject.EMPTY).with(EXTENSION_ID, extension);
    return StixObject.from(unsigned.with("extensions", extensions));
  }

  /** Checks the signature against one key (a member checking its own objects, tests). */
  public static VerificationResult verify(StixObject object, PublicKey key) {
    requireNonNull(key, "key");
    return verify(object, MemberKeys.NONE.with("(unregistered)", key), false);
  }

  /**
   * Checks the signature against the registry. When the object names its creator ({@code
   * created_by_ref}), the key must be that member's.
   */
  public static VerificationResult verify(StixObject object, MemberKeys keys) {
    return verify(object, keys, true);
  }

  private static VerificationResult verify(
      StixObject object, MemberKeys keys, boolean creatorMustOwnKey) {
    requireNonNull(object, "object");
    requireNonNull(keys, "keys");
    Optional<JsonObject> extension =
        object.json().object("extensions").flatMap(e -> e.object(EXTENSION_ID));
    if (extension.isEmpty()) {
      return object.json().object("extensions").map(e -> e.has(EXTENSION_ID)).orElse(false)
          ? new VerificationResult.Invalid("the signature extension is not an object")
          : new VerificationResult.Unsigned();
    }
    JsonObject ext = extension.get();
    // The entry is not signed, so it may hold nothing but the signature: no text in it can be
    // changed while the object still verifies.
    if (!ext.string("extension_type").equals(Optional.of("property-extension"))
        || !java.util.Set.copyOf(ext.names()).equals(ENTRY_MEMBERS)) {
      return new VerificationResult.Invalid(
          "the signature extension must hold exactly extension_type (property-extension),"
              + " algorithm, key_id and signature");
    }
    Optional<String> algorithm = ext.string("algorithm");
    if (!algorithm.equals(Optional.of("Ed25519"))) {
      return new VerificationResult.Invalid(
          "algorithm: expected Ed25519, found " + algorithm.orElse("nothing"));
    }
    Optional<String> keyId = ext.string("key_id");
    Optional<String> signatureText = ext.string("signature");
    if (keyId.isEmpty() || signatureText.isEmpty()) {
      return new VerificationResult.Invalid("key_id and signature: both are required strings");
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(signatureText.get());
    } catch (IllegalArgumentException e) {
      return new VerificationResult.Invalid("signature: not base64");
    }
    // The decoder ignores the unused bits of the last character; without this check several
    // texts would carry the one signature, and a changed object could still verify.
    if (!Base64.getEncoder().encodeToString(signature).equals(signatureText.get())) {
      return new VerificationResult.Invalid("signature: not canonical base64");
    }
    Optional<MemberKeys.MemberKey> key = keys.byKeyId(keyId.get());
    if (key.isEmpty()) {
      return new VerificationResult.UnknownKey(keyId.get());
    }
    Optional<String> creator = object.createdByRef();
    if (creator.isPresent()
        && creatorMustOwnKey
        && !creator.get().equals(key.get().memberIdentityId())) {
      return new VerificationResult.Invalid(
          "created_by_ref is "
              + creator.get()
              + " but the key "
              + keyId.get()
              + " belongs to "
              + key.get().memberIdentityId());
    }
    byte[] message;
    try {
      message = CanonicalJson.writeBytes(withoutSignature(object.json()));
    } catch (IllegalArgumentException e) {
      return new VerificationResult.Invalid("the object has no canonical form: " + e.getMessage());
    }
    if (!Ed25519Keys.verify(key.get().key(), message, signature)) {
      return new VerificationResult.Invalid(
          "signature: does not match the object's content for key " + keyId.get());
    }
    return new VerificationResult.Valid(keyId.get(), key.get().memberIdentityId());
  }

  /** The object as signed: without this extension, and without an emptied extensions. */
  static JsonObject withoutSignature(JsonObject json) {
    Optional<JsonObject> extensions = json.object("extensions");
    if (extensions.isEmpty() || !extensions.get().has(EXTENSION_ID)) {
      return json;
    }
    JsonObject rest = extensions.get().without(EXTENSION_ID);
    return rest.isEmpty() ? json.without("extensions") : json.with("extensions", rest);
  }

  /** The STIX extension-definition object that publishes this signature format. */
  public static StixObject extensionDefinition() {
    try (InputStream in =
        Signatures.class.getResourceAsStream("signature-extension-definition.json")) {
      if (in == null) {
        throw new IllegalStateException("signature-extension-definition.json is not packaged");
      }
      JsonValue value = Json.parse(in.readAllBytes());
      return StixObject.from(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the signature extension definition", e);
    }
  }
}
