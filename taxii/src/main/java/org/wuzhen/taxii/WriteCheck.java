package org.wuzhen.taxii;

import java.util.Optional;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.CollectionId;

/**
 * Decides whether one object of a POST may be stored, after the server's own checks (valid STIX,
 * valid pattern, created_by_ref) passed. A refusal becomes that object's failure in the status
 * resource; the other objects of the envelope are unaffected.
 */
@FunctionalInterface
public interface WriteCheck {
  /** Why the object is refused (shown to the client), or empty to accept it. */
  Optional<String> refusal(Caller caller, CollectionId collection, StixObject object);
}
