package io.tspipe.web.detections;

import io.tspipe.store.StoredValues;
import io.tspipe.web.labels.StoredLabels;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What every verdict rests on, held in memory by the web role so that {@code GET /api/v1/verdicts/{kind}/{value}}
 * asks no engine: the open detections of rules in live mode and the latest row of each label, per entity. It is a
 * cache of ClickHouse, never a store of its own: it is rebuilt from a {@link Snapshot} of the {@code detections} and
 * {@code labels} tables, and between snapshots it applies each detection record from the {@code detections} topic and
 * each label this web role writes. Pure: no I/O, no clock (every time is passed in).
 *
 * <p>Merge rules. A detection's state replaces the one held for its {@code detectionId} unless the held one has a
 * later {@code updatedAt}; a label's row replaces the one held for (kind, entity, label) unless the held one has a
 * later {@code changedAt}. A state that is resolved or of a shadow rule takes the detection out of the verdicts (and
 * is remembered, so an older open state arriving after it is ignored). Changes that arrive while a snapshot is being
 * read ({@link #snapshotStarting} to {@link #install}) are applied again on top of it, under the same rules, so a
 * snapshot never undoes a newer change; changes from before it started are in it, since the detector writes a state to
 * ClickHouse before it produces it to the topic and the web role writes a label before it applies it here. Whether a
 * label is in force is judged when a verdict is asked ({@link StoredLabels#inForce(JsonObject, long)}), so one that
 * expires between snapshots stops counting at once.
 *
 * <p>Thread-safe: one verticle feeds it, every web verticle of the process reads it. Each method holds the lock for
 * a few map operations (and a verdict for the JSON of its one entity); a snapshot's maps are built before
 * {@link #install} takes it. About 2 KB of heap per open detection held, 1 KB per label.
 */
public final class VerdictView {

  private Contents contents;
  private List<Consumer<Contents>> sinceSnapshotStarted;
  private long snapshotStartedMillis = -1;

  /** A verdict from what is held, or empty until a snapshot has been installed (or after {@link #unload}). */
  public synchronized Optional<JsonObject> verdict(String kind, String value, long nowMillis) {
    if (contents == null) {
      return Optional.empty();
    }
    Subject subject = new Subject(kind, value);
    List<JsonObject> labels = new ArrayList<>();
    for (LabelState label : contents.labels.getOrDefault(subject, Map.of()).values()) {
      if (StoredLabels.inForce(label.row(), nowMillis)) {
        labels.add(StoredLabels.json(label.row(), nowMillis));
      }
    }
    List<JsonObject> detections = contents.open.getOrDefault(subject, Map.of()).values().stream()
      .sorted(MOST_RECENT_FIRST).limit(DetectionsApi.MAX_PER_ENTITY).map(state -> StoredDetections.json(state.row()))
      .toList();
    return Optional.of(Verdict.answer(kind, value, labels, detections));
  }

  /**
   * Applies a detection record of the {@code detections} topic ({@code io.tspipe.detection.Detection#toJson}); an
   * {@link IllegalArgumentException}, and nothing changed, when it is not one.
   */
  public void applyDetection(JsonObject record) {
    DetectionState state = DetectionState.of(StoredDetections.row(record));
    record(held -> held.apply(state));
  }

  /** Applies a label's row as {@link StoredLabels#json} reads it: a label just set or removed by this web role. */
  public void applyLabel(JsonObject row) {
    LabelState state = LabelState.of(row);
    record(held -> held.apply(state));
  }

  /** A snapshot is about to be read: changes from now on are kept, to be applied again on top of it. */
  public synchronized void snapshotStarting() {
    sinceSnapshotStarted = new ArrayList<>();
  }

  /** The snapshot could not be read: the view stays as it was. */
  public synchronized void snapshotFailed() {
    sinceSnapshotStarted = null;
  }

  /**
   * Makes {@code snapshot} the view, with every change kept since {@link #snapshotStarting} applied again on top of
   * it.
   */
  public synchronized void install(Snapshot snapshot) {
    Contents installed = snapshot.contents;
    if (sinceSnapshotStarted != null) {
      sinceSnapshotStarted.forEach(change -> change.accept(installed));
    }
    contents = installed;
    sinceSnapshotStarted = null;
    snapshotStartedMillis = snapshot.startedMillis;
  }

  /** Forgets everything held: verdicts are empty until the next {@link #install}. */
  public synchronized void unload() {
    contents = null;
    sinceSnapshotStarted = null;
    snapshotStartedMillis = -1;
  }

  /** When the snapshot the view rests on started to be read; -1 while none is installed. */
  public synchronized long snapshotStartedMillis() {
    return snapshotStartedMillis;
  }

  /** Open live detections held. */
  public synchronized int openDetections() {
    return contents == null ? 0 : contents.open.values().stream().mapToInt(Map::size).sum();
  }

  /** Label rows held (in force or not). */
  public synchronized int labelRows() {
    return contents == null ? 0 : contents.labels.values().stream().mapToInt(Map::size).sum();
  }

  /**
   * What a snapshot read: rows of {@link StoredDetections#openLive} and of {@link StoredLabels#inForce(String, int)},
   * read from {@code startedMillis}, turned into the view's maps before it is installed (and without the lock). An
   * {@link IllegalArgumentException} for a row that is not one of theirs.
   */
  public static Snapshot snapshot(List<JsonObject> openLiveDetections, List<JsonObject> labelsInForce,
                                  long startedMillis) {
    Contents contents = new Contents();
    openLiveDetections.forEach(row -> contents.apply(DetectionState.of(row)));
    labelsInForce.forEach(row -> contents.apply(LabelState.of(row)));
    return new Snapshot(contents, startedMillis);
  }

  /** A snapshot read from ClickHouse, ready to {@link #install}. */
  public static final class Snapshot {
    private final Contents contents;
    private final long startedMillis;

    private Snapshot(Contents contents, long startedMillis) {
      this.contents = contents;
      this.startedMillis = startedMillis;
    }
  }

  private synchronized void record(Consumer<Contents> change) {
    if (contents != null) {
      change.accept(contents);
    }
    if (sinceSnapshotStarted != null) {
      sinceSnapshotStarted.add(change);
    }
  }

  private record Subject(String kind, String value) {
  }

  private static final Comparator<DetectionState> MOST_RECENT_FIRST = Comparator
    .comparingLong(DetectionState::updatedMs).reversed().thenComparing(DetectionState::id);

  /**
   * A detection's latest known state: while it is open and live, its row, answered in its JSON form only when a
   * verdict lists it (so a snapshot costs little to build); else null, all that is kept is when it changed.
   */
  private record DetectionState(String id, Subject subject, long updatedMs, JsonObject row) {

    static DetectionState of(JsonObject row) {
      String id = row.getString("id");
      if (id == null || row.getString("kind") == null || row.getString("value") == null) {
        throw new IllegalArgumentException("not a detection row: " + row.encode());
      }
      return new DetectionState(id, new Subject(row.getString("kind"), row.getString("value")),
        StoredValues.longOf(row, "updated_ms"), StoredDetections.openLive(row) ? row : null);
    }

    boolean openLive() {
      return row != null;
    }
  }

  /** A label's latest row. */
  private record LabelState(Subject subject, String name, long changedMs, JsonObject row) {

    static LabelState of(JsonObject row) {
      if (row.getString("kind") == null || row.getString("value") == null || row.getString("name") == null) {
        throw new IllegalArgumentException("not a label row: " + row.encode());
      }
      return new LabelState(new Subject(row.getString("kind"), row.getString("value")), row.getString("name"),
        StoredValues.longOf(row, "changed_ms"), row);
    }
  }

  /** The maps, by detection and by entity; only ever touched under the view's lock once installed. */
  private static final class Contents {
    private final Map<String, DetectionState> detections = new HashMap<>();
    private final Map<Subject, Map<String, DetectionState>> open = new HashMap<>();
    /** By entity, then by label name in order (as the stored rows are read). */
    private final Map<Subject, Map<String, LabelState>> labels = new HashMap<>();

    void apply(DetectionState state) {
      DetectionState held = detections.get(state.id());
      if (held != null && held.updatedMs() > state.updatedMs()) {
        return;
      }
      if (held != null && held.openLive()) {
        Map<String, DetectionState> ofSubject = open.get(held.subject());
        ofSubject.remove(held.id());
        if (ofSubject.isEmpty()) {
          open.remove(held.subject());
        }
      }
      detections.put(state.id(), state);
      if (state.openLive()) {
        open.computeIfAbsent(state.subject(), subject -> new HashMap<>()).put(state.id(), state);
      }
    }

    void apply(LabelState state) {
      Map<String, LabelState> ofSubject = labels.computeIfAbsent(state.subject(), subject -> new TreeMap<>());
      LabelState held = ofSubject.get(state.name());
      if (held == null || held.changedMs() <= state.changedMs()) {
        ofSubject.put(state.name(), state);
      }
    }
  }
}
