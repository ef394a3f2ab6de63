package org.wuzhen.governance;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wuzhen.stix.JsonNumber;
import org.wuzhen.stix.JsonObject;
import org.wuzhen.stix.StixObject;
import org.wuzhen.store.AccountStore;
import org.wuzhen.store.CollectionId;
import org.wuzhen.store.CollectionInfo;
import org.wuzhen.store.Member;
import org.wuzhen.store.ObjectStore;
import org.wuzhen.store.Permission;
import org.wuzhen.store.Principal;
import org.wuzhen.taxii.NodeExtension;
import org.wuzhen.taxii.ObjectReader;
import org.wuzhen.taxii.TaxiiExtensions;
import org.wuzhen.taxii.WriteCheck;
import org.wuzhen.transparency.MemberKeys;
import org.wuzhen.transparency.SignatureCheck;

/**
 * A community's governance on one node: the charter in force and its history, proposals and their
 * tallies, what members said about each object, the dispute and decay decisions detection and
 * export follow, and the closing of proposals whose consultation ended (an adopted proposal's
 * charter version is written to the store in one transaction and takes effect at once).
 * Thread-safe.
 */
public final class Governance implements NodeExtension {
  private static final Logger LOG = LoggerFactory.getLogger(Governance.class);

  /** How old the charter the write check uses may be (see {@link #charterForWrites()}). */
  static final Duration WRITE_CHECK_STALENESS = Duration.ofMillis(250);

  private final ObjectStore store;
  private final AccountStore accounts;
  private final GovernanceSettings settings;
  private final Ledger ledger;
  private final DialogueIndex dialogue;
  private final Set<String> closed = new HashSet<>();

  /** Verdicts remembered, least recently used dropped first: members' objects cannot grow it. */
  private static final int MAX_VERDICTS = 100_000;

  private final Cache<Checked, Authenticity.Verdict> verdicts =
      Caffeine.newBuilder().maximumSize(MAX_VERDICTS).executor(Runnable::run).build();
  private volatile KeysOf keysForWrites;
  private final Map<String, String> failedAdoptions = new HashMap<>();
  private ScheduledExecutorService scheduler;

  /** A proposal with its tally, and the charter version it produced when adopted. */
  public record ProposalStatus(
      Proposal proposal, Outcome outcome, Optional<Integer> producedVersion) {
    public ProposalStatus {
      requireNonNull(proposal, "proposal");
      requireNonNull(outcome, "outcome");
      requireNonNull(producedVersion, "producedVersion");
    }
  }

  private <S extends ObjectStore & AccountStore> Governance(S store, GovernanceSettings settings) {
    this.store = requireNonNull(store, "store");
    this.accounts = store;
    this.settings = requireNonNull(settings, "settings");
    this.ledger = new Ledger(store, settings.collection());
    this.dialogue = new DialogueIndex(store);
  }

  /**
   * Founds the community on this node when its collection holds no charter yet: creates the
   * collection, publishes the extension definition and charter version 1, and lets the members read
   * and write it. A store that already has a charter keeps it ({@code founding} is then ignored:
   * later changes happen by vote only).
   */
  public static <S extends ObjectStore & AccountStore> Governance found(
      S store, GovernanceSettings settings, Charter founding) {
    return found(store, settings, () -> founding);
  }

  /**
   * As {@link #found(ObjectStore, GovernanceSettings, Charter)}, building the charter only if
   * needed.
   */
  public static <S extends ObjectStore & AccountStore> Governance found(
      S store, GovernanceSettings settings, Supplier<Charter> founding) {
    CollectionId id = settings.collection();
    if (store.collection(id).isEmpty()) {
      store.createCollection(
          new CollectionInfo(
              id,
              "Community governance",
              Optional.of("Proposals, votes and charter versions of the community"),
              Optional.of("governance"),
              List.of()));
    }
    Governance g = new Governance(store, settings);
    g.ledger.refresh();
    if (g.ledger.current().isEmpty()) {
      Charter charter = founding.get();
      List<StixObject> objects = new ArrayList<>(GovernanceStix.extensionDefinition());
      objects.add(GovernanceStix.charterObject(charter));
      store.add(id, objects);
      g.ledger.refresh();
      if (g.ledger.current().isEmpty()) {
        throw new GovernanceException(
            "the founding charter could not be read back: "
                + String.join("; ", g.ledger.problems()));
      }
      g.grant(charter.members(), List.of());
    }
    return g;
  }

