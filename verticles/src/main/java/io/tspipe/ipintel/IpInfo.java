package io.tspipe.ipintel;

/**
 * What the IP intelligence database says about one address.
 *
 * @param country ISO 3166-1 alpha-2 code of the country the address is registered in; empty when unknown
 * @param asn     the autonomous system announcing it; 0 when unknown
 * @param asOrg   that autonomous system's organisation; empty when unknown
 * @param hosting whether the autonomous system is a hosting, cloud or data-centre network (see {@link HostingNetworks})
 * @param prefix  the /24 (IPv4) or /48 (IPv6) holding the address, as {@link IpAddresses#prefix(String)}; empty when
 *                the text is not an address
 */
public record IpInfo(String country, long asn, String asOrg, boolean hosting, String prefix) {

  public static final IpInfo UNKNOWN = new IpInfo("", 0, "", false, "");

  public boolean known() {
    return asn != 0 || !country.isEmpty();
  }
}
