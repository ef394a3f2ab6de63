package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Who a request logs in as: the {@code Authorization} header when it has one (checked even on
 * public routes, so wrong credentials are 401 there too), else its client certificate under mutual
 * TLS, else nobody. Thread-safe.
 */
final class Logins {
  private final Authenticator authenticator;
  private final Optional<CertificateLogins> certificates;

  Logins(Authenticator authenticator, Optional<CertificateLogins> certificates) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
    this.certificates = requireNonNull(certificates, "certificates");
  }

  /**
   * The caller, or empty for an anonymous request to a public route.
   *
   * @param required whether the route needs a caller
   * @throws TaxiiError 401 for wrong, malformed or (when required) absent credentials
   */
  Optional<Authenticated> authenticate(Request request, boolean required) {
    Optional<String> authorization =
        Optional.ofNullable(request.getHeaders().get(HttpHeader.AUTHORIZATION))
            .filter(h -> !h.isBlank());
    String address = Request.getRemoteAddr(request);
    if (authorization.isPresent()) {
      return Optional.of(authenticator.authenticate(authorization, address));
    }
    Optional<Authenticated> certificate = certificates.flatMap(c -> c.authenticate(request));
    if (certificate.isPresent() || !required) {
      return certificate;
    }
    return Optional.of(authenticator.authenticate(Optional.empty(), address));
  }
}
