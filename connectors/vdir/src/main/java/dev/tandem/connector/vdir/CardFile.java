package dev.tandem.connector.vdir;

import dev.tandem.core.model.Record;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * What Tandem knows of one {@code .vcf} file: its stamp (modification time, size and inode) and
 * either the record read from it or why it could not be read. A file whose stamp is unchanged is
 * not read again.
 */
record CardFile(Stamp stamp, Record record, String problem) {

  /** The attributes that change whenever the file's content does. */
  record Stamp(long modifiedNanos, long size, String fileKey) {
    static Stamp of(BasicFileAttributes attrs) {
      long nanos =
          attrs.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L
              + attrs.lastModifiedTime().toInstant().getNano();
      return new Stamp(nanos, attrs.size(), String.valueOf(attrs.fileKey()));
    }

    boolean sameAs(Stamp other) {
      return other != null
          && modifiedNanos == other.modifiedNanos
          && size == other.size
          && Objects.equals(fileKey, other.fileKey);
    }
  }
}
