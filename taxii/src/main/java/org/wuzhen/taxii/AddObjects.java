package org.wuzhen.taxii;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.wuzhen.pattern.CheckResult;
import org.wuzhen.pattern.Patterns;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonSyntaxException;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.validate.Finding;
import org.wuzhen.stix.validate.PatternCheck;
import org.wuzhen.stix.validate.StixValidator;
import org.wuzhen.store.AccountStore;
import org.wuzhen.store.AddOutcome;
import org.wuzhen.store.Creator;
import org.wuzhen.store.Member;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.StatusRecord;
import org.wuzhen.store.StatusRecord.Detail;

/**
 * Add objects (§5.5): the envelope's objects are checked one by one and the acceptable ones stored
 * in one transaction; the answer is the complete status resource (202), also kept for later GETs.
 *
 * <p>Per object, in this order: it must be valid STIX 2.1 (with the real pattern checker), and its
 * {@code created_by_ref}, when present, must not be another member's identity (a member
 * republishing third-party intelligence, such as MITRE ATT&CK objects, keeps the original author).
 * Then, in the store's transaction, a new version of an object whose first version another member
 * (or a peer, or the node) stored is refused: only an object's creator versions or revokes it (STIX
 * 2.1 §3.6; docs/taxii.md, "Who may version an object"). Objects are stored exactly as received:
 * one without {@code created_by_ref} is not rewritten. A body that is not an envelope, or an
 * element without a readable type and id (so no status entry could name it), fails the whole
 * request with 422.
 */
final class AddObjects {
  /** The pattern module's parser and checker behind the validator's pattern rule. */
  static final PatternCheck STIX_PATTERNS =
      pattern -> {
        CheckResult result = Patterns.check(pattern);
        return result.ok()
            ? Optional.empty()
            : Optional.of("invalid STIX pattern: " + result.errors().getFirst());
      };

  private final ObjectStore store;
  private final AccountStore accounts;
  private final Lookup lookup;
  private final Signer signer;
  private final Clock clock;
  private final StixValidator validator =
      new StixValidator(StixValidator.Options.defaults().withPatternCheck(STIX_PATTERNS));

  private final TaxiiExtensions extensions;

  AddObjects(
      ObjectStore store,
      AccountStore accounts,
      Lookup lookup,
      Signer signer,
      Clock clock,
      TaxiiExtensions extensions) {
    this.extensions = requireNonNull(extensions, "extensions");
    this.store = requireNonNull(store, "store");
    this.accounts = requireNonNull(accounts, "accounts");
    this.lookup = requireNonNull(lookup, "lookup");
    this.signer = requireNonNull(signer, "signer");
    this.clock = requireNonNull(clock, "clock");
  }

