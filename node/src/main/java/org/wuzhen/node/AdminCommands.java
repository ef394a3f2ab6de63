package org.wuzhen.node;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.wuzhen.node.config.ConfigException;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.store.ApiToken;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.Permission;
import org.wuzhen.store.Principal;
import org.wuzhen.store.Store;
import org.wuzhen.store.StoreException;
import org.wuzhen.store.User;
import org.wuzhen.taxii.PasswordHasher;
import org.wuzhen.taxii.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The node's administration commands: members, users, tokens and collections. */
final class AdminCommands {
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,62}");

  private AdminCommands() {}

  /** Runs one admin action on the store, turning refusals into exit codes with a message. */
  abstract static class AdminAction implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOptions store;

    abstract void run(Store store, PrintWriter out);

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (Store s = store.open()) {
        run(s, out);
        out.flush();
        return ExitCodes.OK;
      } catch (ConfigException e) {
        err.println("wuzhen: " + e.getMessage());
        return ExitCodes.UNREADABLE;
      } catch (StoreException.Unavailable e) {
        err.println("wuzhen: cannot open the store: " + e.getMessage());
        return ExitCodes.UNREADABLE;
      } catch (Refused | StoreException | IllegalArgumentException | StixFormatException e) {
        err.println("wuzhen: " + e.getMessage());
        return ExitCodes.INVALID;
      }
    }
  }

  /** An admin request that cannot be carried out; the message says why. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  static String checkedName(String what, String name) {
    if (!NAME.matcher(name).matches()) {
      throw new Refused(
          what
              + " name '"
              + name
              + "' must be 2-63 characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit");
    }
    return name;
  }

  @Command(
      name = "member",
      mixinStandardHelpOptions = true,
      description = "Manage the member organisations of this node.",
      subcommands = {MemberAdd.class, MemberList.class})
  static final class MemberCommand {}

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add a member organisation; prints its identity id.")
  static final class MemberAdd extends AdminAction {
    @Parameters(index = "0", paramLabel = "NAME", description = "Short unique name, e.g. cert-fr.")
    String name;

    @Option(
        names = "--identity",
        paramLabel = "ID",
        description = "The member's existing STIX identity id (default: a new identity--UUIDv4).")
    Optional<String> identity;

    @Override
    void run(Store store, PrintWriter out) {
      String identityId = identity.orElse("identity--" + UUID.randomUUID());
      StixId id = StixId.parse(identityId);
      if (!id.type().equals("identity")) {
        throw new Refused("--identity must be an identity id, not a " + id.type() + " id");
      }
      store.addMember(new Member(checkedName("member", name), identityId));
      out.println("member " + name + " added, identity " + identityId);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List members.")
  static final class MemberList extends AdminAction {
    @Override
    void run(Store store, PrintWriter out) {
      for (Member m : store.members()) {
        out.println(m.name() + "\t" + m.identityId());
      }
    }
  }

  @Command(
      name = "user",
      mixinStandardHelpOptions = true,
      description = "Manage the users of members.",
      subcommands = {UserAdd.class, UserList.class})
  static final class UserCommand {}

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Add a user to a member. The password is read from stdin with --password-stdin,",
        "else a random one is generated and printed once. Only a hash is stored."
      })
  static final class UserAdd extends AdminAction {
    @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
    String name;

    @Option(
        names = "--member",
        required = true,
        paramLabel = "MEMBER",
        description = "The member the user belongs to.")
    String member;

    @Option(names = "--admin", description = "May administer the node.")
    boolean admin;

    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of stdin.")
    boolean passwordStdin;

    @Override
    void run(Store store, PrintWriter out) {
      checkedName("user", name);
      if (store.member(member).isEmpty()) {
        throw new Refused("no member named '" + member + "' (see wuzhen member list)");
      }
      String password;
      if (passwordStdin) {
        try {
          String line =
              new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                  .readLine();
          password = line == null ? "" : line;
        } catch (IOException e) {
          throw new Refused("cannot read the password from stdin: " + e.getMessage());
        }
        if (password.length() < 12) {
          throw new Refused("the password must have at least 12 characters");
        }
      } else {
        password = PasswordHasher.randomPassword(new SecureRandom());
      }
      store.addUser(new User(name, member, PasswordHasher.defaults().hash(password), admin));
      out.println("user " + name + " added to member " + member + (admin ? " (admin)" : ""));
      if (!passwordStdin) {
        out.println("password: " + password + "   (shown once; only its hash is stored)");
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
  static final class UserList extends AdminAction {
    @Override
    void run(Store store, PrintWriter out) {
      for (User u : store.users()) {
        out.println(u.name() + "\t" + u.memberName() + (u.admin() ? "\tadmin" : ""));
      }
    }
  }

  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description = "Manage API tokens (Authorization: Bearer).",
      subcommands = {TokenCreate.class, TokenRevoke.class})
  static final class TokenCommand {}

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a token for a user; prints it once.")
  static final class TokenCreate extends AdminAction {
    @Option(
        names = "--user",
        required = true,
        paramLabel = "USER",
        description = "The token's user.")
    String user;

    @Override
    void run(Store store, PrintWriter out) {
      if (store.user(user).isEmpty()) {
        throw new Refused("no user named '" + user + "' (see wuzhen user list)");
      }
      String token = Tokens.generate();
      String tokenId = "tok-" + UUID.randomUUID();
      store.addToken(new ApiToken(tokenId, user, Tokens.hash(token), Instant.now(), false));
      out.println("token id: " + tokenId);
      out.println("token: " + token + "   (shown once; only its hash is stored)");
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a token by its id.")
  static final class TokenRevoke extends AdminAction {
    @Parameters(index = "0", paramLabel = "TOKEN_ID")
    String tokenId;

    @Override
    void run(Store store, PrintWriter out) {
      if (!store.revokeToken(tokenId)) {
        throw new Refused("no token with id '" + tokenId + "'");
      }
      out.println("token " + tokenId + " revoked");
    }
  }

  @Command(
      name = "collection",
      mixinStandardHelpOptions = true,
      description = "Manage TAXII collections and who may read and write them.",
      subcommands = {CollectionAdd.class, CollectionList.class, CollectionGrant.class})
  static final class CollectionCommand {}

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Add a collection; prints its id.")
  static final class CollectionAdd extends AdminAction {
    @Option(names = "--title", required = true, description = "Title shown to clients.")
    String title;

    @Option(names = "--description")
    Optional<String> description;

    @Option(names = "--alias", description = "A short alias clients may show.")
    Optional<String> alias;

    @Option(
        names = "--read",
        split = ",",
        paramLabel = "PRINCIPAL",
        description = "member:NAME or user:NAME allowed to read (repeatable, comma-separated).")
    List<String> readers = List.of();

    @Option(
        names = "--write",
        split = ",",
        paramLabel = "PRINCIPAL",
        description = "member:NAME or user:NAME allowed to write.")
    List<String> writers = List.of();

    @Override
    void run(Store store, PrintWriter out) {
      List<Principal> readBy = principals(store, readers);
      List<Principal> writtenBy = principals(store, writers);
      CollectionInfo c =
          store.createCollection(
              new CollectionInfo(
                  CollectionId.random(),
                  title,
                  description,
                  alias,
                  List.of(CollectionInfo.STIX_21)));
      for (Principal p : Stream.concat(readBy.stream(), writtenBy.stream()).distinct().toList()) {
        store.grant(new Permission(c.id(), p, readBy.contains(p), writtenBy.contains(p)));
      }
      out.println(c.id());
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List collections and their permissions.")
  static final class CollectionList extends AdminAction {
    @Override
    void run(Store store, PrintWriter out) {
      for (CollectionInfo c : store.collections()) {
        out.println(c.id() + "\t" + c.title());
        for (Permission p : store.permissions(c.id())) {
          out.println(
              "\t"
                  + p.principal().text()
                  + (p.canRead() ? " read" : "")
                  + (p.canWrite() ? " write" : ""));
        }
      }
    }
  }

  @Command(
      name = "grant",
      mixinStandardHelpOptions = true,
      description = "Set what a principal may do on a collection (replaces its previous rights).")
  static final class CollectionGrant extends AdminAction {
    @Parameters(index = "0", paramLabel = "COLLECTION_ID")
    String collection;

    @Option(
        names = "--principal",
        required = true,
        paramLabel = "PRINCIPAL",
        description = "member:NAME or user:NAME.")
    String principal;

    @Option(names = "--read")
    boolean read;

    @Option(names = "--write")
    boolean write;

    @Override
    void run(Store store, PrintWriter out) {
      CollectionId id = CollectionId.parse(collection);
      if (store.collection(id).isEmpty()) {
        throw new Refused("no collection with id " + id);
      }
      store.grant(new Permission(id, existing(store, principal), read, write));
      out.println(
          principal
              + " on "
              + id
              + ":"
              + (read ? " read" : "")
              + (write ? " write" : "")
              + (read || write ? "" : " no access"));
    }
  }

  private static List<Principal> principals(Store store, List<String> texts) {
    return texts.stream().map(t -> existing(store, t)).toList();
  }

  /** A principal as given on the command line, refused unless its member or user exists. */
  private static Principal existing(Store store, String text) {
    Principal principal;
    try {
      principal = Principal.parse(text);
    } catch (IllegalArgumentException e) {
      throw new Refused(e.getMessage());
    }
    boolean exists =
        switch (principal) {
          case Principal.Member m -> store.member(m.name()).isPresent();
          case Principal.User u -> store.user(u.name()).isPresent();
        };
    if (!exists) {
      String kind = principal instanceof Principal.Member ? "member" : "user";
      throw new Refused("no " + kind + " named '" + principal.name() + "'");
    }
    return principal;
  }
}
