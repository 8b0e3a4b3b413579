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

// Positions of the 16 bytes in the 36-character form.
constexpr int BytePositions[16] = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};

struct HexTable
{
    signed char value[256];
    constexpr HexTable()
        : value{}
    {
        for (int i = 0; i < 256; ++i)
            value[i] = -1;
        for (int i = 0; i < 10; ++i)
            value['0' + i] = char(i);
        for (int i = 0; i < 6; ++i) {
            value['a' + i] = char(10 + i);
            value['A' + i] = char(10 + i);
        }
    }
};
constexpr HexTable Hex;

} // namespace

std::optional<QUuid> parseIdAscii(QByteArrayView text)
{
    if (text.size() != IdTextLength || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
        return std::nullopt;
    const auto *s = reinterpret_cast<const uchar *>(text.data());
    uchar bytes[16];
    int bad = 0;
    for (int b = 0; b < 16; ++b) {
        const int hi = Hex.value[s[BytePositions[b]]];
        const int lo = Hex.value[s[BytePositions[b] + 1]];
        bad |= hi | lo; // negative when either is not a hex digit
        bytes[b] = uchar(hi << 4 | lo);
    }
    if (bad < 0)
        return std::nullopt;
    const QUuid id = QUuid(quint32(bytes[0]) << 24 | quint32(bytes[1]) << 16 | quint32(bytes[2]) << 8 | bytes[3],
                           quint16(bytes[4] << 8 | bytes[5]), quint16(bytes[6] << 8 | bytes[7]), bytes[8], bytes[9],
                           bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
    if (id.isNull())
        return std::nullopt;
    return id;
}

void writeIdAscii(const QUuid &id, char *out)
{
    static const char digits[] = "0123456789abcdef";
    const uchar bytes[16] = {uchar(id.data1 >> 24), uchar(id.data1 >> 16), uchar(id.data1 >> 8), uchar(id.data1),
                             uchar(id.data2 >> 8),  uchar(id.data2),       uchar(id.data3 >> 8), uchar(id.data3),
                             id.data4[0],           id.data4[1],           id.data4[2],          id.data4[3],
                             id.data4[4],           id.data4[5],           id.data4[6],          id.data4[7]};
    for (int b = 0; b < 16; ++b) {
        out[BytePositions[b]] = digits[bytes[b] >> 4];
        out[BytePositions[b] + 1] = digits[bytes[b] & 15];
    }
    out[8] = out[13] = out[18] = out[23] = '-';
}

} // namespace vami
