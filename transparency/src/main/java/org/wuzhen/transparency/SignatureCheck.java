package org.wuzhen.transparency;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.wuzhen.stix.StixObject;
import org.wuzhen.taxii.WriteCheck;

/**
 * A TAXII write check that refuses forged member signatures before they are stored: an invalid
 * signature or one by an unregistered key is refused always, an unsigned object only when {@code
 * mustBeSigned} says so (governance objects). The registry is read per object, so a charter change
 * applies to the next POST.
 */
public final class SignatureCheck {
  private SignatureCheck() {}

  public static WriteCheck refusingForgeries(
      Supplier<MemberKeys> keys, Predicate<StixObject> mustBeSigned) {
    requireNonNull(keys, "keys");
    requireNonNull(mustBeSigned, "mustBeSigned");
    return (caller, collection, object) ->
        switch (Signatures.verify(object, keys.get())) {
          case VerificationResult.Valid v -> Optional.empty();
          case VerificationResult.Unsigned u ->
              mustBeSigned.test(object)
                  ? Optional.of("a member signature is required on " + object.type() + " objects")
                  : Optional.empty();
          case VerificationResult.UnknownKey k ->
              Optional.of("signed with key " + k.keyId() + ", which no member has registered");
          case VerificationResult.Invalid i ->
              Optional.of("invalid member signature: " + i.reason());
        };
  }
}
