package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.wuzhen.store.Permission;
import org.wuzhen.store.Principal;

/**
 * The authenticated caller of a request as extensions see it: the user, the member organisation it
 * belongs to, that member's STIX identity id, and whether the user administers the node.
 */
public record Caller(String user, String member, String memberIdentityId, boolean admin) {
  public Caller {
    requireNonNull(user, "user");
    requireNonNull(member, "member");
    requireNonNull(memberIdentityId, "memberIdentityId");
  }

  /** The principals whose grants apply to this caller: its member, and the user itself. */
  public List<Principal> principals() {
    return List.of(Principal.member(member), Principal.user(user));
  }

  /** Whether a permission is granted to this caller (to its member or to the user itself). */
  public boolean holds(Permission permission) {
    return principals().contains(permission.principal());
  }
}
