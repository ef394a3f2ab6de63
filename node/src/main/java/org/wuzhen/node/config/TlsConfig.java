package org.wuzhen.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonBoolean;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonString;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.taxii.TlsSettings;

/**
 * Reads the {@code tls} section of the config file: {@code tls: off} (a TLS-terminating proxy is in
 * front), or the node's key ({@code certificate} and {@code key}, or {@code keystore} with its
 * password from an environment variable), how often it is reloaded, and mutual TLS ({@code
 * client_ca}, {@code client_certificates}). Without the section, plain HTTP on loopback only.
 */
final class TlsConfig {
  /** Where the keystore's password is read unless {@code keystore_password_env} names another. */
  static final String KEYSTORE_PASSWORD_VARIABLE = "WUZHEN_TLS_KEYSTORE_PASSWORD";

  private static final Set<String> KEYS =
      Set.of(
          "certificate",
          "key",
          "keystore",
          "keystore_password_env",
          "reload_interval_s",
          "client_ca",
          "client_certificates");

  private TlsConfig() {}

  /**
   * @param section the value of {@code tls}, if the file has one
   * @param environment where the keystore password is read
   * @throws ConfigException naming the setting
   */
  static TlsSettings parse(Optional<JsonValue> section, Map<String, String> environment) {
    if (section.isEmpty()) {
      return TlsSettings.loopbackOnly();
    }
    JsonValue value = section.get();
    // YAML 1.1 reads a bare off as false; both mean the same here.
    if (value instanceof JsonBoolean b && !b.value()
        || value instanceof JsonString s && s.value().strip().equals("off")) {
      return new TlsSettings.TerminatedByProxy();
    }
    if (!(value instanceof JsonObject tls)) {
      throw new ConfigException(
          "tls", "expected 'off' or a mapping with certificate and key, found " + value.kind());
    }
    for (String name : tls.names()) {
      if (!KEYS.contains(name)) {
        throw new ConfigException("tls." + name, "unknown setting (known: " + known() + ")");
      }
    }
    TlsSettings.ServerKey key = serverKey(tls, environment);
    Duration reload = TlsSettings.Native.DEFAULT_RELOAD_INTERVAL;
    if (tls.has("reload_interval_s")) {
      reload = Duration.ofSeconds(integer(tls, "reload_interval_s", 1, 86_400));
    }
    Optional<TlsSettings.ClientCertificates> clients = clients(tls);
    return new TlsSettings.Native(key, clients, reload);
  }

  private static TlsSettings.ServerKey serverKey(JsonObject tls, Map<String, String> env) {
    boolean pem = tls.has("certificate") || tls.has("key");
    if (pem && tls.has("keystore")) {
      throw new ConfigException(
          "tls.keystore", "give either certificate and key (PEM) or keystore (PKCS#12), not both");
    }
    if (pem) {
      return new TlsSettings.ServerKey.Pem(path(tls, "certificate"), path(tls, "key"));
    }
    if (!tls.has("keystore")) {
      throw new ConfigException(
          "tls", "give certificate and key (PEM files) or keystore (PKCS#12), or say 'tls: off'");
    }
    String variable =
        tls.has("keystore_password_env")
            ? text(tls, "keystore_password_env")
            : KEYSTORE_PASSWORD_VARIABLE;
    String password = env.get(variable);
    if (password == null) {
      throw new ConfigException(
          "tls.keystore",
          "its password is read from the environment variable " + variable + ", which is not set");
    }
    return new TlsSettings.ServerKey.Pkcs12(path(tls, "keystore"), password);
  }

  private static Optional<TlsSettings.ClientCertificates> clients(JsonObject tls) {
    if (!tls.has("client_ca") && !tls.has("client_certificates")) {
      return Optional.empty();
    }
    Path ca = path(tls, "client_ca");
    JsonValue list = tls.get("client_certificates").orElse(JsonArray.EMPTY);
    if (!(list instanceof JsonArray items)) {
      throw new ConfigException(
          "tls.client_certificates",
          "expected a list of {subject or fingerprint, user}, found " + list.kind());
    }
    List<TlsSettings.ClientLogin> logins = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String at = "tls.client_certificates[" + i + "]";
      if (!(items.get(i) instanceof JsonObject item)) {
        throw new ConfigException(at, "expected a mapping with subject or fingerprint, and user");
      }
      for (String name : item.names()) {
        if (!Set.of("subject", "fingerprint", "user").contains(name)) {
          throw new ConfigException(
              at + "." + name, "unknown setting (known: subject, fingerprint, user)");
        }
      }
      if (item.has("subject") == item.has("fingerprint")) {
        throw new ConfigException(at, "give one of subject and fingerprint");
      }
      String which = item.has("subject") ? "subject" : "fingerprint";
      String text = item.string(which).orElse("");
      if (which.equals("fingerprint") && !text.regionMatches(true, 0, "sha256:", 0, 7)) {
        text = "sha256:" + text;
      }
      TlsSettings.CertificateMatch match;
      try {
        match = TlsSettings.CertificateMatch.parse(text);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(at + "." + which, e.getMessage());
      }
      if (which.equals("subject") && !(match instanceof TlsSettings.CertificateMatch.Subject)) {
        throw new ConfigException(at + ".subject", "'" + text + "' is not a subject name");
      }
      String user = item.string("user").map(String::strip).orElse("");
      if (user.isEmpty()) {
        throw new ConfigException(at + ".user", "missing: the local user the certificate is");
      }
      logins.add(new TlsSettings.ClientLogin(match, user));
    }
    return Optional.of(new TlsSettings.ClientCertificates(ca, logins));
  }

  private static Path path(JsonObject tls, String name) {
    String text = text(tls, name);
    try {
      return Path.of(text);
    } catch (java.nio.file.InvalidPathException e) {
      throw new ConfigException("tls." + name, "not a file path: '" + text + "'");
    }
  }

  private static String text(JsonObject tls, String name) {
    JsonValue v = tls.get(name).orElseThrow(() -> new ConfigException("tls." + name, "missing"));
    if (!(v instanceof JsonString s) || s.value().isBlank()) {
      throw new ConfigException("tls." + name, "expected a non-empty text, found " + v.kind());
    }
    return s.value().strip();
  }

  private static long integer(JsonObject tls, String name, long min, long max) {
    JsonValue v = tls.get(name).orElseThrow();
    Optional<Long> n =
        switch (v) {
          case JsonNumber number -> number.asLong();
          case JsonString s -> {
            try {
              yield Optional.of(Long.parseLong(s.value().strip()));
            } catch (NumberFormatException e) {
              yield Optional.empty();
            }
          }
          default -> Optional.empty();
        };
    if (n.isEmpty() || n.get() < min || n.get() > max) {
      throw new ConfigException("tls." + name, "expected an integer in " + min + ".." + max);
    }
    return n.get();
  }

  private static String known() {
    return String.join(", ", KEYS.stream().sorted().toList());
  }
}