  Reply add(Call call) {
    Instant received = clock.instant();
    TaxiiConfig.ApiRoot root = lookup.apiRoot(call);
    CollectionAccess collection = lookup.collection(call).requireWrite();
    MediaTypes.requireTaxiiBody(call.header("Content-Type"));
    JsonArray elements = envelopeObjects(readBody(call.request(), root.maxContentLength()));
    Authenticated caller = call.authenticated();
    List<StixObject> objects = new ArrayList<>(elements.size());
    List<Detail> invalidIds = new ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      Optional<Detail> upperCase = upperCaseId(elements.get(i));
      if (upperCase.isPresent()) {
        invalidIds.add(upperCase.get());
      } else {
        objects.add(readObject(elements.get(i), i));
      }
    }
    StatusRecord status = addAll(caller, collection, objects, invalidIds, received);
    return Reply.json(202, StatusResource.of(status).toJson());
  }

  /**
   * Checks each object (validity, authorship, the extensions' write checks) and stores the
   * acceptable ones with the status that reports them, in one commit: the TAXII endpoint's path,
   * and the console's ({@link ConsoleLogins#add}).
   */
  StatusRecord addAll(
      Authenticated caller,
      CollectionAccess collection,
      List<StixObject> objects,
      Instant received) {
    return addAll(caller, collection, objects, List.of(), received);
  }

  /** {@link #addAll}, reporting failures found before the objects could be parsed. */
  private StatusRecord addAll(
      Authenticated caller,
      CollectionAccess collection,
      List<StixObject> objects,
      List<Detail> earlierFailures,
      Instant received) {
    Set<String> memberIdentities = new HashSet<>();
    for (Member m : accounts.members()) {
      memberIdentities.add(m.identityId());
    }
    List<StixObject> accepted = new ArrayList<>();
    List<Optional<String>> warnings = new ArrayList<>();
    List<Detail> failures = new ArrayList<>(earlierFailures);
    for (StixObject object : objects) {
      List<Finding> findings = findings(object);
      Optional<String> refusal = refusal(object, findings, caller, memberIdentities);
      if (refusal.isEmpty()) {
        refusal = extensions.refusal(caller.caller(), collection.info().id(), object);
      }
      if (refusal.isPresent()) {
        failures.add(new Detail(object.id().toString(), versionText(object), refusal));
      } else {
        accepted.add(object);
        warnings.add(compatibilityWarning(findings));
      }
    }
    String statusId = signer.newStatusId(caller.member().name());
    StatusRecord[] status = new StatusRecord[1];
    // The objects and the status that reports them commit together (one commit per POST); the
    // creator rule is decided inside that transaction, so it reports what was really stored.
    store.addWithStatus(
        collection.info().id(),
        Creator.member(caller.member().name()),
        accepted,
        outcomes -> {
          List<Detail> successes = new ArrayList<>(outcomes.size());
          List<Detail> allFailures = new ArrayList<>(failures);
          for (int i = 0; i < outcomes.size(); i++) {
            StixObject object = accepted.get(i);
            switch (outcomes.get(i)) {
              case AddOutcome.Added added ->
                  successes.add(
                      success(object, Optional.of(added.dateAddedMicros()), warnings.get(i)));
              case AddOutcome.Duplicate duplicate ->
                  successes.add(success(object, Optional.empty(), warnings.get(i)));
              case AddOutcome.Refused refused ->
                  allFailures.add(
                      new Detail(
                          object.id().toString(),
                          versionText(object),
                          Optional.of(notTheCreator(object, refused.creator()))));
            }
          }
          status[0] = new StatusRecord(statusId, received, successes, allFailures, List.of());
          return status[0];
        });
    extensions
        .metrics()
        .ingested(accepted.size(), failures.stream().map(f -> f.message().orElse("")).toList());
    return status[0];
  }

  /**
   * One success, with the version TAXII shows (date_added for an unversioned object) and, for an
   * object stored under a compatibility rule, the warning naming what it breaks.
   */
  private static Detail success(
      StixObject object, Optional<Long> dateAddedMicros, Optional<String> warning) {
    Optional<String> version = versionText(object);
    if (version.isEmpty() && dateAddedMicros.isPresent()) {
      version = Optional.of(Timestamps.formatMicros(dateAddedMicros.get()));
    }
    return new Detail(object.id().toString(), version, warning);
  }

  /** The refusal of a version of an object another creator holds: the object, who, the rule. */
  static String notTheCreator(StixObject object, Creator creator) {
    return "not permitted: "
        + object.id()
        + " was created by "
        + creator.describe()
        + ", and only an object's creator may "
        + (object.revoked() ? "revoke it" : "create new versions of it")
        + " (STIX 2.1 section 3.6); publish a new object instead, with a derived-from"
        + " relationship to this one if it builds on it";
  }

  private List<Finding> findings(StixObject object) {
    return object.type().equals("bundle") ? List.of() : validator.validate(object.json());
  }

  /**
   * The compatibility warnings of an accepted object (MISP's property names and SCO ids), as one
   * status message, e.g. {@code accepted with warnings: x_misp_cfr-target-category: ...}.
   */
  static Optional<String> compatibilityWarning(List<Finding> findings) {
    List<String> notes = new ArrayList<>();
    for (Finding finding : findings) {
      if (finding.isCompatibility()) {
        notes.add(finding.toString());
      }
    }
    return notes.isEmpty()
        ? Optional.empty()
        : Optional.of("accepted with warnings: " + String.join("; ", notes));
  }

  /** Why an object is refused, or empty when it may be stored. */
  private Optional<String> refusal(
      StixObject object,
      List<Finding> findings,
      Authenticated caller,
      Set<String> memberIdentities) {
    String id = object.id().toString();
    if (object.type().equals("bundle")) {
      return Optional.of("a bundle is not stored in a collection; post its objects instead");
    }
    for (Finding finding : findings) {
      if (finding.isError()) {
        return Optional.of("invalid STIX object " + id + ": " + finding);
      }
    }
    Optional<String> createdBy = object.createdByRef();
    String identity = caller.member().identityId();
    if (createdBy.isPresent()
        && !createdBy.get().equals(identity)
        && memberIdentities.contains(createdBy.get())) {
      return Optional.of(
          "not permitted: created_by_ref "
              + createdBy.get()
              + " is not your identity ("
              + identity
              + ")");
    }
    return Optional.empty();
  }

  private static Optional<String> versionText(StixObject object) {
    return versionText(object.json());
  }

  private static Optional<String> versionText(JsonObject json) {
    return json.string("modified").or(() -> json.string("created")).filter(s -> !s.isEmpty());
  }

  /**
   * An object whose id is well formed but for upper-case hex (StixId's one rule) is refused on its
   * own, in the status resource, naming the id it should have: the rest of the envelope goes on.
   */
  private static Optional<Detail> upperCaseId(JsonValue element) {
    if (element instanceof JsonObject json
        && json.string("id").isPresent()
        && json.string("id").get().length() > 36) {
      String id = json.string("id").get();
      Optional<String> problem = StixId.caseProblem(id);
      try {
        StixId.parse(id.toLowerCase(Locale.ROOT));
      } catch (StixFormatException otherwiseMalformed) {
        return Optional.empty(); // the whole request's 422 says what is wrong with it
      }
      return problem.map(p -> new Detail(id, versionText(json), Optional.of("invalid id: " + p)));
    }
    return Optional.empty();
  }

  /** The body, at most {@code max} octets: checked against Content-Length, then while reading. */
  private static byte[] readBody(Request request, long max) {
    long declared = request.getLength();
    if (declared > max) {
      throw tooLarge(declared + " octets", max);
    }
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
      if (body.length > max) {
        throw tooLarge("more than " + max + " octets", max);
      }
      return body;
    } catch (IOException e) {
      throw TaxiiError.badRequest("the request body could not be read: " + e.getMessage());
    }
  }

  private static TaxiiError tooLarge(String size, long max) {
    return TaxiiError.contentTooLarge(
        "request body of "
            + size
            + " exceeds this API root's max_content_length of "
            + max
            + " octets; post fewer objects per request");
  }

  /** The {@code objects} of a TAXII envelope (§3.7), or 422 saying what the body is instead. */
  private static JsonArray envelopeObjects(byte[] body) {
    JsonValue document;
    try {
      document = Json.parse(body);
    } catch (JsonSyntaxException e) {
      throw TaxiiError.unprocessable("request body is not valid JSON: " + e.getMessage());
    }
    if (!(document instanceof JsonObject envelope)) {
      throw TaxiiError.unprocessable(
          "expected an envelope {\"objects\": [...]}, found a JSON " + document.kind());
    }
    if (!envelope.has("objects")) {
      String hint =
          envelope.has("type")
              ? " (a bare STIX object or a bundle was sent; wrap the objects in an envelope)"
              : "";
      throw TaxiiError.unprocessable(
          "expected an envelope {\"objects\": [...]}: member 'objects' is missing" + hint);
    }
    return envelope
        .array("objects")
        .orElseThrow(
            () ->
                TaxiiError.unprocessable(
                    "envelope member 'objects' must be an array of STIX objects, found "
                        + envelope.get("objects").orElseThrow().kind()));
  }

  private static StixObject readObject(JsonValue element, int index) {
    try {
      return StixObject.from(element);
    } catch (StixFormatException e) {
      throw TaxiiError.unprocessable(
          "objects[" + index + "]: " + e.getMessage() + "; every object needs a type and an id");
    }
  }
}
