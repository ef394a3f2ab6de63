package org.wuzhen.web;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.wuzhen.misp.ImportReport;
import org.wuzhen.misp.MispFormatException;
import org.wuzhen.misp.MispImport;
import org.wuzhen.stix.Json;
import org.wuzhen.stix.JsonArray;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.JsonValue;
import org.wuzhen.stix.StixBundle;
import org.wuzhen.stix.StixFormatException;
import org.wuzhen.stix.StixId;
import org.wuzhen.stix.StixObject;
import org.wuzhen.stix.validate.Finding;
import org.wuzhen.stix.validate.StixValidator;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.StatusRecord;
import org.wuzhen.taxii.ExtensionException;
import org.wuzhen.taxii.ExtensionReply;
import org.wuzhen.web.view.ImportView;
import org.wuzhen.web.view.SearchView;

/**
 * {@code /ui/import/}: one flow for a STIX bundle, uploaded or pasted, a MISP event converted to
 * STIX, or indicators made from pasted text: a preview with the validator's findings per field
 * path, then publishing to a chosen collection through the TAXII add path (which validates again
 * and applies every write check).
 */
final class ImportPage {
  private final Html html;
  private final java.time.Clock clock;
  private final StixValidator validator = new StixValidator();

  ImportPage(Html html, java.time.Clock clock) {
    this.html = requireNonNull(html, "html");
    this.clock = requireNonNull(clock, "clock");
  }

  ExtensionReply show(Guard.Visit visit) {
    return page(
        visit,
        "",
        Optional.empty(),
        false,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        "");
  }

  /** POST /ui/import/preview/: the validator's findings, nothing stored. */
  ExtensionReply preview(Guard.Visit visit) {
    Form form = visit.requireForm();
    return preview(visit, form.first("bundle").orElse(""), form.first("collection"), "");
  }

  /**
   * POST /ui/import/text/: the indicators read from pasted text ({@link FreeText}), as a bundle in
   * the preview, to publish like any other; nothing stored.
   */
  ExtensionReply text(Guard.Visit visit) {
    Form form = visit.requireForm();
    FreeText.Read read;
    try {
      read =
          FreeText.read(
              form.first("text").orElse(""), visit.caller().memberIdentityId(), clock.instant());
    } catch (IllegalArgumentException e) {
      throw ExtensionException.badRequest("text: " + e.getMessage());
    }
    String bundle = bundle(List.copyOf(read.indicators()));
    String ignored =
        read.ignored().isEmpty()
            ? ""
            : " Not observables, left out: "
                + String.join(", ", read.ignored().stream().limit(20).toList())
                + (read.ignored().size() > 20
                    ? " and " + (read.ignored().size() - 20) + " more"
                    : "")
                + ".";
    return preview(
        visit,
        bundle,
        form.first("collection"),
        read.indicators().size() + " indicator(s) made from the text." + ignored + " ");
  }

  /**
   * POST /ui/import/misp/: a MISP event document (any shape {@link MispImport} reads) converted to
   * STIX with the caller's member as publisher, shown as a bundle in the preview with the repairs
   * made to the input by JSON path, to publish like any other; nothing stored. A document that is
   * not MISP is refused with where it went wrong (line and column for malformed JSON).
   */
  ExtensionReply misp(Guard.Visit visit) {
    Form form = visit.requireForm();
    StixId publisher = StixId.parse(visit.caller().memberIdentityId());
    List<StixObject> objects = new ArrayList<>();
    ImportReport report;
    try {
      report =
          new MispImport(publisher, validator)
              .convert(
                  form.first("event").orElse("").getBytes(StandardCharsets.UTF_8),
                  "event",
                  e -> objects.addAll(e.objects()));
    } catch (MispFormatException e) {
      throw ExtensionException.badRequest("event: " + e.getMessage());
    }
    String bundle = bundle(objects.stream().<JsonValue>map(StixObject::json).toList());
    return preview(
        visit,
        bundle,
        form.first("collection"),
        report.events()
            + " MISP event(s) converted, "
            + report.refused().size()
            + " refused; "
            + report.attributes()
            + " attribute(s) became "
            + objects.size()
            + " STIX object(s). ",
        report.repairs().stream().map(r -> new ImportView.RepairRow(r.path(), r.what())).toList(),
        report.refused());
  }