  /** Opens the governance of a community already founded in the store. */
  public static <S extends ObjectStore & AccountStore> Governance open(
      S store, GovernanceSettings settings) {
    Governance g = new Governance(store, settings);
    g.ledger.refresh();
    if (g.ledger.current().isEmpty()) {
      throw new GovernanceException(
          "collection " + settings.collection() + ": holds no charter; found the community first");
    }
    return g;
  }

  public GovernanceSettings settings() {
    return settings;
  }

  /** The charter in force now. */
  public Charter charter() {
    ledger.refresh();
    return ledger.current().orElseThrow();
  }

  public Optional<Charter> charter(int version) {
    ledger.refresh();
    return ledger.charter(version);
  }

  public List<Charter> charters() {
    ledger.refresh();
    return ledger.charters();
  }

  /**
   * The id of the STIX object ({@code x-wuzhen-charter}) in the community's collection that holds a
   * charter version, to find its transparency-log entries; empty for a version not stored.
   */
  public Optional<String> charterObjectId(int version) {
    ledger.refresh();
    return ledger.charterObjectId(version);
  }

  /** Governance objects that were left out (unparseable, not authentic, conflicting). */
  public List<String> problems() {
    return ledger.problems();
  }

  public List<ProposalStatus> proposals() {
    ledger.refresh();
    return ledger.proposals().stream().map(this::status).toList();
  }

  public Optional<ProposalStatus> proposal(String id) {
    ledger.refresh();
    return ledger.proposal(id).map(this::status);
  }

  /** A proposal for the write check: reads the store again only when it is not known yet. */
  Optional<Proposal> proposalRecord(String id) {
    Optional<Proposal> known = ledger.proposal(id);
    if (known.isPresent()) {
      return known;
    }
    ledger.refresh();
    return ledger.proposal(id);
  }

  /**
   * The charter for the write check. Versions this node adopts take effect at once; a version that
   * arrives from a peer is read within {@link #WRITE_CHECK_STALENESS}.
   */
  Charter charterForWrites() {
    ledger.refreshIfOlder(WRITE_CHECK_STALENESS.toNanos());
    return ledger.current().orElseThrow();
  }

  /** The keys of {@link #charterForWrites()}, built once per charter version. */
  private MemberKeys keysForWrites() {
    Charter c = charterForWrites();
    KeysOf known = keysForWrites;
    if (known == null || known.charter() != c) {
      known = new KeysOf(c, c.memberKeys());
      keysForWrites = known;
    }
    return known.keys();
  }

  private record KeysOf(Charter charter, MemberKeys keys) {}

  private ProposalStatus status(Proposal p) {
    Instant now = settings.clock().instant();
    Optional<Charter> atOpening = ledger.charter(p.charterVersion());
    if (atOpening.isEmpty()) {
      Outcome unknown =
          new Outcome(
              Outcome.State.OPEN,
              0,
              0,
              0,
              0,
              Map.of(),
              List.of("charter v" + p.charterVersion() + " is not known on this node yet"),
              List.of());
      return new ProposalStatus(p, unknown, Optional.empty());
    }
    Charter opening = atOpening.get();
    // Votes are checked with the keys of the charter the proposal opened under, as at write time,
    // so every node counts the same votes whatever order it learned of a key rotation in.
    Outcome o =
        Tally.count(
            p,
            opening,
            ledger.votes(p.id()),
            now,
            v -> refusal(verdict(ledger.objectOf(v), Optional.of(v.voterRef()), opening)));
    Optional<String> forgedProposal =
        refusal(verdict(ledger.objectOf(p), Optional.of(p.proposerRef()), opening));
    if (forgedProposal.isPresent()) {
      o = o.rejected("the proposal itself is not authentic: " + forgedProposal.get());
    }
    Optional<Charter> produced = ledger.adoptedBy(p.id());
    String failure;
    synchronized (this) {
      failure = failedAdoptions.get(p.id());
    }
    if (o.state() == Outcome.State.ADOPTED && failure != null) {
      o = o.rejected("adopted by vote, but the patch no longer applies: " + failure);
    }
    return new ProposalStatus(p, o, produced.map(Charter::version));
  }

  private static Optional<String> refusal(Authenticity.Verdict verdict) {
    return verdict instanceof Authenticity.Verdict.Refused r
        ? Optional.of(r.reason())
        : Optional.empty();
  }

