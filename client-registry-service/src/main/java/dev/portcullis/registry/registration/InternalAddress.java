package dev.portcullis.registry.registration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises a host written as an internal address (loopback, private, link-local, any-local,
 * unique-local IPv6) or {@code localhost}, so a registered {@code jwks_uri} cannot make this
 * service request internal endpoints (server-side request forgery). Only literals are checked:
 * no DNS lookup happens here.
 */
final class InternalAddress {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private InternalAddress() {
    }

    static boolean isLiteral(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        boolean ipv6 = h.startsWith("[") && h.endsWith("]");
        if (!ipv6 && !IPV4.matcher(h).matches()) {
            return false;
        }
        try {
            InetAddress a = InetAddress.getByName(ipv6 ? h.substring(1, h.length() - 1) : h);
            boolean uniqueLocalV6 = a.getAddress().length == 16 && (a.getAddress()[0] & 0xfe) == 0xfc;
            return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
                    || a.isAnyLocalAddress() || uniqueLocalV6;
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
