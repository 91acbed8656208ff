package io.tspipe.sink.clickhouse;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The lock that lets one applier at a time migrate a database, whatever process or server it runs on: the table
 * {@value #TABLE} of that database. It is taken by creating it without {@code IF NOT EXISTS}, so of appliers taking it
 * at once exactly one succeeds (on a cluster, the distributed DDL queue orders their statements the same on every
 * server); its comment, written by the same statement, names the holder and when it took it, by the server's clock.
 * The holder applies what is missing and drops it. Another applier waits while it exists and is younger than the stale
 * timeout; an older one is presumed left behind by a holder that died, and is broken. Every migration is idempotent, so
 * work a dead holder left half done is simply done again; and should two appliers each break the same stale lock at
 * the same moment, both would apply, harmlessly.
 */
final class SchemaLock {

  static final String TABLE = "schema_migration_lock";

  /** What an applier does next. */
  enum Step {
    /** nothing left to do and nobody at it: go on without applying anything */
    DONE,
    /** another applier holds the lock: look again shortly */
    WAIT,
    /** the lock is older than the stale timeout: drop it, then look again */
    BREAK,
    /** work is left and nobody holds the lock: take it */
    TAKE
  }

  private SchemaLock() {
  }

  /**
   * The next step of an applier that sees {@code lock} (empty: no lock) and {@code workLeft} (a migration missing, or
   * a retention to change) at {@code now}, by the server's clock.
   */
  static Step next(Optional<Holder> lock, boolean workLeft, Instant now, Duration staleAfter) {
    if (lock.isPresent()) {
      return lock.get().takenAt().plus(staleAfter).isBefore(now) ? Step.BREAK : Step.WAIT;
    }
    return workLeft ? Step.TAKE : Step.DONE;
  }

  /** The statement that takes the lock of {@code database} for {@code holder}; it fails when the lock is held. */
  static String take(String database, Holder holder) {
    return "CREATE TABLE " + database + "." + TABLE + " (taken UInt8) ENGINE = Memory COMMENT '" + holder.comment() + "'";
  }

  /** The statement that drops the lock of {@code database}, whoever holds it. */
  static String release(String database) {
    return "DROP TABLE IF EXISTS " + database + "." + TABLE;
  }

  /**
   * The applier holding the lock and when it took it. Its name keeps letters, digits and {@code . _ : @ / -} and
   * spaces, so it is written into the lock's comment as it is.
   */
  record Holder(String name, Instant takenAt) {

    private static final String UNREADABLE = "an unknown holder: the comment of the lock is not one this pipeline writes";

    Holder {
      name = name.replaceAll("[^A-Za-z0-9._:@/ -]", "_");
    }

    /** The lock table's comment naming this holder. */
    String comment() {
      return new JsonObject().put("holder", name).put("takenAt", takenAt.toString()).encode();
    }

    /**
     * The holder a lock table's comment names; a comment this pipeline did not write names an unknown holder that
     * took the lock at the epoch, so that it is broken as stale.
     */
    static Holder fromComment(String comment) {
      try {
        JsonObject json = new JsonObject(comment);
        String name = json.getString("holder");
        String takenAt = json.getString("takenAt");
        if (name != null && takenAt != null) {
          return new Holder(name, Instant.parse(takenAt));
        }
      } catch (DecodeException | ClassCastException | DateTimeParseException unreadable) {
        // falls through to the unknown holder
      }
      return new Holder(UNREADABLE, Instant.EPOCH);
    }
  }
}
