package io.tspipe.generator;

import java.util.List;

/** The fixed vocabularies traffic is drawn from: email templates, API paths and user agents. */
public final class Pools {

  public static final List<String> EMAIL_TEMPLATES = List.of(
    "welcome_v3", "password_reset_v2", "login_alert_v4", "two_factor_code_v1", "weekly_digest_v7");

  /** HTTP methods of API requests, as often as real clients use them. */
  static final Weighted<String> METHODS = Weighted.<String>builder()
    .add("GET", 60).add("POST", 20).add("PUT", 8).add("PATCH", 7).add("DELETE", 5).build();

  public static final List<String> API_PATHS = List.of(
    "/api/v1/auth/login", "/api/v1/users/me", "/api/v1/orders", "/api/v1/products",
    "/api/v1/search", "/api/v1/payments", "/api/v1/messages");

  /** Browsers and the mobile app: the devices users really have. */
  public static final List<String> DEVICE_AGENTS = List.of(
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.113 Mobile Safari/537.36",
    "TSPipeApp/4.12.0 (iPhone15,3; iOS 17.4.1; Scale/3.00)",
    "TSPipeApp/4.11.2 (Android 14; SM-S918B)",
    "okhttp/4.12.0");

  /** Scripts and bots: rare in normal traffic, common in an attack. */
  public static final List<String> BOT_AGENTS = List.of(
    "curl/8.5.0", "curl/7.81.0", "python-requests/2.31.0", "python-requests/2.28.1",
    "Go-http-client/1.1", "python-urllib3/2.2.1", "Wget/1.21.4");

  private Pools() {
  }
}
