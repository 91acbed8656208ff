-- IP intelligence of every event's source address, written by the worker from the IP intelligence database
-- (io.tspipe.ipintel): the address as ClickHouse's IPv6 type (IPv4 as ::ffff:a.b.c.d), its /24 (IPv4) or /48 (IPv6)
-- prefix, country, autonomous system and organisation, and whether that is a hosting network. source_ip keeps the text
-- exactly as sent.
-- Rows stored before this migration read source_addr from source_ip (as a DEFAULT, computed when read) and the rest as
-- unknown: '' and 0. Skip indexes for the pivots: bloom filters on asn, ip_prefix and source_addr (an address however
-- its text was written). A CIDR range on source_addr narrower than a /24 or /48 is read with its ip_prefix as well,
-- so the prefix index prunes it. They cover parts written after this migration; merges bring older parts in.
-- Every statement is idempotent and valid on clickhouse-server 25.x and on the chDB engine.

ALTER TABLE ${database}.events ADD COLUMN IF NOT EXISTS source_addr IPv6 DEFAULT toIPv6OrDefault(source_ip) AFTER source_ip;

ALTER TABLE ${database}.events ADD COLUMN IF NOT EXISTS ip_prefix String DEFAULT '' AFTER source_addr;

ALTER TABLE ${database}.events ADD COLUMN IF NOT EXISTS ip_country LowCardinality(String) DEFAULT '' AFTER ip_prefix;

ALTER TABLE ${database}.events ADD COLUMN IF NOT EXISTS asn UInt32 DEFAULT 0 AFTER ip_country;

ALTER TABLE ${database}.events ADD COLUMN IF NOT EXISTS as_org LowCardinality(String) DEFAULT '' AFTER asn;

ALTER TABLE ${database}.events ADD COLUMN IF NOT EXISTS ip_hosting Bool DEFAULT false AFTER as_org;

ALTER TABLE ${database}.events ADD INDEX IF NOT EXISTS idx_asn asn TYPE bloom_filter GRANULARITY 4;

ALTER TABLE ${database}.events ADD INDEX IF NOT EXISTS idx_ip_prefix ip_prefix TYPE bloom_filter GRANULARITY 4;

ALTER TABLE ${database}.events ADD INDEX IF NOT EXISTS idx_source_addr source_addr TYPE bloom_filter GRANULARITY 4;
