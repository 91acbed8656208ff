package io.tspipe.worker;

import io.tspipe.config.KafkaSettings;
import io.tspipe.event.EventType;
import io.tspipe.event.EventValidator;
import io.tspipe.event.RecentIds;
import io.tspipe.event.RejectReason;
import io.tspipe.event.Verdict;
import io.tspipe.ipintel.IpAddresses;
import io.tspipe.ipintel.IpAddresses.Ip;
import io.tspipe.ipintel.IpInfo;
import io.tspipe.ipintel.IpIntelligence;
import io.tspipe.kafka.RecordPosition;
import io.vertx.core.buffer.Buffer;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what happens to each consumed record: validation, then duplicate detection against the window of recent
 * ids, then the check against what a previous owner of the partition already stored. Pure: no I/O, one thread.
 * Nothing a record holds can make it throw: a failure on its way is the record's reject, {@code unprocessable}, with
 * the failure named, so no record is ever lost between the consumer and the tables.
 *
 * <p>An id is one event's, whatever its type: a second event with the id on the same topic is a re-send (a duplicate);
 * one on another topic, so of another type, is refused as an {@code id_conflict}, since it would otherwise take over
 * the first event's search document.
 *
 * <p>After a restart the window is primed with the ids already stored, each with the position it was read from.
 * A replayed record whose id was first seen at its own position is therefore recognised as already stored, while
 * a true duplicate still is one; rejects and duplicates are recognised by the highest offset stored per partition.
 */
public final class RecordClassifier {

  /** What rejected attack-window records are attributed to in {@code rejected_events.event_type}. */
  static final String ATTACK_WINDOW_TYPE = "attack_window";
  /** What rejected attack-entity records are attributed to in {@code rejected_events.event_type}. */
  static final String ATTACK_ENTITY_TYPE = "attack_entity";

  private final EventValidator validator;
  private final RecentIds recentIds;
  private final IpIntelligence intelligence;
  private final Map<String, EventType> eventTopics = new HashMap<>();
  private final String attackWindowsTopic;
  private final String attackEntitiesTopic;
  private final StoredOffsets storedRejects = new StoredOffsets();
  private final StoredOffsets storedDuplicates = new StoredOffsets();

  /** {@code intelligence} enriches every stored event with what is known of its source address. */
  public RecordClassifier(EventValidator validator, RecentIds recentIds, KafkaSettings kafka,
                          IpIntelligence intelligence) {
    this.validator = validator;
    this.intelligence = intelligence;
    this.recentIds = recentIds;
    kafka.eventTopics().forEach((type, topic) -> eventTopics.put(topic, type));
    this.attackWindowsTopic = kafka.attackWindowsTopic();
    this.attackEntitiesTopic = kafka.attackEntitiesTopic();
  }

  public Classified classify(RecordPosition position, String key, Buffer value, long nowMillis) {
    try {
      if (position.topic().equals(attackWindowsTopic)) {
        return classifyWindow(position, key, value);
      }
      if (position.topic().equals(attackEntitiesTopic)) {
        return classifyEntity(position, key, value);
      }
      EventType type = eventTopics.get(position.topic());
      Verdict verdict = validator.validate(type, value, nowMillis);
      if (verdict instanceof Verdict.Accepted accepted) {
        return classifyAccepted(position, key, value, accepted, nowMillis);
      }
      return rejectOnce(position, key, value, ((Verdict.Rejected) verdict).orType(type.wireName()));
    } catch (RuntimeException failure) {
      return rejectOnce(position, key, value, unprocessable(position, failure));
    }
  }

  private Verdict.Rejected unprocessable(RecordPosition position, RuntimeException failure) {
    EventType type = eventTopics.get(position.topic());
    return new Verdict.Rejected(RejectReason.UNPROCESSABLE, "", "the record could not be processed: "
      + failure.getClass().getSimpleName() + ": " + failure.getMessage(), type != null ? type.wireName()
      : position.topic().equals(attackEntitiesTopic) ? ATTACK_ENTITY_TYPE : ATTACK_WINDOW_TYPE, "");
  }

  private Classified classifyWindow(RecordPosition position, String key, Buffer value) {
    Verdict verdict = validator.validateAttackWindow(value);
    if (verdict instanceof Verdict.AcceptedWindow window) {
      return new Classified.AttackWindow(position, window.window());
    }
    return rejectOnce(position, key, value, ((Verdict.Rejected) verdict).orType(ATTACK_WINDOW_TYPE));
  }

  private Classified classifyEntity(RecordPosition position, String key, Buffer value) {
    Verdict verdict = validator.validateAttackEntity(value);
    if (verdict instanceof Verdict.AcceptedEntity entity) {
      return new Classified.AttackEntity(position, entity.entity());
    }
    return rejectOnce(position, key, value, ((Verdict.Rejected) verdict).orType(ATTACK_ENTITY_TYPE));
  }

  private Classified classifyAccepted(RecordPosition position, String key, Buffer value, Verdict.Accepted event,
                                      long nowMillis) {
    Optional<RecordPosition> firstSeen = recentIds.firstSeenAt(event.id());
    if (firstSeen.isEmpty()) {
      Ip address = IpAddresses.parse((String) event.event().get("sourceIp"));
      recentIds.remember(event.id(), position, nowMillis);
      return new Classified.NewEvent(position, event, address,
        address == null ? IpInfo.UNKNOWN : intelligence.lookup(address));
    }
    RecordPosition first = firstSeen.get();
    if (first.equals(position)) {
      return new Classified.AlreadyStored(position);
    }
    if (!first.topic().equals(position.topic())) {
      return rejectOnce(position, key, value, new Verdict.Rejected(RejectReason.ID_CONFLICT, "/id", "id "
        + event.id() + " already belongs to an event of another type, read from " + first.topic() + " partition "
        + first.partition() + " offset " + first.offset(), event.type().wireName(), event.id().toString()));
    }
    if (storedDuplicates.contains(position)) {
      return new Classified.AlreadyStored(position);
    }
    return new Classified.Duplicate(position, event, first);
  }

  private Classified rejectOnce(RecordPosition position, String key, Buffer value, Verdict.Rejected verdict) {
    if (storedRejects.contains(position)) {
      return new Classified.AlreadyStored(position);
    }
    return new Classified.Reject(position, key, value, verdict);
  }

  /** Primes the state with what ClickHouse already holds for newly assigned partitions; answers the ids primed. */
  public int prime(StoredState stored, long nowMillis) {
    int ids = stored.forEachEvent((id, position) -> recentIds.remember(id, position, nowMillis));
    stored.rejects().forEach(storedRejects::record);
    stored.duplicates().forEach(storedDuplicates::record);
    return ids;
  }

  /** Forgets what was primed for a partition this worker no longer owns. */
  public void release(String topic, int partition) {
    storedRejects.forget(topic, partition);
    storedDuplicates.forget(topic, partition);
  }

  public void expire(long nowMillis) {
    recentIds.expire(nowMillis);
  }

  public int windowSize() {
    return recentIds.size();
  }
}
