package org.wuzhen.store;

import java.util.List;
import java.util.Optional;

/**
 * The role of a store that keeps who may call a node: member organisations, their users, API
 * tokens, and per-collection permissions. Implementations are thread-safe; a method that returns
 * has committed.
 */
public interface AccountStore {
  void addMember(Member member);

  List<Member> members();

  Optional<Member> member(String name);

  void addUser(User user);

  Optional<User> user(String name);

  List<User> users();

  void addToken(ApiToken token);

  /** The token whose hash is given, revoked or not. */
  Optional<ApiToken> tokenByHash(String tokenHash);

  /** Marks a token revoked; returns false when no token has that id. */
  boolean revokeToken(String tokenId);

  /** Sets (replaces) the permission of one principal on one collection. */
  void grant(Permission permission);

  List<Permission> permissions(CollectionId collection);
}
