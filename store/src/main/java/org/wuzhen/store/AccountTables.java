package org.wuzhen.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Members, users, API tokens and per-collection permissions. */
final class AccountTables {
  private AccountTables() {}

  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet r) throws SQLException;
  }

  // ---- members ----

  static void addMember(Connection c, Dialect dialect, Member m) throws SQLException {
    if (exists(c, "SELECT 1 FROM members WHERE name = ?", m.name())) {
      throw new StoreException.Conflict("member '" + m.name() + "' already exists");
    }
    insert(
        c,
        dialect,
        "member '" + m.name() + "' already exists",
        "INSERT INTO members (name, identity_id) VALUES (?, ?)",
        m.name(),
        m.identityId());
    LogRecords.append(c, dialect, LogRecords.member(m));
  }

  static List<Member> members(Connection c) throws SQLException {
    return list(c, "SELECT name, identity_id FROM members ORDER BY name", AccountTables::member);
  }

  static Optional<Member> member(Connection c, String name) throws SQLException {
    return first(
        c, "SELECT name, identity_id FROM members WHERE name = ?", AccountTables::member, name);
  }

  private static Member member(ResultSet r) throws SQLException {
    return new Member(r.getString(1), r.getString(2));
  }

  // ---- users ----

  private static final String USER_COLUMNS = "name, member_name, password_hash, admin";

  static void addUser(Connection c, Dialect dialect, User u) throws SQLException {
    if (exists(c, "SELECT 1 FROM users WHERE name = ?", u.name())) {
      throw new StoreException.Conflict("user '" + u.name() + "' already exists");
    }
    if (!exists(c, "SELECT 1 FROM members WHERE name = ?", u.memberName())) {
      throw new StoreException.NotFound(
          "member '" + u.memberName() + "' of user '" + u.name() + "' does not exist");
    }
    insert(
        c,
        dialect,
        "user '" + u.name() + "' already exists",
        "INSERT INTO users (" + USER_COLUMNS + ") VALUES (?, ?, ?, ?)",
        u.name(),
        u.memberName(),
        u.passwordHash(),
        u.admin());
    LogRecords.append(c, dialect, LogRecords.user(u));
  }

  static Optional<User> user(Connection c, String name) throws SQLException {
    return first(
        c, "SELECT " + USER_COLUMNS + " FROM users WHERE name = ?", AccountTables::user, name);
  }

  static List<User> users(Connection c) throws SQLException {
    return list(c, "SELECT " + USER_COLUMNS + " FROM users ORDER BY name", AccountTables::user);
  }

  private static User user(ResultSet r) throws SQLException {
    return new User(r.getString(1), r.getString(2), r.getString(3), r.getBoolean(4));
  }

  // ---- tokens ----

  private static final String TOKEN_COLUMNS =
      "token_id, user_name, token_hash, created_micros, revoked";

  static void addToken(Connection c, Dialect dialect, ApiToken t) throws SQLException {
    if (exists(c, "SELECT 1 FROM api_tokens WHERE token_id = ?", t.tokenId())) {
      throw new StoreException.Conflict("token '" + t.tokenId() + "' already exists");
    }
    if (exists(c, "SELECT 1 FROM api_tokens WHERE token_hash = ?", t.tokenHash())) {
      throw new StoreException.Conflict(
          "token '" + t.tokenId() + "': another token has the same hash");
    }
    if (!exists(c, "SELECT 1 FROM users WHERE name = ?", t.userName())) {
      throw new StoreException.NotFound(
          "user '" + t.userName() + "' of token '" + t.tokenId() + "' does not exist");
    }
    insert(
        c,
        dialect,
        "token '" + t.tokenId() + "' or its hash already exists",
        "INSERT INTO api_tokens (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?)",
        t.tokenId(),
        t.userName(),
        t.tokenHash(),
        ObjectRow.micros(t.created()),
        t.revoked());
  }

  static Optional<ApiToken> tokenByHash(Connection c, String hash) throws SQLException {
    return first(
        c,
        "SELECT " + TOKEN_COLUMNS + " FROM api_tokens WHERE token_hash = ?",
        r ->
            new ApiToken(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                ObjectRow.instant(r.getLong(4)),
                r.getBoolean(5)),
        hash);
  }

  static boolean revokeToken(Connection c, String tokenId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE api_tokens SET revoked = ? WHERE token_id = ?")) {
      s.setBoolean(1, true);
      s.setString(2, tokenId);
      return s.executeUpdate() > 0;
    }
  }

  // ---- permissions ----

  static void grant(Connection c, Dialect dialect, Permission p) throws SQLException {
    CollectionCatalog.require(c, p.collection());
    boolean member = p.principal() instanceof Principal.Member;
    String name = p.principal().name();
    String probe =
        member ? "SELECT 1 FROM members WHERE name = ?" : "SELECT 1 FROM users WHERE name = ?";
    if (!exists(c, probe, name)) {
      throw new StoreException.NotFound(
          (member ? "member '" : "user '") + name + "' of permission does not exist");
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO permissions (collection_id, principal, can_read, can_write)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (collection_id, principal)"
                + " DO UPDATE SET can_read = excluded.can_read, can_write = excluded.can_write")) {
      s.setString(1, p.collection().toString());
      s.setString(2, p.principal().text());
      s.setBoolean(3, p.canRead());
      s.setBoolean(4, p.canWrite());
      s.executeUpdate();
    }
    LogRecords.append(c, dialect, LogRecords.grant(p));
  }

  static List<Permission> permissions(Connection c, CollectionId collection) throws SQLException {
    return list(
        c,
        "SELECT principal, can_read, can_write FROM permissions WHERE collection_id = ?"
            + " ORDER BY principal",
        r ->
            new Permission(
                collection, Principal.parse(r.getString(1)), r.getBoolean(2), r.getBoolean(3)),
        collection.toString());
  }

  // ---- plumbing ----

  private static boolean exists(Connection c, String sql, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Inserts; a unique violation (a concurrent insert on PostgreSQL) becomes a Conflict. */
  private static void insert(
      Connection c, Dialect dialect, String conflict, String sql, Object... values)
      throws SQLException {
    try (PreparedStatement s = new Sql().append(sql, values).prepare(c)) {
      s.executeUpdate();
    } catch (SQLException e) {
      if (dialect.isUniqueViolation(e)) {
        throw new StoreException.Conflict(conflict);
      }
      throw e;
    }
  }

  private static <T> List<T> list(Connection c, String sql, RowReader<T> reader, Object... keys)
      throws SQLException {
    try (PreparedStatement s = new Sql().append(sql, keys).prepare(c);
        ResultSet r = s.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (r.next()) {
        out.add(reader.read(r));
      }
      return out;
    }
  }

  private static <T> Optional<T> first(
      Connection c, String sql, RowReader<T> reader, Object... keys) throws SQLException {
    List<T> all = list(c, sql, reader, keys);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }
}
