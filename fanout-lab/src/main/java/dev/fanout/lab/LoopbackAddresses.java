package dev.fanout.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * Arithmetic on IPv4 loopback addresses (127.0.0.0/8) for the lab's hosts, without any name resolution. Stateless and
 * thread-safe.
 */
final class LoopbackAddresses {
    private static final int LAST = (127 << 24) | 0x00FFFFFE;

    private LoopbackAddresses() {
    }

    /** Whether {@code text} is a dotted-quad IPv4 address inside 127.0.0.0/8. */
    static boolean isLoopback(String text) {
        return parse(text) >= 0;
    }

    /** The address as a (positive) int, or -1 if {@code text} is not a dotted-quad IPv4 address in 127.0.0.0/8. */
    static int parse(String text) {
        if (text == null) {
            return -1;
        }
        int value = 0;
        int octets = 0;
        int octet = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || octet > 255 || ++octets > 4) {
                    return -1;
                }
                value = (value << 8) | octet;
                octet = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                octet = octet * 10 + (c - '0');
                digits++;
            } else {
                return -1;
            }
        }
        return octets == 4 && (value >>> 24) == 127 ? value : -1;
    }

    static String format(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }

    /** Whether {@link #allocate} can give {@code count} addresses from {@code first}. */
    static boolean fits(String first, int count) {
        int address = parse(first);
        int found = 0;
        while (address >= 0 && address <= LAST && found < count) {
            int lastOctet = address & 0xFF;
            if (lastOctet != 0 && lastOctet != 255) {
                found++;
            }
            address++;
        }
        return found == count;
    }

    /**
     * {@code count} consecutive addresses from {@code first}, skipping those whose last octet is 0 or 255, or null if
     * they do not fit below 127.255.255.255.
     */
    static List<String> allocate(String first, int count) {
        int address = parse(first);
        if (address < 0) {
            throw new IllegalArgumentException("not an IPv4 address in 127.0.0.0/8: " + first);
        }
        List<String> addresses = new ArrayList<>(count);
        while (addresses.size() < count) {
            if (address > LAST) {
                return null;
            }
            int lastOctet = address & 0xFF;
            if (lastOctet != 0 && lastOctet != 255) {
                addresses.add(format(address));
            }
            address++;
        }
        return addresses;
    }
}
