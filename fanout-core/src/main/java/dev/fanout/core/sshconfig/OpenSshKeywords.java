package dev.fanout.core.sshconfig;

import dev.fanout.core.text.Suggestions;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keywords of OpenSSH's client configuration (ssh_config(5) of OpenSSH 9.x, plus the older and vendor names ssh
 * still accepts), in lower case: fanout skips those it does not use without a word, and warns about any other word.
 * Stateless and thread-safe.
 */
final class OpenSshKeywords {
    private static final Set<String> CURRENT = Set.of("addkeystoagent", "addressfamily", "batchmode", "bindaddress",
            "bindinterface", "canonicaldomains", "canonicalizefallbacklocal", "canonicalizehostname",
            "canonicalizemaxdots", "canonicalizepermittedcnames", "casignaturealgorithms", "certificatefile",
            "channeltimeout", "checkhostip", "ciphers", "clearallforwardings", "compression", "connectionattempts",
            "connecttimeout", "controlmaster", "controlpath", "controlpersist", "dynamicforward",
            "enableescapecommandline", "enablesshkeysign", "escapechar", "exitonforwardfailure", "fingerprinthash",
            "forkafterauthentication", "forwardagent", "forwardx11", "forwardx11timeout", "forwardx11trusted",
            "gatewayports", "globalknownhostsfile", "gssapiauthentication", "gssapiclientidentity",
            "gssapidelegatecredentials", "gssapikexalgorithms", "gssapikeyexchange", "gssapirenewalforcesrekey",
            "gssapiserveridentity", "gssapitrustdns", "hashknownhosts", "host", "hostbasedacceptedalgorithms",
            "hostbasedauthentication", "hostkeyalgorithms", "hostkeyalias", "hostname", "identitiesonly",
            "identityagent", "identityfile", "ignoreunknown", "include", "ipqos", "kbdinteractiveauthentication",
            "kbdinteractivedevices", "kexalgorithms", "knownhostscommand", "localcommand", "localforward",
            "loglevel", "logverbose", "macs", "match", "nohostauthenticationforlocalhost",
            "numberofpasswordprompts", "obscurekeystroketiming", "passwordauthentication", "permitlocalcommand",
            "permitremoteopen", "pkcs11provider", "port", "preferredauthentications", "proxycommand", "proxyjump",
            "proxyusefdpass", "pubkeyacceptedalgorithms", "pubkeyauthentication", "refuseconnection",
            "rekeylimit", "remotecommand", "remoteforward", "requesttty", "requiredrsasize", "revokedhostkeys",
            "securitykeyprovider", "sendenv", "serveralivecountmax", "serveraliveinterval", "sessiontype", "setenv",
            "stdinnull", "streamlocalbindmask", "streamlocalbindunlink", "stricthostkeychecking", "syslogfacility",
            "tag", "tcpkeepalive", "tunnel", "tunneldevice", "updatehostkeys", "user", "userknownhostsfile",
            "verifyhostkeydns", "versionaddendum", "visualhostkey", "warnweakcrypto", "xauthlocation");
    /** Deprecated or unsupported names that ssh still reads (with a note at most), and common vendor additions. */
    private static final Set<String> OLDER = Set.of("afstokenpassing", "challengeresponseauthentication", "cipher",
            "compressionlevel", "dsaauthentication", "fallbacktorsh", "gssapidelegatecreds",
            "hostbasedkeytypes", "kerberosauthentication", "kerberostgtpassing", "protocol",
            "pubkeyacceptedkeytypes", "rhostsauthentication", "rhostsrsaauthentication", "rsaauthentication",
            "skeyauthentication", "smartcarddevice", "tisauthentication", "useprivilegedport", "useroaming",
            "usersh", "usekeychain", "useblacklistedkeys", "globalknownhostsfile2", "userknownhostsfile2",
            "pubkeyacceptedalgorithms", "hostbasedacceptedkeytypes", "identityfile2");

    private OpenSshKeywords() {
    }

    /** Whether ssh knows {@code keyword} (lower case). */
    static boolean isClientKeyword(String keyword) {
        return CURRENT.contains(keyword) || OLDER.contains(keyword);
    }

    /** {@code " (did you mean 'User'?)"} for a keyword a few edits from a current one, else empty. */
    static String suggestion(String keyword) {
        return Suggestions.closest(keyword, new TreeSet<>(CURRENT))
                .map(best -> " (did you mean '" + spelled(best) + "'?)").orElse("");
    }

    /** The keyword as the manual spells the common ones; others in lower case. */
    static String spelled(String keyword) {
        return switch (keyword) {
            case "user" -> "User";
            case "port" -> "Port";
            case "host" -> "Host";
            case "hostname" -> "HostName";
            case "match" -> "Match";
            case "include" -> "Include";
            case "identityfile" -> "IdentityFile";
            case "identitiesonly" -> "IdentitiesOnly";
            case "proxyjump" -> "ProxyJump";
            case "proxycommand" -> "ProxyCommand";
            case "userknownhostsfile" -> "UserKnownHostsFile";
            default -> keyword.toLowerCase(Locale.ROOT);
        };
    }
}
