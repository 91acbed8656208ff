/**
 * The ClickHouse tables, one class each, beside the migrations of {@code clickhouse/} that create them (each class
 * names its own): the table's name, its columns in the order its writer encodes them, the RowBinary encoding of one
 * row ({@code append}, which writes to the {@link io.tspipe.sink.clickhouse.RowBinary} it is given and answers it;
 * {@code events} encodes a row as each event arrives and adds the batch's {@code ingested_at} when it is written),
 * and the select lists its readers share. Roles encode rows where they write them; what a role decides about a record
 * stays with the role.
 */
package io.tspipe.store;
