package io.tspipe.detection;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a rule is keyed by, and so what a detection or a label is about. */
public enum EntityKind {
  IP, USER, EMAIL, ASN, PREFIX, STREAM;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EntityKind> fromWireName(String name) {
    return Arrays.stream(values()).filter(kind -> kind.wireName().equals(name)).findFirst();
  }

  public static String allowedValues() {
    return Arrays.stream(values()).map(EntityKind::wireName).collect(Collectors.joining(", "));
  }
}
