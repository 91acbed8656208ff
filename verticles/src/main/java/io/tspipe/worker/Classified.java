package io.tspipe.worker;

import io.tspipe.event.EventType;
import io.tspipe.event.Verdict;
import io.tspipe.ipintel.IpAddresses.Ip;
import io.tspipe.ipintel.IpInfo;
import io.tspipe.kafka.RecordPosition;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** What the worker does with one record. */
public sealed interface Classified {

  RecordPosition position();

  /**
   * A valid event seen for the first time: goes to {@code events}, with its source address as parsed ({@code address},
   * null when it does not parse) and what the IP intelligence database knows of it ({@code intelligence}).
   */
  record NewEvent(RecordPosition position, Verdict.Accepted accepted, Ip address, IpInfo intelligence)
    implements Classified {
  }

  /**
   * A new event as the batch writer staged it on arrival ({@link BatchWriter#stage}): its {@code events} row already
   * encoded, so the decoded event is dropped while it is still in the cache.
   */
  record StagedEvent(RecordPosition position, EventType type, long timestampMillis, byte[] row) implements Classified {
  }

  /** A valid event whose id was already seen at {@code firstSeenAt}: counted in {@code duplicate_events} only. */
  record Duplicate(RecordPosition position, Verdict.Accepted event, RecordPosition firstSeenAt) implements Classified {
  }

  /** A refused record: goes to the dead-letter topic and {@code rejected_events}, with its raw payload. */
  record Reject(RecordPosition position, String key, Buffer payload, Verdict.Rejected verdict) implements Classified {
  }

  /** A start or end of an attack window (generator ground truth): goes to {@code attack_windows}. */
  record AttackWindow(RecordPosition position, JsonObject window) implements Classified {
  }

  /** An entity taking part in an attack window (generator ground truth): goes to {@code attack_entities}. */
  record AttackEntity(RecordPosition position, JsonObject entity) implements Classified {
  }

  /** Already in ClickHouse from before a restart: only its offset is committed. */
  record AlreadyStored(RecordPosition position) implements Classified {
  }
}
