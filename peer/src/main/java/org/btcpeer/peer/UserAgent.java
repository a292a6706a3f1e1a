package org.btcpeer.peer;

import java.util.List;
import java.util.Objects;

import org.btcpeer.wire.message.VersionMessage;

/**
 * A BIP-14 user agent: {@code /Name:Version(comment; comment)/}, optionally prefixed by the agents
 * this one is built on ({@code /btcpeer:0.1.0/MyWallet:2.0/}).
 *
 * <p>Names and versions may not contain the separators {@code / : ( ) ;}; comments may not contain
 * {@code / ( ) ;} (BIP-14 reserves them, btcd forbids them in comments). The whole string is at
 * most 256 bytes ({@code MAX_SUBVERSION_LENGTH}).
 */
public final class UserAgent {

    /** This library's own agent, which applications extend. */
    public static final String LIBRARY_NAME = "btcpeer";
    /** This library's version. */
    public static final String LIBRARY_VERSION = "0.1.0";

    private UserAgent() {
    }

    /**
     * Builds {@code /btcpeer:0.1.0/name:version(comments)/}.
     *
     * @param name     the application's name
     * @param version  the application's version
     * @param comments optional comments
     * @return the user agent
     * @throws IllegalArgumentException if a part contains a reserved character or the result exceeds 256 bytes
     */
    public static String of(String name, String version, List<String> comments) {
        return validate(library() + part(name, version, comments).substring(1));
    }

    /** The library's agent alone: {@code /btcpeer:0.1.0/}. */
    public static String library() {
        return part(LIBRARY_NAME, LIBRARY_VERSION, List.of());
    }

    private static String part(String name, String version, List<String> comments) {
        checkToken(name, "name", "/:();");
        checkToken(version, "version", "/:();");
        StringBuilder sb = new StringBuilder("/").append(name).append(':').append(version);
        if (!comments.isEmpty()) {
            sb.append('(');
            for (int i = 0; i < comments.size(); i++) {
                checkToken(comments.get(i), "comment", "/();");
                sb.append(i == 0 ? "" : "; ").append(comments.get(i));
            }
            sb.append(')');
        }
        return sb.append('/').toString();
    }

    private static void checkToken(String s, String what, String forbidden) {
        Objects.requireNonNull(s, what);
        if (s.isEmpty() && !what.equals("comment")) {
            throw new IllegalArgumentException("BIP-14 " + what + " must not be empty");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (forbidden.indexOf(c) >= 0 || c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("BIP-14 " + what + " '" + s + "' contains reserved or non-printable character '" + c + "'");
            }
        }
    }

    /**
     * Checks a complete user agent: starts and ends with {@code /}, printable ASCII, at most 256 bytes.
     *
     * @param userAgent the agent
     * @return the agent
     * @throws IllegalArgumentException if invalid
     */
    public static String validate(String userAgent) {
        if (userAgent.length() > VersionMessage.MAX_USER_AGENT_LENGTH) {
            throw new IllegalArgumentException("user agent longer than " + VersionMessage.MAX_USER_AGENT_LENGTH + " bytes");
        }
        if (userAgent.length() < 2 || userAgent.charAt(0) != '/' || userAgent.charAt(userAgent.length() - 1) != '/') {
            throw new IllegalArgumentException("BIP-14 user agent must look like /name:version/: " + userAgent);
        }
        for (int i = 0; i < userAgent.length(); i++) {
            char c = userAgent.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("user agent must be printable ASCII: " + userAgent);
            }
        }
        return userAgent;
    }
}
