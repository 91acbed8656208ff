package io.tspipe.worker;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What ClickHouse already holds for some partitions: ids of stored events with the position each was read from,
 * and the highest stored position per partition in {@code rejected_events} and {@code duplicate_events}.
 */
public record StoredState(Map<UUID, RecordPosition> events, List<RecordPosition> rejects, List<RecordPosition> duplicates) {
}
