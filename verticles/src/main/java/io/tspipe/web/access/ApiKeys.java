package io.tspipe.web.access;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The API keys of other teams' services, {@code web.apiKeys} as {@code name:key,name:key}, and the browser sessions
 * they open. A service sends its key as {@code X-API-Key}; a browser, whose {@code EventSource} cannot send
 * headers, trades a key once for a session cookie: {@code name.expiresEpochSecond.signature}, signed with HMAC-SHA256
 * under a secret derived from all configured keys, so every web process with the same keys accepts it, and changing
 * the keys ends every session. Keys are compared in constant time. No keys configured means the API is open, as on a developer's machine. Pure: no I/O.
 */
public final class ApiKeys {

  public static final String HEADER = "X-API-Key";
  public static final String COOKIE = "tspipe_session";

  private final Map<String, byte[]> keysByName;
  private final byte[] secret;

  private ApiKeys(Map<String, byte[]> keysByName, byte[] secret) {
    this.keysByName = keysByName;
    this.secret = secret;
  }

  /** Reads {@code name:key,name:key}; a malformed entry, an empty name or key, or a key under 16 characters fails. */
  public static ApiKeys parse(String configured) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    for (String entry : configured.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int colon = trimmed.indexOf(':');
      if (colon <= 0 || colon == trimmed.length() - 1) {
        throw new IllegalArgumentException("config key web.apiKeys: expected name:key entries separated by commas");
      }
      String name = trimmed.substring(0, colon);
      String key = trimmed.substring(colon + 1);
      if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new IllegalArgumentException("config key web.apiKeys: name '" + name + "' must be 1-64 letters, digits, - or _");
      }
      if (key.length() < 16) {
        throw new IllegalArgumentException("config key web.apiKeys: the key of " + name + " is shorter than 16 characters");
      }
      if (keys.put(name, key.getBytes(StandardCharsets.UTF_8)) != null) {
        throw new IllegalArgumentException("config key web.apiKeys: " + name + " appears twice");
      }
    }
    return new ApiKeys(keys, secretOf(keys));
  }

  private static byte[] secretOf(Map<String, byte[]> keys) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update("tspipe session v1".getBytes(StandardCharsets.UTF_8));
      keys.forEach((name, key) -> {
        digest.update((byte) 0);
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(key);
      });
      return digest.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Whether the API asks for a key at all. */
  public boolean required() {
    return !keysByName.isEmpty();
  }

  /** The name of the client whose key {@code presented} is, if it is one. */
  public Optional<String> clientOf(String presented) {
    if (presented == null) {
      return Optional.empty();
    }
    byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
    String match = null;
    for (Map.Entry<String, byte[]> entry : keysByName.entrySet()) {
      if (MessageDigest.isEqual(entry.getValue(), bytes)) {
        match = entry.getKey();
      }
    }
    return Optional.ofNullable(match);
  }

  /** A session cookie value for {@code client}, valid until {@code expiresEpochSecond}. */
  public String session(String client, long expiresEpochSecond) {
    String payload = client + "." + expiresEpochSecond;
    return payload + "." + sign(payload);
  }

  /** The client a session cookie value was issued to, if it is genuine and not expired at {@code nowEpochSecond}. */
  public Optional<String> clientOfSession(String cookie, long nowEpochSecond) {
    if (cookie == null) {
      return Optional.empty();
    }
    int last = cookie.lastIndexOf('.');
    int first = cookie.indexOf('.');
    if (first <= 0 || last <= first) {
      return Optional.empty();
    }
    String payload = cookie.substring(0, last);
    byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, cookie.substring(last + 1).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    long expires;
    try {
      expires = Long.parseLong(cookie.substring(first + 1, last));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    String client = cookie.substring(0, first);
    return expires > nowEpochSecond && keysByName.containsKey(client) ? Optional.of(client) : Optional.empty();
  }

  private String sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
