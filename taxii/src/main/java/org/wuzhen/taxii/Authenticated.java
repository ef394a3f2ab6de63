package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import org.wuzhen.store.Member;
import org.wuzhen.store.User;

/** The authenticated user of a request and the member it belongs to. */
record Caller(User user, Member member) {
  Caller {
    requireNonNull(user, "user");
    requireNonNull(member, "member");
  }

  /** The principal names permissions are granted to (see {@code Permission}). */
  String memberPrincipal() {
    return "member:" + member.name();
  }

  /** The caller as extensions see it. */
  Principal principal() {
    return new Principal(user.name(), member.name(), member.identityId());
  }

  String userPrincipal() {
    return "user:" + user.name();
  }
}
