package io.datapipeline.rest.api;

import io.datapipeline.core.port.in.ListVectorBackupsUseCase;
import io.datapipeline.core.vector.BackupLocation;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.types.files.SystemFile;
import java.io.File;
import java.util.Optional;

/**
 * Downloads of backup-set files: streamed from disk with {@code Content-Length}, and for a data file the manifest's
 * SHA-256 in {@code X-Content-SHA256}, so a client can check what it received.
 */
final class BackupDownloads {

    static final String SHA_HEADER = "X-Content-SHA256";

    private BackupDownloads() {
    }

    static Optional<MutableHttpResponse<SystemFile>> find(ListVectorBackupsUseCase list, BackupLocation location,
            String fileName) {
        return list.file(location, fileName).map(f -> {
            MutableHttpResponse<SystemFile> r = HttpResponse.ok(new SystemFile(new File(f.path())).attach(f.name()));
            if (f.sha256() != null) {
                r.header(SHA_HEADER, f.sha256());
            }
            return r;
        });
    }

    static MutableHttpResponse<SystemFile> send(ListVectorBackupsUseCase list, BackupLocation location,
            String fileName) {
        return find(list, location, fileName).orElseThrow(() -> new io.datapipeline.core.domain.NotFoundException(
                "no file " + fileName + " in the backup sets of " + location));
    }
}
