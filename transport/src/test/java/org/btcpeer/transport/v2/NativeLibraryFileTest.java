package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extraction of the bundled library: private directory, checksum in the name, verified reuse, no race. */
class NativeLibraryFileTest {

    @TempDir
    Path tmp;

    private static String resource() {
        return NativeLibraryFile.resourceName().orElseThrow();
    }

    private static byte[] resourceBytes() throws Exception {
        try (InputStream in = NativeLibraryFileTest.class.getClassLoader().getResourceAsStream(resource())) {
            return in.readAllBytes();
        }
    }

    @Test
    void thisPlatformHasABundledLibrary() {
        String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
        assertEquals("fr/acinq/secp256k1/jni/native/linux-" + arch + "/libsecp256k1-jni.so", resource());
    }

    @Test
    void extractsIntoAnOwnerOnlyDirectoryUnderAChecksumName() throws Exception {
        Path file = NativeLibraryFile.extract(resource(), tmp);
        Path dir = file.getParent();
        assertEquals(tmp.resolve("btcpeer-native-" + System.getProperty("user.name")), dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertTrue(file.getFileName().toString().matches("libsecp256k1-jni-[0-9a-f]{16}\\.so"), file.toString());
        assertArrayEquals(resourceBytes(), Files.readAllBytes(file));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void aVerifiedCopyIsReusedAndATamperedOneReplaced() throws Exception {
        Path file = NativeLibraryFile.extract(resource(), tmp);
        assertEquals(file, NativeLibraryFile.extract(resource(), tmp));
        Files.write(file, new byte[] {0x7f, 'E', 'L', 'F'});
        assertEquals(file, NativeLibraryFile.extract(resource(), tmp));
        assertArrayEquals(resourceBytes(), Files.readAllBytes(file), "the tampered copy was replaced");
    }

    @Test
    void aDirectoryOthersCanWriteIsRefused() throws Exception {
        Path dir = tmp.resolve("btcpeer-native-" + System.getProperty("user.name"));
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> NativeLibraryFile.extract(resource(), tmp));
        assertTrue(e.getMessage().contains("rwxrwxrwx"), e.getMessage());
    }

    @Test
    void aSymbolicLinkInPlaceOfTheDirectoryIsRefused() throws Exception {
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(tmp.resolve("btcpeer-native-" + System.getProperty("user.name")), elsewhere);
        assertThrows(UncheckedIOException.class, () -> NativeLibraryFile.extract(resource(), tmp));
    }

    @Test
    void concurrentExtractionsAgree() throws Exception {
        byte[] expected = resourceBytes();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Callable<Path> extract = () -> NativeLibraryFile.extract(resource(), tmp);
                results.add(pool.submit(extract));
            }
            HashSet<Path> paths = new HashSet<>();
            for (Future<Path> f : results) {
                paths.add(f.get());
            }
            assertEquals(1, paths.size());
            assertArrayEquals(expected, Files.readAllBytes(paths.iterator().next()));
        }
    }

    @Test
    void aMissingResourceSaysWhatToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NativeLibraryFile.extract(NativeLibraryFile.RESOURCE_ROOT + "plan9-mips/libsecp256k1-jni.so", tmp));
        assertTrue(e.getMessage().contains(KeyExchangeConfig.LIBRARY_PROPERTY), e.getMessage());
    }
}
