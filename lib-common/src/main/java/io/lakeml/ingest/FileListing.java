package io.lakeml.ingest;

import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One file of a micro-batch as the streaming file source listed it.
 *
 * @param path the file's URI
 * @param modifiedAt its modification time when listed
 * @param length its size in bytes when listed
 */
record FileListing(String path, Timestamp modifiedAt, long length) {
  /** The schema of Spark's {@code binaryFile} source, whose content lakeml never reads. */
  static final StructType SCHEMA =
      new StructType()
          .add("path", DataTypes.StringType)
          .add("modificationTime", DataTypes.TimestampType)
          .add("length", DataTypes.LongType)
          .add("content", DataTypes.BinaryType);

  /** The files of a batch, from rows of {@code path, modificationTime, length}. */
  static List<FileListing> of(List<Row> rows) {
    return rows.stream()
        .map(row -> new FileListing(row.getString(0), row.getTimestamp(1), row.getLong(2)))
        .toList();
  }
}
