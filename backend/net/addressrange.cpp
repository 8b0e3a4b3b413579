#include "addressrange.h"

using namespace Qt::StringLiterals;

namespace vami {

QHostAddress unmapped(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4 && address.protocol() == QAbstractSocket::IPv6Protocol)
        return QHostAddress(v4);
    return address;
}

std::optional<AddressRange> AddressRange::parse(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    AddressRange range;
    if (t.contains(u'/')) {
        const auto subnet = QHostAddress::parseSubnet(t);
        if (subnet.first.isNull() || subnet.second < 0)
            return std::nullopt;
        range.m_network = subnet.first;
        range.m_prefix = subnet.second;
    } else {
        QHostAddress address;
        if (!address.setAddress(t))
            return std::nullopt;
        range.m_network = unmapped(address);
        range.m_prefix = range.m_network.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128;
    }
    return range;
}

QList<AddressRange> AddressRange::parseList(const QStringList &texts, QString *bad)
{
    QList<AddressRange> out;
    for (const QString &t : texts) {
        if (t.trimmed().isEmpty())
            continue;
        if (auto r = parse(t)) {
            out.append(*r);
        } else if (bad && bad->isEmpty()) {
            *bad = t;
        }
    }
    return out;
}

bool AddressRange::contains(const QHostAddress &address) const
{
    return unmapped(address).isInSubnet(m_network, m_prefix);
}

QString AddressRange::toString() const
{
    return m_network.toString() + u'/' + QString::number(m_prefix);
}

bool anyContains(const QList<AddressRange> &ranges, const QHostAddress &address)
{
    for (const AddressRange &r : ranges) {
        if (r.contains(address))
            return true;
    }
    return false;
}

QString clientBucket(const QHostAddress &address)
{
    const QHostAddress a = unmapped(address);
    if (a.protocol() != QAbstractSocket::IPv6Protocol)
        return a.toString();
    Q_IPV6ADDR bytes = a.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes).toString() + u"/64"_s;
}

} // namespace vami
