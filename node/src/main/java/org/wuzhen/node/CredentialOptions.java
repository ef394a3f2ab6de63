package org.wuzhen.node;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.wuzhen.taxii.client.CollectionUrl;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.ServerTrust;
import org.wuzhen.taxii.client.TaxiiClient;
import picocli.CommandLine.Option;

/**
 * The user's credentials for a node: HTTP Basic ({@code --user}, {@code --password}), an API token
 * ({@code --token}) or a client certificate ({@code --client-cert}, {@code --client-key}), the
 * secrets defaulting to the environment so they stay out of shell history and the process list; and
 * the CAs the node's certificate may come from ({@code --ca-file}). Picocli mixin of every command
 * that calls a node.
 */
final class CredentialOptions {
  @Option(names = "--user", paramLabel = "NAME", description = "User for HTTP Basic.")
  Optional<String> user;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      defaultValue = "${env:WUZHEN_PASSWORD}",
      description = "Password for --user (default: the WUZHEN_PASSWORD environment variable).")
  Optional<String> password;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:WUZHEN_TOKEN}",
      description =
          "API token, instead of --user (default: the WUZHEN_TOKEN environment variable).")
  Optional<String> token;

  @Option(
      names = "--ca-file",
      paramLabel = "FILE",
      description = {
        "PEM file of the CA certificates the node's TLS certificate may come from, instead of",
        "the system's trust store (a community's own CA)."
      })
  Optional<Path> caFile;

  @Option(
      names = "--client-cert",
      paramLabel = "FILE",
      description = "PEM client certificate to log in with (mutual TLS), with --client-key.")
  Optional<Path> clientCertificate;

  @Option(
      names = "--client-key",
      paramLabel = "FILE",
      description = "PEM private key of --client-cert.")
  Optional<Path> clientKey;

  /** The CAs the node's certificate may come from: {@code --ca-file}, else the system's. */
  ServerTrust trust() {
    return caFile.map(ServerTrust::caFile).orElse(ServerTrust.system());
  }

  /** Builds the client; a CA or certificate file that cannot be used fails naming it. */
  static TaxiiClient build(TaxiiClient.Builder builder) {
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new NodeOptions.Failure(e.getMessage());
    }
  }

  /**
   * The credentials given: a client certificate when {@code --client-cert} is, else Basic when
   * {@code --user} is, else the token, else none.
   */
  Credentials credentials() {
    if (clientCertificate.isPresent() || clientKey.isPresent()) {
      if (clientCertificate.isEmpty() || clientKey.isEmpty()) {
        throw new NodeOptions.Failure("--client-cert and --client-key go together");
      }
      if (user.isPresent()) {
        throw new NodeOptions.Failure("--client-cert: give either a client certificate or --user");
      }
      return Credentials.clientCertificate(clientCertificate.get(), clientKey.get());
    }
    if (user.isPresent()) {
      String secret =
          password
              .filter(p -> !p.isEmpty())
              .orElseThrow(
                  () ->
                      new NodeOptions.Failure(
                          "--password: needed with --user (or set WUZHEN_PASSWORD)"));
      try {
        return Credentials.basic(user.get(), secret);
      } catch (IllegalArgumentException e) {
        throw new NodeOptions.Failure("--user: " + e.getMessage());
      }
    }
    return token
        .filter(t -> !t.isEmpty())
        .<Credentials>map(Credentials::bearer)
        .orElse(Credentials.none());
  }

  /**
   * A client of the node that holds a collection named by its URL ({@code
   * http://host/root/collections/ID/}), for the option that gave it.
   *
   * @throws NodeOptions.Failure naming the option when the URL is not a collection's
   */
  Client collectionClient(String option, String url, Duration requestTimeout) {
    CollectionUrl collection;
    try {
      collection = CollectionUrl.parse(url);
    } catch (IllegalArgumentException e) {
      throw new NodeOptions.Failure(option + ": " + e.getMessage());
    }
    TaxiiClient client =
        build(
            TaxiiClient.builder(collection.base())
                .credentials(credentials())
                .trust(trust())
                .connectTimeout(NodeOptions.CONNECT_TIMEOUT)
                .requestTimeout(requestTimeout)
                .maxResponseBytes(NodeOptions.MAX_ANSWER_BYTES));
    return new Client(client, collection);
  }

  /** A client and the collection it works on. */
  record Client(TaxiiClient taxii, CollectionUrl collection) {}
}
