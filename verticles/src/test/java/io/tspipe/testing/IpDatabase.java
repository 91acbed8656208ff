package io.tspipe.testing;

import io.tspipe.ipintel.IpIntelligence;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The IP intelligence database {@code tools/fetch-engines} installs into {@code <engines dir>/ipdb}, found through the
 * {@code tspipe.engines.dir} system property the build sets, as {@link LocalEngines} finds the engines.
 */
public final class IpDatabase {

  private IpDatabase() {
  }

  public static Path dir() {
    String engines = System.getProperty("tspipe.engines.dir");
    if (engines == null || engines.isBlank()) {
      throw new IllegalStateException("system property tspipe.engines.dir is not set: run the tests through Maven, "
        + "or pass -Dtspipe.engines.dir=<engines dir>");
    }
    Path dir = Path.of(engines, "ipdb");
    if (!Files.isRegularFile(dir.resolve(IpIntelligence.ASN_IPV4))) {
      throw new IllegalStateException("no IP intelligence database in " + dir + ": run tools/fetch-engines "
        + "(TSPIPE_ENGINES_DIR=<engines dir>) to install it");
    }
    return dir;
  }

  public static IpIntelligence load() {
    return IpIntelligence.load(dir());
  }
}
