package io.tspipe.bench.streams;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The rule {@code ip_login_failures} of {@code rules/login_abuse.yaml} as a Kafka Streams topology, for the spike that
 * compares Streams with the ClickHouse detector: the logins of {@code account-activity}, re-keyed by address (a
 * repartition topic: the records are keyed by user), counted in hopping windows of 2 min advancing by 1 s, by event
 * time, in a window store with its changelog topic. The windows {@code [t - 2 min, t)} for every whole second
 * {@code t} are the detector's windows at its ticks of 1 s. A window emits a {@link SpikeDetection} on the login at
 * which the condition first holds in it; the store's cache is off, so that update is forwarded as it happens, and
 * every update reaches the changelog.
 */
public final class IpLoginFailures {

  static final Duration WINDOW = Duration.ofMinutes(2);
  static final Duration ADVANCE = Duration.ofSeconds(1);
  static final String STORE = "ip-login-counts";
  static final String BY_IP = "logins-by-ip";

  private IpLoginFailures() {
  }

  /** The window store's changelog topic, as Streams names it for {@code applicationId}. */
  public static String changelogTopic(String applicationId) {
    return applicationId + "-" + STORE + "-changelog";
  }

  /** The topic the logins are re-keyed by address through, as Streams names it for {@code applicationId}. */
  public static String repartitionTopic(String applicationId) {
    return applicationId + "-" + BY_IP + "-repartition";
  }

  /**
   * Reads {@code input}, writes detections to {@code output}; {@code clock} stamps each detection's
   * {@code emittedAtMs}. A login later than {@code grace} (by event time, behind the newest login its task has seen)
   * no longer counts in the windows that ended before. The records read and re-keyed are counted in
   * {@code progress}.
   */
  public static Topology topology(String input, String output, Duration grace, LongSupplier clock,
                                  TopologyProgress progress) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(input, Consumed.with(Serdes.String(), LoginAttempt.FROM_EVENT)
        .withTimestampExtractor(new EventTime()))
      .peek((user, login) -> progress.read().increment())
      .filter((user, login) -> login != null)
      .selectKey((user, login) -> login.ip())
      .repartition(Repartitioned.with(Serdes.String(), LoginAttempt.SERDE).withName(BY_IP))
      .peek((ip, login) -> progress.rekeyed().increment())
      .groupByKey(Grouped.with(Serdes.String(), LoginAttempt.SERDE))
      .windowedBy(TimeWindows.ofSizeAndGrace(WINDOW, grace).advanceBy(ADVANCE))
      .aggregate(() -> LoginCounts.NONE, (ip, login, counts) -> counts.add(login),
        Materialized.<String, LoginCounts, WindowStore<Bytes, byte[]>>as(STORE)
          .withKeySerde(Serdes.String()).withValueSerde(LoginCounts.SERDE).withCachingDisabled())
      .toStream()
      .filter((window, counts) -> counts.firstHeldNow())
      .map((window, counts) -> KeyValue.pair(window.key(), detection(window, counts, clock).toJson().encode()))
      .to(output, Produced.with(Serdes.String(), Serdes.String()));
    return builder.build();
  }

  private static SpikeDetection detection(Windowed<String> window, LoginCounts counts, LongSupplier clock) {
    return new SpikeDetection(window.key(), window.window().start(), window.window().end(), counts.attempts(),
      counts.failures(), counts.lastEventMs(), clock.getAsLong());
  }

  /**
   * A login's own {@code timestamp}. A record that is no login (dropped next) keeps its Kafka timestamp, the time the
   * generator sent it.
   */
  static final class EventTime implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
      return record.value() instanceof LoginAttempt login ? login.timestampMs() : record.timestamp();
    }
  }
}