  /** A new bundle of objects made here (from text, from MISP), as the preview shows it. */
  private static String bundle(List<JsonValue> objects) {
    return Json.writePretty(
        JsonObject.builder()
            .put("type", "bundle")
            .put("id", "bundle--" + java.util.UUID.randomUUID())
            .put("objects", new JsonArray(objects))
            .build());
  }

  private ExtensionReply preview(
      Guard.Visit visit, String bundle, Optional<String> collection, String note) {
    return preview(visit, bundle, collection, note, List.of(), List.of());
  }

  private ExtensionReply preview(
      Guard.Visit visit,
      String bundle,
      Optional<String> collection,
      String note,
      List<ImportView.RepairRow> repairs,
      List<String> refused) {
    List<Finding> findings = validator.validate(bundle.getBytes(StandardCharsets.UTF_8));
    java.util.SortedMap<String, Integer> byType = new java.util.TreeMap<>();
    try {
      StixBundle.parse(bundle.getBytes(StandardCharsets.UTF_8))
          .objects()
          .forEach(o -> byType.merge(o.type(), 1, Integer::sum));
    } catch (StixFormatException e) {
      // the validator's findings say why
    }
    return page(
        visit,
        bundle,
        collection,
        true,
        byType.entrySet().stream()
            .map(e -> new ImportView.TypeCount(e.getKey(), e.getValue()))
            .toList(),
        repairs,
        refused,
        findings.stream()
            .map(
                f ->
                    new ImportView.FindingRow(
                        f.severity().name().toLowerCase(Locale.ROOT),
                        f.path(),
                        f.rule(),
                        f.message()))
            .toList(),
        List.of(),
        note
            + (StixValidator.isValid(findings)
                ? "The bundle is valid: publish it to the chosen collection."
                : "The bundle has errors: the objects with errors would be refused."));
  }

  /** POST /ui/import/publish/: stores the bundle's objects as the user, as a TAXII POST would. */
  ExtensionReply publish(Guard.Visit visit) {
    Form form = visit.requireForm();
    String text = form.required("bundle");
    CollectionId collection;
    try {
      collection = CollectionId.parse(form.required("collection"));
    } catch (IllegalArgumentException e) {
      throw ExtensionException.badRequest("collection: " + e.getMessage());
    }
    StixBundle bundle;
    try {
      bundle = StixBundle.parse(text.getBytes(StandardCharsets.UTF_8));
    } catch (StixFormatException e) {
      throw ExtensionException.badRequest("bundle: " + e.getMessage());
    }
    StatusRecord status =
        visit
            .request()
            .logins()
            .add(visit.session().login().orElseThrow(), collection, bundle.objects());
    List<String> results = new ArrayList<>();
    status.successes().forEach(d -> results.add("stored " + d.id()));
    status
        .failures()
        .forEach(d -> results.add("refused " + d.id() + ": " + d.message().orElse("(no reason)")));
    return page(
        visit,
        "",
        Optional.of(collection.toString()),
        false,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        results,
        status.successes().size() + " stored, " + status.failures().size() + " refused");
  }

  private ExtensionReply page(
      Guard.Visit visit,
      String bundle,
      Optional<String> collection,
      boolean previewed,
      List<ImportView.TypeCount> types,
      List<ImportView.RepairRow> repairs,
      List<String> refused,
      List<ImportView.FindingRow> findings,
      List<String> results,
      String message) {
    List<CollectionInfo> readable = visit.reader().readableCollections();
    return html.page(
        200,
        "import.jte",
        new ImportView(
            visit.frame("Import", "import"),
            readable.stream()
                .map(
                    c ->
                        new SearchView.Option(
                            c.id().toString(),
                            c.title(),
                            collection.filter(c.id().toString()::equals).isPresent()))
                .toList(),
            bundle,
            previewed,
            types,
            repairs,
            refused,
            findings,
            results,
            message));
  }
}
