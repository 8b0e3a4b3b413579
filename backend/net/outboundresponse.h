#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <utility>

namespace vami {

// The final answer of an outbound HTTP exchange (after the redirects followed).
struct OutboundResponse
{
    int status = 0;
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-cased, in arrival order
    QByteArray body; // at most the configured number of bytes
    QUrl url; // the URL that gave this answer
    QString remoteAddress; // the address actually connected to
    int redirects = 0; // redirects followed on the way

    [[nodiscard]] bool isSuccess() const { return status >= 200 && status < 300; }
    // The first value of a header (case-insensitive name), or a null array.
    [[nodiscard]] QByteArray header(const QByteArray &name) const
    {
        const QByteArray lower = name.toLower();
        for (const auto &[key, value] : headers) {
            if (key == lower)
                return value;
        }
        return {};
    }
};

} // namespace vami
