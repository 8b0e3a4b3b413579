#pragma once

#include "outboundconfig.h"

#include "core/result.h"

#include <QHostAddress>
#include <QUrl>

namespace vami {

// Where outbound HTTP may go (security.md 1.4.4, the SSRF rules). A URL must use
// https (http only when allowed), an allowed port, no user info, no fragment, and
// stay within the length limit. The address actually connected to must not lie in
// a denied range: 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24,
// 192.0.2/24, 192.168/16, 198.18/15, 198.51.100/24, 203.0.113/24, 224/4, 240/4,
// ::/96, ::1, fc00::/7, fe80::/10, fec0::/10, ff00::/8, 2001::/32 (Teredo),
// 2001:db8::/32, 100::/64 and 64:ff9b:1::/48. IPv4-mapped (::ffff:0:0/96),
// NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses are judged by the IPv4
// address they carry. QHostAddress's own classification is not used: it calls the
// NAT64 form of 169.254.169.254 global and 0.0.0.0 not loopback.
//
// The configuration's allowed targets re-permit denied ranges (self-hosted
// services, tests on loopback); the cloud metadata addresses (169.254.169.254,
// 169.254.170.2, 100.100.100.200, fd00:ec2::254) are refused always.
class TargetPolicy
{
public:
    explicit TargetPolicy(const OutboundConfig &config);

    // Checks everything about a URL that is known before connecting; an IP
    // literal host is checked against the address rules too. Errors are
    // Error::rejected with code "net.url_refused" or "net.target_forbidden".
    [[nodiscard]] Status checkUrl(const QUrl &url) const;
    // Whether a connection to `address` may be made.
    [[nodiscard]] bool permits(const QHostAddress &address) const;

    // The IPv4 address carried by a mapped, NAT64 or 6to4 address; else `address`.
    [[nodiscard]] static QHostAddress effectiveAddress(const QHostAddress &address);
    // The name of the denied range `address` lies in ("loopback", "private",
    // "metadata", ...), or an empty string for an address that is public.
    [[nodiscard]] static QString deniedRange(const QHostAddress &address);
    [[nodiscard]] static bool isMetadata(const QHostAddress &address);

private:
    bool m_allowHttp;
    QList<int> m_ports;
    QList<AddressRange> m_allowed;
    int m_maxUrlLength;
};

} // namespace vami
