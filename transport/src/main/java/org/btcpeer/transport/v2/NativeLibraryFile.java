package org.btcpeer.transport.v2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import org.btcpeer.wire.Sha256;

/**
 * Finds the libsecp256k1 shared library as a file {@code dlopen} can read: the bundled copy in
 * ACINQ's {@code secp256k1-kmp-jni-jvm-<platform>} jar ({@code fr/acinq/secp256k1/jni/native/<os>-<arch>/})
 * is extracted once per user and content.
 *
 * <p>Extraction is safe against other users and other processes: the directory is
 * {@code <java.io.tmpdir>/btcpeer-native-<user>} with owner-only permissions (checked to be ours and
 * not a symbolic link), the file name carries the SHA-256 of the bytes, a new copy is written to a
 * private temporary file and atomically renamed into place (two processes racing produce the same
 * bytes, the last rename wins harmlessly), and an existing file is loaded only after its checksum
 * matches the resource again.
 */
final class NativeLibraryFile {

    /** Where ACINQ's jars keep the library, followed by {@code <os>-<arch>/}. */
    static final String RESOURCE_ROOT = "fr/acinq/secp256k1/jni/native/";

    private NativeLibraryFile() {
    }

    /**
     * The classpath resource of the bundled library for this platform, named as ACINQ's jars name it.
     *
     * @return e.g. {@code fr/acinq/secp256k1/jni/native/linux-x86_64/libsecp256k1-jni.so}, or empty
     *     for an operating system or architecture no jar covers
     */
    static Optional<String> resourceName() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osDir = os.startsWith("linux") ? "linux" : os.startsWith("mac") || os.startsWith("darwin") ? "darwin"
                : os.startsWith("windows") ? "mingw" : null;
        String archDir = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        if (osDir == null || archDir == null) {
            return Optional.empty();
        }
        return Optional.of(RESOURCE_ROOT + osDir + "-" + archDir + "/" + System.mapLibraryName("secp256k1-jni"));
    }

    /**
     * The bundled library extracted (or found already extracted and verified) under {@code tmpRoot}.
     *
     * @param resource the classpath resource
     * @param tmpRoot  the temporary directory, normally {@code java.io.tmpdir}
     * @return the verified file
     * @throws IllegalStateException if the resource is absent
     * @throws UncheckedIOException  if the directory is unsafe or a file operation fails
     */
    static Path extract(String resource, Path tmpRoot) {
        byte[] bytes = readResource(resource);
        String sha = HexFormat.of().formatHex(Sha256.newDigest().digest(bytes));
        try {
            Path dir = privateDirectory(tmpRoot.resolve("btcpeer-native-" + safeUserName()));
            String fileName = resource.substring(resource.lastIndexOf('/') + 1);
            int dot = fileName.lastIndexOf('.');
            Path target = dir.resolve(fileName.substring(0, dot) + "-" + sha.substring(0, 16) + fileName.substring(dot));
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) && sha.equals(sha256(target))) {
                return target;
            }
            Path temp = Files.createTempFile(dir, "extract-", ".tmp");
            try {
                Files.write(temp, bytes);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            if (!sha.equals(sha256(target))) {
                throw new IOException("checksum mismatch after extracting " + target);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource + " under " + tmpRoot + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readResource(String resource) {
        try (InputStream in = NativeLibraryFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the classpath (add fr.acinq.secp256k1:"
                        + "secp256k1-kmp-jni-jvm-<platform> or set " + KeyExchangeConfig.LIBRARY_PROPERTY + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Creates {@code dir} owner-only, or checks that an existing one is a real directory we own and nobody else can write. */
    private static Path privateDirectory(Path dir) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (posix) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // checked below
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory");
        }
        if (posix) {
            String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
            String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS));
            if (!owner.equals(System.getProperty("user.name")) || !perms.endsWith("------")) {
                throw new IOException(dir + " is owned by " + owner + " with permissions " + perms + "; expected ours, rwx------");
            }
        }
        return dir;
    }

    private static String safeUserName() {
        return System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha = Sha256.newDigest();
        return HexFormat.of().formatHex(sha.digest(Files.readAllBytes(file)));
    }
}
