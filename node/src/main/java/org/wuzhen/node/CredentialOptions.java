package org.wuzhen.node;

import java.time.Duration;
import java.util.Optional;
import org.wuzhen.taxii.client.CollectionUrl;
import org.wuzhen.taxii.client.Credentials;
import org.wuzhen.taxii.client.TaxiiClient;
import picocli.CommandLine.Option;

/**
 * The user's credentials for a node: HTTP Basic ({@code --user}, {@code --password}) or an API
 * token ({@code --token}), the secrets defaulting to the environment so they stay out of shell
 * history and the process list. Picocli mixin of every command that calls a node.
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

  /** The credentials given: Basic when {@code --user} is, else the token, else none. */
  Credentials credentials() {
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
        TaxiiClient.builder(collection.base())
            .credentials(credentials())
            .connectTimeout(NodeOptions.CONNECT_TIMEOUT)
            .requestTimeout(requestTimeout)
            .maxResponseBytes(NodeOptions.MAX_ANSWER_BYTES)
            .build();
    return new Client(client, collection);
  }

  /** A client and the collection it works on. */
  record Client(TaxiiClient taxii, CollectionUrl collection) {}
}