  /**
   * Closes every proposal whose consultation has ended, in closing order: an adopted one produces
   * the next charter version (written to the store, one transaction), a rejected one changes
   * nothing.
   *
   * @return the proposals closed by this call
   */
  public synchronized List<ProposalStatus> closeDue() {
    ledger.refresh();
    Instant now = settings.clock().instant();
    List<ProposalStatus> done = new ArrayList<>();
    for (Proposal p : ledger.proposals()) {
      if (closed.contains(p.id())
          || now.isBefore(p.closes())
          || ledger.charter(p.charterVersion()).isEmpty()) {
        continue;
      }
      ProposalStatus s = status(p);
      if (s.outcome().state() == Outcome.State.ADOPTED && s.producedVersion().isEmpty()) {
        Charter current = ledger.current().orElseThrow();
        try {
          // Deterministic on every node and after a restart: the patch applies to the charter in
          // force at the close, and only while no later version has been adopted since.
          if (ledger.inForceAt(p.closes()).map(Charter::version).orElse(0) != current.version()) {
            throw new GovernanceException(
                "charter v"
                    + current.version()
                    + ", adopted after this proposal closed, is already in force");
          }
          Charter next = current.apply(p.patch(), p.closes(), p.id());
          StixObject written = GovernanceStix.charterObject(next);
          store.add(settings.collection(), List.of(written));
          ledger.remember(next, written.id().toString());
          grant(
              p.patch().admit(),
              p.patch().depart().stream().map(n -> current.memberByName(n).orElseThrow()).toList());
          LOG.info("proposal {} adopted: charter v{} in force", p.id(), next.version());
        } catch (GovernanceException e) {
          failedAdoptions.put(p.id(), e.getMessage());
        }
        s = status(p);
      }
      closed.add(p.id());
      done.add(s);
    }
    return done;
  }

  /**
   * Closes due proposals every {@link GovernanceSettings#closeEvery()}, if set, until {@link
   * #close()}.
   */
  @Override
  public void start() {
    settings.closeEvery().ifPresent(this::startClosing);
  }

