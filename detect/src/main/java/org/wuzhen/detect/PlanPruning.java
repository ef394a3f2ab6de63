package org.wuzhen.detect;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a plan directory ({@link PlanCache}) from growing without bound: a plan of a million
 * indicators takes about 80 MB, and every changed indicator file gets a plan of its own. Run after
 * a plan is saved (so at most once per compilation, never on a run that reads a saved plan), it
 * deletes
 *
 * <ul>
 *   <li>plans of an older format, which no build that writes this format reads again (a newer
 *       format's plans are left to the build that writes them);
 *   <li>plans of this format beyond the {@link #KEEP} used most recently (a plan's modification
 *       time is refreshed each time it is read, {@link #touch});
 *   <li>source key files whose plan is gone (they would only send the next run to a missing file);
 *   <li>temporary files of a save that never finished, once older than {@link #STALE_PARTIAL} (a
 *       save in progress elsewhere is younger).
 * </ul>
 *
 * Nothing else in the directory is touched. A file that cannot be deleted is a warning, never an
 * error of the run; a plan deleted while another run has it mapped stays whole for that run (the
 * file system keeps a deleted file's blocks while it is open or mapped).
 */
final class PlanPruning {
  /** Plans of the current format kept: the ones used most recently. */
  static final int KEEP = 8;

  /** Far longer than any save takes (seconds at a million indicators). */
  static final Duration STALE_PARTIAL = Duration.ofHours(1);

  private static final Pattern PLAN = Pattern.compile("plan-v([0-9]{1,9})-([0-9a-f]{64})\\.bin");
  private static final Pattern PARTIAL = Pattern.compile("plan-[0-9]+\\.partial");
  private static final Pattern KEY = Pattern.compile("source-[0-9a-f]{64}\\.key");

  private PlanPruning() {}

  /** Marks a plan just read as used now, so that it is among the last to be pruned. */
  static void touch(Path plan) {
    try {
      Files.setLastModifiedTime(plan, FileTime.from(Instant.now()));
    } catch (IOException | UnsupportedOperationException e) {
      // A read-only directory is never pruned by this process either: nothing to keep apart.
    }
  }

  private record Plan(Path path, FileTime used) {}

  /**
   * Prunes {@code directory} as this class says, keeping {@code saved} (the plan just saved,
   * whatever the times of the others: a plan copied in may carry a time ahead of the clock) and the
   * other plans of the current {@code format} used most recently; tells {@code warnings} of each
   * file it could not delete.
   */
  static void prune(
      Path directory, int format, Path saved, Instant now, Consumer<String> warnings) {
    List<Plan> current = new ArrayList<>();
    List<Path> keys = new ArrayList<>();
    List<Path> doomed = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        Matcher plan = PLAN.matcher(name);
        if (plan.matches()) {
          int version = Integer.parseInt(plan.group(1));
          if (version < format) {
            doomed.add(file);
          } else if (version == format) {
            modified(file).ifPresent(time -> current.add(new Plan(file, time)));
          }
        } else if (KEY.matcher(name).matches()) {
          keys.add(file);
        } else if (PARTIAL.matcher(name).matches()) {
          modified(file)
              .filter(time -> time.toInstant().isBefore(now.minus(STALE_PARTIAL)))
              .ifPresent(time -> doomed.add(file));
        }
      }
    } catch (IOException e) {
      warnings.accept("plan cache " + directory + ": not pruned (" + e.getMessage() + ")");
      return;
    }
    // The one saved first, then newest first; equal times by name, so that which plan goes does
    // not depend on the order of the listing.
    current.sort(
        Comparator.comparing((Plan p) -> !p.path().equals(saved))
            .thenComparing(Plan::used, Comparator.reverseOrder())
            .thenComparing(p -> p.path().getFileName().toString()));
    Set<String> kept = new HashSet<>();
    for (int i = 0; i < current.size(); i++) {
      Plan plan = current.get(i);
      if (i < KEEP) {
        kept.add(digestOf(plan.path()));
      } else {
        doomed.add(plan.path());
      }
    }
    for (Path key : keys) {
      String digest = recordedDigest(key);
      if (!digest.isEmpty() && !kept.contains(digest)) {
        doomed.add(key);
      }
    }
    for (Path file : doomed) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        warnings.accept("plan cache " + file + ": not deleted (" + e.getMessage() + ")");
      }
    }
  }

  private static Optional<FileTime> modified(Path file) {
    try {
      return Optional.of(Files.getLastModifiedTime(file));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // deleted meanwhile, by another run's pruning
    } catch (IOException e) {
      return Optional.empty(); // unreadable: left alone
    }
  }

  private static String digestOf(Path plan) {
    Matcher m = PLAN.matcher(plan.getFileName().toString());
    return m.matches() ? m.group(2) : "";
  }

  /**
   * The digest a key file records, or empty when it cannot be read or names none: such a file is
   * left alone (the next run that reads it warns of it and writes it again).
   */
  private static String recordedDigest(Path key) {
    try {
      for (String line : Files.readAllLines(key, UTF_8)) {
        if (line.startsWith("digest=")) {
          String digest = line.substring("digest=".length());
          return digest.matches("[0-9a-f]{64}") ? digest : "";
        }
      }
      return "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
