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

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

std::optional<QUuid> parseIdAscii(QByteArrayView text)
{
    if (text.size() != IdTextLength)
        return std::nullopt;
    uchar bytes[16];
    int n = 0;
    for (qsizetype i = 0; i < IdTextLength;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (text[i] != '-')
                return std::nullopt;
            ++i;
            continue;
        }
        const int hi = hexValue(text[i]);
        const int lo = hexValue(text[i + 1]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        bytes[n++] = uchar(hi << 4 | lo);
        i += 2;
    }
    const QUuid id = QUuid(quint32(bytes[0]) << 24 | quint32(bytes[1]) << 16 | quint32(bytes[2]) << 8 | bytes[3],
        quint16(bytes[4] << 8 | bytes[5]), quint16(bytes[6] << 8 | bytes[7]), bytes[8], bytes[9], bytes[10], bytes[11],
        bytes[12], bytes[13], bytes[14], bytes[15]);
    if (id.isNull())
        return std::nullopt;
    return id;
}

void writeIdAscii(const QUuid &id, char *out)
{
    static const char hex[] = "0123456789abcdef";
    const uchar bytes[16] = {uchar(id.data1 >> 24), uchar(id.data1 >> 16), uchar(id.data1 >> 8), uchar(id.data1),
        uchar(id.data2 >> 8), uchar(id.data2), uchar(id.data3 >> 8), uchar(id.data3), id.data4[0], id.data4[1],
        id.data4[2], id.data4[3], id.data4[4], id.data4[5], id.data4[6], id.data4[7]};
    int b = 0;
    for (int i = 0; i < int(IdTextLength);) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            out[i++] = '-';
            continue;
        }
        out[i++] = hex[bytes[b] >> 4];
        out[i++] = hex[bytes[b] & 15];
        ++b;
    }
}

} // namespace vami
