package io.tspipe.web;

import io.tspipe.bus.Addresses;
import io.tspipe.testing.TestPipeline;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.tspipe.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SSE feed of the real web role under many subscribers, and with a subscriber that stops reading. */
class SseFanOutIT {

  private static final int SUBSCRIBERS = 2_000;
  private static final int MEASURED_SECONDS = 10;

  @Test
  @DisplayName("2,000 concurrent subscribers each receive every tick, with p99 delay under 1 s")
  void fansOutToTwoThousandSubscribers() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-fanout")) {
      URI base = URI.create(pipeline.deployWeb());
      Vertx clients = Vertx.vertx();
      try {
        HttpClient http = clients.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost())
          .setDefaultPort(base.getPort()), new PoolOptions().setHttp1MaxSize(SUBSCRIBERS));
        List<Subscriber> subscribers = new ArrayList<>();
        List<Future<?>> connected = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
          Subscriber subscriber = new Subscriber();
          subscribers.add(subscriber);
          connected.add(http.request(HttpMethod.GET, "/api/v1/stream/metrics")
            .compose(request -> request.send())
            .onSuccess(response -> response.handler(subscriber::receive)));
        }
        Future.all(connected).await(60, TimeUnit.SECONDS);
        long start = System.currentTimeMillis() + 1_500;
        long end = start + MEASURED_SECONDS * 1_000L;
        // each stream is in order: a tick stamped past the measured seconds means every tick in them has arrived;
        // looked for once a second, to take little from the role being measured
        eventually(Duration.ofMillis(end - System.currentTimeMillis() + 30_000), Duration.ofSeconds(1), () -> {
          long waiting = subscribers.stream().filter(subscriber -> !subscriber.receivedFrom(end)).count();
          assertEquals(0, waiting, "subscribers with no tick past the measured seconds yet");
        });

        Set<String> ticks = new java.util.TreeSet<>();
        List<Long> delays = new ArrayList<>();
        for (Subscriber subscriber : subscribers) {
          subscriber.received.forEach((at, delay) -> {
            long atMillis = Instant.parse(at).toEpochMilli();
            if (atMillis >= start && atMillis < end) {
              ticks.add(at);
              delays.add(delay);
            }
          });
        }
        assertTrue(ticks.size() >= MEASURED_SECONDS - 1, "ticks in " + MEASURED_SECONDS + " s: " + ticks.size());
        for (Subscriber subscriber : subscribers) {
          assertTrue(subscriber.received.keySet().containsAll(ticks), "a subscriber missed a tick");
        }
        assertEquals((long) ticks.size() * SUBSCRIBERS, delays.size());
        Collections.sort(delays);
        long p50 = delays.get(delays.size() / 2);
        long p99 = delays.get((int) Math.ceil(delays.size() * 0.99) - 1);
        System.out.printf("[%s] %,d subscribers, %d ticks each, delay tick → received p50 %d ms, p99 %d ms, max %d ms%n",
          pipeline.name(), SUBSCRIBERS, ticks.size(), p50, p99, delays.get(delays.size() - 1));
        assertTrue(p99 < 1_000, "p99 delay " + p99 + " ms");
      } finally {
        clients.close().await(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @DisplayName("a subscriber that stops reading is dropped, while one that reads gets every tick")
  void dropsASlowSubscriber() throws Exception {
    try (TestPipeline pipeline = TestPipeline.create("web-slow")) {
      URI base = URI.create(pipeline.deployWeb());
      try (Socket slow = new Socket(); Socket reader = new Socket()) {
        slow.setReceiveBufferSize(4096);
        slow.connect(new InetSocketAddress(base.getHost(), base.getPort()));
        reader.connect(new InetSocketAddress(base.getHost(), base.getPort()));
        subscribe(slow);
        subscribe(reader);
        CountingReader counting = new CountingReader(reader.getInputStream());
        counting.start();
        // the feed writes its retry interval to a subscriber as soon as it has taken it in
        slow.setSoTimeout(30_000);
        assertTrue(slow.getInputStream().read(new byte[256]) > 0, "the slow subscriber's answer begins");
        assertTrue(counting.awaitFirstBytes(Duration.ofSeconds(30)), "the reading subscriber's answer begins");

        String filler = "x".repeat(64 * 1024);
        int floods = 200;
        for (int i = 0; i < floods; i++) {
          pipeline.vertx().eventBus().publish(Addresses.LIVE_METRICS_TICK, new JsonObject().put("flood", i).put("filler", filler));
        }
        long flooded = (long) floods * filler.length();
        // the whole flood went out: the reading subscriber has every tick of it, so the slow one's queue overflowed
        eventually(Duration.ofSeconds(30), Duration.ofMillis(100),
          () -> assertEquals(floods, counting.floods(), "the reading subscriber got every tick"));

        long readBySlow = 0;
        boolean ended = false;
        slow.setSoTimeout(10_000);
        InputStream in = slow.getInputStream();
        byte[] chunk = new byte[65536];
        try {
          for (int n; (n = in.read(chunk)) >= 0; ) {
            readBySlow += n;
          }
          ended = true;
        } catch (SocketException reset) {
          ended = true;
        }
        System.out.printf("[%s] the slow subscriber was cut off after %,d of %,d bytes%n", pipeline.name(), readBySlow,
          flooded);
        assertTrue(ended, "the slow subscriber's connection was closed");
        assertTrue(readBySlow < flooded, "the slow subscriber did not get everything queued for it");
        assertEquals(floods, counting.floods(), "the reading subscriber got every tick");
      }
    }
  }

  private static void subscribe(Socket socket) throws Exception {
    OutputStream out = socket.getOutputStream();
    out.write(("GET /api/v1/stream/metrics HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
      .getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Collects the ticks of one SSE stream, with the delay from each tick's {@code at} to its arrival. */
  private static final class Subscriber {
    final ConcurrentHashMap<String, Long> received = new ConcurrentHashMap<>();
    private final StringBuilder pending = new StringBuilder();

    boolean receivedFrom(long atMillis) {
      return received.keySet().stream().anyMatch(at -> Instant.parse(at).toEpochMilli() >= atMillis);
    }

    void receive(Buffer chunk) {
      long now = System.currentTimeMillis();
      pending.append(chunk.toString(StandardCharsets.UTF_8));
      int end;
      while ((end = pending.indexOf("\n\n")) >= 0) {
        String event = pending.substring(0, end);
        pending.delete(0, end + 2);
        if (event.startsWith("data: ")) {
          String at = new JsonObject(event.substring("data: ".length())).getString("at");
          received.putIfAbsent(at, now - Instant.parse(at).toEpochMilli());
        }
      }
    }
  }

  /** Reads a raw stream to its end, counting the flood ticks in it. */
  private static final class CountingReader extends Thread {
    private final InputStream in;
    private final StringBuilder text = new StringBuilder();
    private final CountDownLatch firstBytes = new CountDownLatch(1);
    private volatile int floods;

    CountingReader(InputStream in) {
      super("sse-counting-reader");
      this.in = in;
      setDaemon(true);
    }

    int floods() {
      return floods;
    }

    boolean awaitFirstBytes(Duration timeout) throws InterruptedException {
      return firstBytes.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
      byte[] chunk = new byte[65536];
      try {
        for (int n; (n = in.read(chunk)) >= 0; ) {
          firstBytes.countDown();
          text.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
          int index;
          while ((index = text.indexOf("\"flood\":")) >= 0) {
            floods++;
            text.delete(0, index + 8);
          }
          if (text.length() > 1_000_000) {
            text.delete(0, text.length() - 100);
          }
        }
      } catch (Exception closed) {
        // the test ends the socket
      }
    }
  }
}
