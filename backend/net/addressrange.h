#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace vami {

// An IP address block ("10.0.0.0/8", "2001:db8::/32", or a single address).
class AddressRange
{
public:
    static std::optional<AddressRange> parse(const QString &text);
    // Parses a list; the first entry that does not parse is returned in `bad`.
    static QList<AddressRange> parseList(const QStringList &texts, QString *bad = nullptr);

    [[nodiscard]] bool contains(const QHostAddress &address) const;
    [[nodiscard]] QString toString() const;

private:
    QHostAddress m_network;
    int m_prefix = 0;
};

[[nodiscard]] bool anyContains(const QList<AddressRange> &ranges, const QHostAddress &address);

// IPv4-mapped IPv6 addresses ("::ffff:10.0.0.1") as plain IPv4.
[[nodiscard]] QHostAddress unmapped(const QHostAddress &address);

// The key a client is rate limited under: the IPv4 address, or the /64 network of
// an IPv6 address (one allocation must not multiply its quota).
[[nodiscard]] QString clientBucket(const QHostAddress &address);

} // namespace vami
