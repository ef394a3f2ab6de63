package org.wuzhen.federation;

import java.util.Optional;
import org.wuzhen.stix.StixObject;

/**
 * What the community's own rules (its charter, see the governance module) withhold from export,
 * beyond this node's declared policy: for example an indicator the community disputed. Applied
 * after the policy allowed an object, so the stricter of the two always wins.
 */
@FunctionalInterface
public interface CommunityRules {
  /** No community rules: only the node's policy decides. */
  CommunityRules NONE = object -> Optional.empty();

  /** Why the community's rules withhold this object from peers now, or empty when they do not. */
  Optional<String> withholding(StixObject object);
}
