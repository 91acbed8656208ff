package io.tspipe.ipintel;

/** What a network's addresses serve. */
public enum NetworkKind {
  /** A consumer ISP's fixed lines: people at home. */
  RESIDENTIAL,
  /** A mobile carrier: people on phones, many behind carrier-grade NAT. */
  MOBILE,
  /** A hosting, cloud or data-centre network: machines. */
  HOSTING
}
