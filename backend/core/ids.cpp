#include "ids.h"

#include <QRandomGenerator>

namespace vami {

QUuid newId()
{
    // QUuid::createUuid() draws from the system generator on every call; ids do not
    // need to be secret, only unique, so the seeded global generator is enough.
    quint32 words[4];
    QRandomGenerator::global()->fillRange(words);
    QUuid id(words[0], quint16(words[1] >> 16), quint16(words[1]), uchar(words[2] >> 24), uchar(words[2] >> 16),
             uchar(words[2] >> 8), uchar(words[2]), uchar(words[3] >> 24), uchar(words[3] >> 16),
             uchar(words[3] >> 8), uchar(words[3]));
    id.data3 = quint16((id.data3 & 0x0fff) | 0x4000); // version 4
    id.data4[0] = uchar((id.data4[0] & 0x3f) | 0x80); // RFC 4122 variant
    return id;
}

std::optional<QUuid> parseId(QStringView text)
{
    if (text.size() != 36)
        return std::nullopt;
    for (qsizetype i = 0; i < 36; ++i) {
        const QChar c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != u'-')
                return std::nullopt;
        } else if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F'))) {
            return std::nullopt;
        }
    }
    const QUuid id = QUuid::fromString(text);
    if (id.isNull())
        return std::nullopt;
    return id;
}

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

} // namespace vami