  /** Closes due proposals every {@code period} until {@link #close()}. */
  private synchronized void startClosing(Duration period) {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "wuzhen-governance");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            closeDue();
          } catch (RuntimeException e) {
            LOG.warn("closing proposals failed; retrying at the next tick", e);
          }
        },
        0,
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** What members said about an object, in every collection: what the community's rules judge. */
  Dialogue dialogue(String objectId) {
    dialogue.refresh();
    return authentic(
        Dialogue.of(dialogue.about(objectId).stream().map(DialogueIndex.Entry::object).toList()));
  }

  /**
   * What members said about an object that the caller of a route may read: each note, opinion and
   * sighting passes the caller's read decision (collection access, the export policy for a peer).
   */
  Dialogue dialogue(String objectId, ObjectReader reader) {
    dialogue.refresh();
    List<DialogueIndex.Entry> all = dialogue.about(objectId);
    Map<CollectionId, List<DialogueIndex.Entry>> byCollection = new LinkedHashMap<>();
    for (DialogueIndex.Entry e : all) {
      byCollection.computeIfAbsent(e.collection(), c -> new ArrayList<>()).add(e);
    }
    Set<String> shown = new HashSet<>();
    byCollection.forEach(
        (collection, entries) ->
            reader
                .visible(collection, entries.stream().map(e -> e.read().stored()).toList())
                .forEach(v -> shown.add(collection + " " + v.dateAddedMicros())));
    List<StixObject> said = new ArrayList<>();
    for (DialogueIndex.Entry e : all) {
      if (shown.contains(e.collection() + " " + e.read().version().dateAddedMicros())) {
        said.add(e.object());
      }
    }
    return authentic(Dialogue.of(said));
  }

  /**
   * Without the opinions and false-positive reports that are not authentic under the charter in
   * force (forged ones that arrived from a peer or were written to the store directly do not
   * count).
   */
  private Dialogue authentic(Dialogue said) {
    Charter charter = charterForWrites();
    Predicate<StixObject> authentic =
        o ->
            !Dialogue.speaksForMember(o)
                || verdict(o, o.createdByRef(), charter) instanceof Authenticity.Verdict.Authentic;
    return new Dialogue(
        said.notes().stream().filter(authentic).toList(),
        said.opinions().stream().filter(authentic).toList(),
        said.sightings());
  }

  /** One authenticity question: the object as stored, whom it names, the charter version. */
  private record Checked(int charterVersion, Optional<String> member, JsonObject object) {}

  /**
   * The authenticity verdict, asked once per object and charter version: detection asks per
   * indicator and every proposal view counts every vote again.
   */
  private Authenticity.Verdict verdict(StixObject o, Optional<String> member, Charter charter) {
    Checked key = new Checked(charter.version(), member, o.json());
    return verdicts.get(key, k -> settings.authenticity().verify(o, member, charter));
  }

  /** Where an indicator stands now: decayed confidence, dispute, whether detection may use it. */
  Standing standing(StixObject indicator) {
    return Standing.of(
        indicator, dialogue(indicator.id().toString()), charter(), settings.clock().instant());
  }

  /** Why detection must not use this indicator now (dispute, decay, expiry); empty if it may. */
  public Optional<String> exclusion(StixObject indicator) {
    return Decisions.exclusion(
        indicator, dialogue(indicator.id().toString()), charter(), settings.clock().instant());
  }

  public boolean excludedFromDetection(StixObject indicator) {
    return exclusion(indicator).isPresent();
  }

  /**
   * The proposals {@code reader}'s caller may read, with their live tallies: none when it may not
   * read the community's collection (what {@code GET /wuzhen/proposals/} answers, for the console).
   */
  public List<ProposalStatus> proposals(ObjectReader reader) {
    if (!reader.mayRead(settings.collection())) {
      return List.of();
    }
    java.util.Set<String> visible =
        GovernanceRoutes.visibleIds(reader, settings.collection(), GovernanceStix.PROPOSAL);
    return proposals().stream().filter(s -> visible.contains(s.proposal().id())).toList();
  }

  /**
   * An object and what members said about it (notes, opinions and their consensus, sightings, the
   * dispute, the member signature of each version), as {@code reader}'s caller may read them: what
   * {@code GET /wuzhen/objects/{id}/} answers, for the console. Empty when it may read neither.
   */
  public Optional<ObjectView> objectView(String objectId, ObjectReader reader) {
    return GovernanceRoutes.view(this, objectId, reader);
  }

  /** Opinion-bearing indicators examined for {@link #openDisputes}, the most recent first. */
  static final int DISPUTE_CANDIDATES = 200;

  /**
   * The indicators whose dispute is open as {@code reader}'s caller may see them (the indicator and
   * what was said about it, as {@link #objectView}), the most recently disputed first, at most
   * {@code limit}. Only the {@value #DISPUTE_CANDIDATES} indicators with the most recent opinions
   * are examined, so that the cost does not grow with the store.
   */
  public List<ObjectView> openDisputes(ObjectReader reader, int limit) {
    dialogue.refresh();
    List<ObjectView> out = new ArrayList<>();
    for (String id : dialogue.opined("indicator", DISPUTE_CANDIDATES)) {
      Optional<ObjectView> view = objectView(id, reader);
      if (view.isPresent()
          && view.get().object().isPresent()
          && view.get().dispute().map(d -> d.state() == Dispute.State.OPEN).orElse(false)) {
        out.add(view.get());
        if (out.size() == limit) {
          break;
        }
      }
    }
    return out;
  }

  /** An object and the sightings of it that a caller may read, summed. */
  public record Sighted(String objectId, long sightings) {
    public Sighted {
      requireNonNull(objectId, "objectId");
    }
  }

  /**
   * The objects most sighted in the sightings stored since {@code since} that {@code reader}'s
   * caller may read, by the sum of their {@code count} (1 when absent), most first (ties by id), at
   * most {@code limit}.
   */
  public List<Sighted> mostSighted(ObjectReader reader, Instant since, int limit) {
    Map<String, Long> counts = new HashMap<>();
    for (StoredSighting s : sightings(reader, since)) {
      s.sighting()
          .string("sighting_of_ref")
          .ifPresent(ref -> counts.merge(ref, s.count(), Long::sum));
    }
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(limit)
        .map(e -> new Sighted(e.getKey(), e.getValue()))
        .toList();
  }

  /**
   * The sightings of each of {@code objectIds} that {@code reader}'s caller may read, by the sum of
   * their {@code count} (1 when absent); objects without one are left out. Reads only the sightings
   * of these objects from the community's index, not every sighting it holds.
   */
  public Map<String, Long> sightingsOf(ObjectReader reader, Set<String> objectIds) {
    dialogue.refresh();
    List<DialogueIndex.Entry> about = new ArrayList<>();
    for (String id : objectIds) {
      for (DialogueIndex.Entry e : dialogue.about(id)) {
        if (e.object().type().equals("sighting")) {
          about.add(e);
        }
      }
    }
    Map<String, Long> counts = new HashMap<>();
    for (StoredSighting s : visible(reader, about)) {
      s.sighting()
          .string("sighting_of_ref")
          .ifPresent(ref -> counts.merge(ref, s.count(), Long::sum));
    }
    return counts;
  }

  /**
   * A stored sighting (its latest version) the caller may read, the collection it is in and when
   * this node stored it.
   */
  public record StoredSighting(CollectionId collection, StixObject sighting, Instant added) {
    public StoredSighting {
      requireNonNull(collection, "collection");
      requireNonNull(sighting, "sighting");
      requireNonNull(added, "added");
    }

    /** Its {@code count}; 1 when absent or not a whole number. */
    public long count() {
      return sighting
          .get("count")
          .flatMap(v -> v instanceof JsonNumber n ? Governance.count(n.text()) : Optional.empty())
          .orElse(1L);
    }
  }

  /**
   * The sightings stored since {@code since} (the latest version of each, by when this node stored
   * it) that {@code reader}'s caller may read, from the community's index, in no particular order.
   */
  public List<StoredSighting> sightings(ObjectReader reader, Instant since) {
    dialogue.refresh();
    long micros = since.getEpochSecond() * 1_000_000L + since.getNano() / 1_000;
    return visible(reader, dialogue.sightingsSince(micros));
  }

  /** The sightings of the index that the caller may read, as the read decision judges them. */
  private static List<StoredSighting> visible(
      ObjectReader reader, List<DialogueIndex.Entry> sightings) {
    Map<CollectionId, List<DialogueIndex.Entry>> byCollection = new LinkedHashMap<>();
    for (DialogueIndex.Entry e : sightings) {
      byCollection.computeIfAbsent(e.collection(), c -> new ArrayList<>()).add(e);
    }
    List<StoredSighting> out = new ArrayList<>();
    byCollection.forEach(
        (collection, entries) -> {
          Set<Long> shown = new HashSet<>();
          reader
              .visible(collection, entries.stream().map(e -> e.read().stored()).toList())
              .forEach(v -> shown.add(v.dateAddedMicros()));
          for (DialogueIndex.Entry e : entries) {
            long added = e.read().version().dateAddedMicros();
            if (shown.contains(added)) {
              out.add(
                  new StoredSighting(
                      collection,
                      e.object(),
                      Instant.ofEpochSecond(
                          Math.floorDiv(added, 1_000_000L),
                          Math.floorMod(added, 1_000_000L) * 1_000L)));
            }
          }
        });
    return out;
  }

  private static Optional<Long> count(String number) {
    try {
      return Optional.of(Math.max(0, Long.parseLong(number)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Why this object must not go to peers under the baseline export rules; empty if it may. */
  public Optional<String> withholding(StixObject object) {
    return Decisions.withholding(
        object, dialogue(object.id().toString()), charter(), settings.clock().instant());
  }

  public boolean withheldFromExport(StixObject object) {
    return withholding(object).isPresent();
  }

  /**
   * Adds the governance write check, the member signature check of every other object (a forged
   * signature or one by a key no member registered is refused in any collection; unsigned ordinary
   * objects pass) and the {@code /wuzhen/} routes to a node's extensions.
   */
  @Override
  public void extend(TaxiiExtensions.Builder extensions) {
    extensions.writeCheck(new Enforcement(this));
    WriteCheck signatures = SignatureCheck.refusingForgeries(this::keysForWrites, o -> false);
    // Governance objects are checked by Enforcement, with the charter that applies to each (a
    // vote: the one its proposal opened under), and are left to it.
    extensions.writeCheck(
        (caller, collection, object) ->
            object.type().startsWith("x-wuzhen-")
                ? Optional.empty()
                : signatures.refusal(caller, collection, object));
    // The routes read stored objects only through each request's reader, never the store.
    GovernanceRoutes.all(this).forEach(extensions::route);
    extensions.route(ExclusionsRoute.of(this));
  }

  /** Lets the store members behind these charter members use the governance collection. */
  private void grant(List<CharterMember> admitted, List<CharterMember> departed) {
    List<Member> members = accounts.members();
    for (List<CharterMember> group : List.of(admitted, departed)) {
      boolean write = group == admitted;
      for (CharterMember m : group) {
        for (Member s : members) {
          if (s.identityId().equals(m.identityId())) {
            accounts.grant(
                new Permission(settings.collection(), Principal.member(s.name()), true, write));
          }
        }
      }
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
