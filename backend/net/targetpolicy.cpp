#include "targetpolicy.h"

#include <array>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

struct DeniedRange
{
    const char *block;
    const char *name;
};

// IPv4 rows are matched against the effective (unwrapped) address.
constexpr std::array DeniedRanges {
    DeniedRange {"0.0.0.0/8", "unspecified"},
    DeniedRange {"10.0.0.0/8", "private"},
    DeniedRange {"100.64.0.0/10", "shared (CGNAT)"},
    DeniedRange {"127.0.0.0/8", "loopback"},
    DeniedRange {"169.254.0.0/16", "link-local"},
    DeniedRange {"172.16.0.0/12", "private"},
    DeniedRange {"192.0.0.0/24", "IETF protocol assignments"},
    DeniedRange {"192.0.2.0/24", "documentation"},
    DeniedRange {"192.168.0.0/16", "private"},
    DeniedRange {"198.18.0.0/15", "benchmarking"},
    DeniedRange {"198.51.100.0/24", "documentation"},
    DeniedRange {"203.0.113.0/24", "documentation"},
    DeniedRange {"224.0.0.0/4", "multicast"},
    DeniedRange {"240.0.0.0/4", "reserved"},
    DeniedRange {"::1/128", "loopback"},
    DeniedRange {"::/96", "unspecified or IPv4-compatible"},
    DeniedRange {"fc00::/7", "unique local"},
    DeniedRange {"fe80::/10", "link-local"},
    DeniedRange {"fec0::/10", "site-local"},
    DeniedRange {"ff00::/8", "multicast"},
    DeniedRange {"2001::/32", "Teredo"},
    DeniedRange {"2001:db8::/32", "documentation"},
    DeniedRange {"100::/64", "discard"},
    DeniedRange {"64:ff9b:1::/48", "local-use NAT64"},
};

constexpr std::array MetadataAddresses {"169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"};

const QList<std::pair<AddressRange, QString>> &deniedTable()
{
    static const QList<std::pair<AddressRange, QString>> table = [] {
        QList<std::pair<AddressRange, QString>> out;
        for (const DeniedRange &r : DeniedRanges)
            out.append({*AddressRange::parse(QString::fromLatin1(r.block)), QString::fromLatin1(r.name)});
        return out;
    }();
    return table;
}

bool inPrefix(const Q_IPV6ADDR &bytes, std::initializer_list<quint8> prefix)
{
    int i = 0;
    for (quint8 b : prefix) {
        if (bytes[i++] != b)
            return false;
    }
    return true;
}

quint32 ipv4At(const Q_IPV6ADDR &bytes, int offset)
{
    return quint32(bytes[offset]) << 24 | quint32(bytes[offset + 1]) << 16 | quint32(bytes[offset + 2]) << 8
        | quint32(bytes[offset + 3]);
}

Error refused(const char *message)
{
    return Error::rejected(u"net.url_refused"_s, message);
}

} // namespace

TargetPolicy::TargetPolicy(const OutboundConfig &config)
    : m_allowHttp(config.allowHttp)
    , m_ports(config.ports)
    , m_allowed(config.allowedTargets)
    , m_maxUrlLength(config.maxUrlLength)
{ }

QHostAddress TargetPolicy::effectiveAddress(const QHostAddress &address)
{
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return address;
    const Q_IPV6ADDR bytes = address.toIPv6Address();
    // ::ffff:a.b.c.d (IPv4-mapped)
    if (inPrefix(bytes, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}))
        return QHostAddress(ipv4At(bytes, 12));
    // 64:ff9b::a.b.c.d (NAT64 well-known prefix, RFC 6052)
    if (inPrefix(bytes, {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}))
        return QHostAddress(ipv4At(bytes, 12));
    // 2002:aabb:ccdd::/48 (6to4, RFC 3056)
    if (inPrefix(bytes, {0x20, 0x02}))
        return QHostAddress(ipv4At(bytes, 2));
    return address;
}

bool TargetPolicy::isMetadata(const QHostAddress &address)
{
    const QHostAddress effective = effectiveAddress(address);
    for (const char *text : MetadataAddresses) {
        if (effective.isEqual(QHostAddress(QString::fromLatin1(text)), QHostAddress::StrictConversion))
            return true;
    }
    return false;
}

QString TargetPolicy::deniedRange(const QHostAddress &address)
{
    if (address.isNull())
        return u"invalid"_s;
    if (isMetadata(address))
        return u"metadata"_s;
    const QHostAddress effective = effectiveAddress(address);
    for (const auto &[range, name] : deniedTable()) {
        if (range.contains(effective))
            return name;
    }
    return {};
}

bool TargetPolicy::permits(const QHostAddress &address) const
{
    if (address.isNull() || isMetadata(address))
        return false;
    if (deniedRange(address).isEmpty())
        return true;
    return anyContains(m_allowed, effectiveAddress(address));
}

Status TargetPolicy::checkUrl(const QUrl &url) const
{
    if (!url.isValid() || url.isRelative())
        return fail(refused(QT_TRANSLATE_NOOP("vami", "The address is not a valid absolute URL.")));
    const QString scheme = url.scheme();
    if (scheme != u"https"_s && !(m_allowHttp && scheme == u"http"_s))
        return fail(refused(m_allowHttp ? QT_TRANSLATE_NOOP("vami", "Only http and https addresses can be used.")
                                        : QT_TRANSLATE_NOOP("vami", "Only https addresses can be used.")));
    if (!url.userInfo().isEmpty())
        return fail(refused(QT_TRANSLATE_NOOP("vami", "The address must not contain a user name or password.")));
    if (url.hasFragment())
        return fail(refused(QT_TRANSLATE_NOOP("vami", "The address must not contain a fragment (#...).")));
    if (url.toEncoded().size() > m_maxUrlLength)
        return fail(refused(QT_TRANSLATE_NOOP("vami", "The address is too long.")));
    const QString host = url.host(QUrl::FullyEncoded);
    if (host.isEmpty())
        return fail(refused(QT_TRANSLATE_NOOP("vami", "The address has no host name.")));
    const int port = url.port(scheme == u"https"_s ? 443 : 80);
    if (!m_ports.isEmpty() && !m_ports.contains(port))
        return fail(refused(QT_TRANSLATE_NOOP("vami", "Connections to this port are not allowed.")));
    QHostAddress literal;
    if (literal.setAddress(host) && !permits(literal))
        return fail(Error::rejected(
            u"net.target_forbidden"_s, QT_TRANSLATE_NOOP("vami", "The destination's address is not allowed.")));
    return {};
}

} // namespace vami
