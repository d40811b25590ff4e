package bridgepoint.common;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where CSV uploads wait for their import: {@code <java.io.tmpdir>/bridgepoint-uploads/<pid>}, one folder per
 * process, since instances may share a machine. A process killed in the middle of an import leaves its files: at start,
 * the folders of processes that are gone, and this process's own (a process of the same id before it), are removed.
 */
final class UploadFolder {

    private static final Logger LOG = Logger.getLogger(UploadFolder.class);

    private UploadFolder() {}

    /** This process's folder, empty. */
    static Path prepare() {
        Path all = Path.of(System.getProperty("java.io.tmpdir"), "bridgepoint-uploads");
        long self = ProcessHandle.current().pid();
        try {
            Files.createDirectories(all);
            List<Path> folders;
            try (Stream<Path> list = Files.list(all)) {
                folders = list.toList();
            }
            for (Path folder : folders) {
                if (!alive(folder.getFileName().toString(), self)) {
                    removeQuietly(folder);
                }
            }
            return Files.createDirectories(all.resolve(Long.toString(self)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the folder of uploads in " + all, e);
        }
    }

    /** Whether the folder named so belongs to another process that still runs. */
    private static boolean alive(String name, long self) {
        try {
            long pid = Long.parseLong(name);
            return pid != self
                    && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void removeQuietly(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            int left = 0;
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                left += Files.isDirectory(p) ? 0 : 1;
                Files.deleteIfExists(p);
            }
            if (left > 0) {
                LOG.infof("Removed %d upload(s) left in %s by a process that is gone", left, folder);
            }
        } catch (IOException e) {
            LOG.warnf("Could not remove the uploads left in %s: %s", folder, e.getMessage());
        }
    }
}
