#include "mediasniffer.h"

#include <QList>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const QString OctetStream = u"application/octet-stream"_s;

uchar byteAt(QByteArrayView bytes, qsizetype at)
{
    return uchar(bytes[at]);
}

bool hasAt(QByteArrayView bytes, qsizetype at, QByteArrayView magic)
{
    return at >= 0 && bytes.size() >= at + magic.size() && bytes.sliced(at, magic.size()) == magic;
}

quint32 le16(QByteArrayView bytes, qsizetype at)
{
    return quint32(byteAt(bytes, at)) | quint32(byteAt(bytes, at + 1)) << 8;
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// The length in bytes of the MPEG audio frame whose header starts `bytes`, or 0 when
// the four bytes are not a frame header (free bit rates count as not one).
struct MpegFrame
{
    int length = 0;
    int version = 0;
    int layer = 0;
    int sampleRate = 0;
};

MpegFrame mpegFrame(QByteArrayView bytes)
{
    if (bytes.size() < 4 || byteAt(bytes, 0) != 0xFF || (byteAt(bytes, 1) & 0xE0) != 0xE0)
        return {};
    const int version = (byteAt(bytes, 1) >> 3) & 3; // 0: MPEG 2.5, 1: reserved, 2: MPEG 2, 3: MPEG 1
    const int layer = (byteAt(bytes, 1) >> 1) & 3;   // 0: reserved, 1: III, 2: II, 3: I
    const int bitrateIndex = byteAt(bytes, 2) >> 4;
    const int rateIndex = (byteAt(bytes, 2) >> 2) & 3;
    const int padding = (byteAt(bytes, 2) >> 1) & 1;
    if (version == 1 || layer == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3)
        return {};
    static constexpr std::array<std::array<int, 15>, 5> kbps {{
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG 1 layer I
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},    // MPEG 1 layer II
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},     // MPEG 1 layer III
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},    // MPEG 2 / 2.5 layer I
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},         // MPEG 2 / 2.5 layers II, III
    }};
    static constexpr std::array<std::array<int, 3>, 4> rates {{
        {11025, 12000, 8000}, {0, 0, 0}, {22050, 24000, 16000}, {44100, 48000, 32000}}};
    const bool mpeg1 = version == 3;
    const int table = mpeg1 ? 3 - layer : (layer == 3 ? 3 : 4);
    const int bitrate = kbps[size_t(table)][size_t(bitrateIndex)] * 1000;
    const int rate = rates[size_t(version)][size_t(rateIndex)];
    int length = 0;
    if (layer == 3)
        length = (12 * bitrate / rate + padding) * 4;
    else if (layer == 1 && !mpeg1)
        length = 72 * bitrate / rate + padding;
    else
        length = 144 * bitrate / rate + padding;
    return MpegFrame {length, version, layer, rate};
}

// An MPEG audio stream: a frame header, and the next frame's header right after it
// (unless the content ends there).
bool isMpegAudio(QByteArrayView head, qint64 size, qsizetype at)
{
    const MpegFrame first = mpegFrame(head.sliced(std::min(at, head.size())));
    if (first.length < 4)
        return false;
    const qsizetype next = at + first.length;
    if (next + 4 > head.size())
        return next >= size; // the content is this one frame (or ends within it)
    const MpegFrame second = mpegFrame(head.sliced(next));
    return second.length >= 4 && second.version == first.version && second.layer == first.layer
        && second.sampleRate == first.sampleRate;
}

QString oggType(QByteArrayView head)
{
    // The first page: 27 bytes of header, a segment table, then the first packet.
    if (head.size() < 27)
        return u"application/ogg"_s;
    const qsizetype packet = 27 + byteAt(head, 26);
    if (hasAt(head, packet, "\x01vorbis") || hasAt(head, packet, "OpusHead") || hasAt(head, packet, "\x7f" "FLAC")
        || hasAt(head, packet, "Speex   "))
        return u"audio/ogg"_s;
    if (hasAt(head, packet, "\x80theora"))
        return u"video/ogg"_s;
    return u"application/ogg"_s;
}

QString matroskaType(QByteArrayView head)
{
    // The EBML header names the document type in its DocType element (ID 42 82).
    const QByteArrayView header = head.first(std::min<qsizetype>(head.size(), 64));
    const qsizetype docType = header.indexOf("\x42\x82");
    const bool webm = docType >= 0 && hasAt(header, docType + 3, "webm");
    // TrackType elements (ID 83, one byte: 1 video, 2 audio) inside Tracks (16 54 AE 6B).
    const qsizetype tracks = head.indexOf("\x16\x54\xAE\x6B");
    bool audio = false;
    bool video = false;
    if (tracks >= 0) {
        const QByteArrayView rest = head.sliced(tracks);
        video = rest.indexOf("\x83\x81\x01") >= 0;
        audio = rest.indexOf("\x83\x81\x02") >= 0;
    }
    const bool audioOnly = audio && !video;
    if (webm)
        return audioOnly ? u"audio/webm"_s : u"video/webm"_s;
    return audioOnly ? u"audio/x-matroska"_s : u"video/x-matroska"_s;
}

QString isoMediaType(QByteArrayView head)
{
    const QByteArrayView brand = head.sliced(8, 4);
    if (brand == "M4A " || brand == "M4B " || brand == "M4P " || brand == "F4A " || brand == "F4B ")
        return u"audio/mp4"_s;
    if (brand == "qt  ")
        return u"video/quicktime"_s;
    if (brand.startsWith("3gp"))
        return u"video/3gpp"_s;
    return u"video/mp4"_s;
}

QString zipType(QByteArrayView head)
{
    // The local file headers in the head (signature, 26 bytes, name length, extra
    // length, name): found by their signature, as entries written with a data
    // descriptor do not say where the next one starts.
    bool contentTypes = false;
    bool word = false;
    bool sheet = false;
    bool slides = false;
    for (qsizetype at = head.indexOf("PK\x03\x04"); at >= 0 && at + 30 <= head.size();
         at = head.indexOf("PK\x03\x04", at + 4)) {
        const qsizetype length = qsizetype(le16(head, at + 26));
        if (at + 30 + length > head.size())
            break;
        const QByteArrayView name = head.sliced(at + 30, length);
        contentTypes = contentTypes || name == "[Content_Types].xml";
        word = word || name == "word/document.xml";
        sheet = sheet || name == "xl/workbook.xml";
        slides = slides || name == "ppt/presentation.xml";
    }
    if (contentTypes && word)
        return u"application/vnd.openxmlformats-officedocument.wordprocessingml.document"_s;
    if (contentTypes && sheet)
        return u"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"_s;
    if (contentTypes && slides)
        return u"application/vnd.openxmlformats-officedocument.presentationml.presentation"_s;
    return u"application/zip"_s;
}

// The number of fields of each record of `text` separated by `separator` (quoted
// fields may hold separators, doubled quotes and line breaks), for at most
// `maxRecords` records; a last record cut off by the end of the head is left out.
QList<int> csvFieldCounts(QByteArrayView text, char separator, bool complete, int maxRecords)
{
    QList<int> counts;
    int fields = 1;
    bool quoted = false;
    bool fieldStart = true;
    qsizetype i = 0;
    for (; i < text.size() && counts.size() < maxRecords; ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"')
                    ++i;
                else
                    quoted = false;
            }
            continue;
        }
        if (c == '"' && fieldStart) {
            quoted = true;
            fieldStart = false;
        } else if (c == separator) {
            ++fields;
            fieldStart = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            counts.append(fields);
            fields = 1;
            fieldStart = true;
        } else {
            fieldStart = false;
        }
    }
    // What follows the last line break is a record of its own when the text ends
    // there and is not blank.
    if (complete && i >= text.size() && counts.size() < maxRecords && !quoted) {
        qsizetype lastBreak = text.size() - 1;
        while (lastBreak >= 0 && text[lastBreak] != '\n' && text[lastBreak] != '\r')
            --lastBreak;
        bool blank = true;
        for (qsizetype j = lastBreak + 1; j < text.size() && blank; ++j)
            blank = isBlank(text[j]);
        if (!blank)
            counts.append(fields);
    }
    return counts;
}

bool isCsv(QByteArrayView text, bool complete)
{
    constexpr int MaxRecords = 50;
    for (char separator : {',', ';'}) {
        const QList<int> counts = csvFieldCounts(text, separator, complete, MaxRecords);
        if (counts.size() < 2 || counts.first() < 2)
            continue;
        if (std::all_of(counts.cbegin(), counts.cend(), [&](int n) { return n == counts.first(); }))
            return true;
    }
    return false;
}

} // namespace

void MediaSniffer::feed(QByteArrayView bytes)
{
    if (m_head.size() < HeadSize) {
        if (m_head.capacity() < HeadSize)
            m_head.reserve(HeadSize);
        m_head.append(bytes.first(std::min(bytes.size(), HeadSize - m_head.size())));
    }
    m_size += bytes.size();
    if (m_text)
        followText(bytes);
}

void MediaSniffer::followText(QByteArrayView bytes)
{
    // UTF-8 as RFC 3629 defines it (no overlong forms, no surrogates, nothing above
    // U+10FFFF), without NUL or control characters other than blanks.
    int pending = m_pending;
    uchar low = m_low;
    uchar high = m_high;
    char last = m_last;
    for (const char c : bytes) {
        const uchar b = uchar(c);
        if (pending > 0) {
            if (b < low || b > high) {
                m_text = false;
                return;
            }
            --pending;
            low = 0x80;
            high = 0xBF;
            continue;
        }
        if (b < 0x80) {
            if ((b < 0x20 && !isBlank(c)) || b == 0x7F) {
                m_text = false;
                return;
            }
            if (!isBlank(c))
                last = c;
            continue;
        }
        last = c;
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
            if (b == 0xE0)
                low = 0xA0;
            else if (b == 0xED)
                high = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
            if (b == 0xF0)
                low = 0x90;
            else if (b == 0xF4)
                high = 0x8F;
        } else {
            m_text = false;
            return;
        }
    }
    m_pending = pending;
    m_low = low;
    m_high = high;
    m_last = last;
}

QString MediaSniffer::binaryType() const
{
    const QByteArrayView h = m_head;
    if (hasAt(h, 0, "%PDF-"))
        return u"application/pdf"_s;
    if (hasAt(h, 0, "\x89PNG\r\n\x1a\n"))
        return u"image/png"_s;
    if (hasAt(h, 0, "\xFF\xD8\xFF"))
        return u"image/jpeg"_s;
    if (hasAt(h, 0, "GIF87a") || hasAt(h, 0, "GIF89a"))
        return u"image/gif"_s;
    if (hasAt(h, 0, "RIFF") && h.size() >= 12) {
        if (hasAt(h, 8, "WAVE"))
            return u"audio/wav"_s;
        if (hasAt(h, 8, "WEBP"))
            return u"image/webp"_s;
        if (hasAt(h, 8, "AVI "))
            return u"video/x-msvideo"_s;
        return {};
    }
    if (hasAt(h, 0, "fLaC"))
        return u"audio/flac"_s;
    if (hasAt(h, 0, "OggS"))
        return oggType(h);
    if (hasAt(h, 0, "\x1A\x45\xDF\xA3"))
        return matroskaType(h);
    if (hasAt(h, 4, "ftyp") && h.size() >= 12)
        return isoMediaType(h);
    if (hasAt(h, 0, "PK\x03\x04"))
        return zipType(h);
    if (hasAt(h, 0, "PK\x05\x06"))
        return u"application/zip"_s; // an empty archive
    if (hasAt(h, 0, "ID3") && h.size() >= 10 && byteAt(h, 3) >= 2 && byteAt(h, 3) <= 4) {
        // An ID3v2 tag (its size in four 7-bit bytes, a footer when flagged) in front
        // of MPEG audio, or sometimes of FLAC.
        qsizetype end = 10 + (qsizetype(byteAt(h, 6) & 0x7F) << 21 | qsizetype(byteAt(h, 7) & 0x7F) << 14
                              | qsizetype(byteAt(h, 8) & 0x7F) << 7 | qsizetype(byteAt(h, 9) & 0x7F));
        if (byteAt(h, 5) & 0x10)
            end += 10;
        if (hasAt(h, end, "fLaC"))
            return u"audio/flac"_s;
        return u"audio/mpeg"_s;
    }
    if (isMpegAudio(h, m_size, 0))
        return u"audio/mpeg"_s;
    return {};
}

QString MediaSniffer::textType() const
{
    QByteArrayView text = m_head;
    if (text.startsWith("\xEF\xBB\xBF"))
        text = text.sliced(3);
    qsizetype start = 0;
    while (start < text.size() && isBlank(text[start]))
        ++start;
    if (start < text.size()) {
        const char first = text[start];
        if ((first == '{' && m_last == '}') || (first == '[' && m_last == ']'))
            return u"application/json"_s;
    }
    if (isCsv(text, m_size == m_head.size()))
        return u"text/csv"_s;
    return u"text/plain"_s;
}

QString MediaSniffer::mediaType() const
{
    if (m_size == 0)
        return OctetStream;
    if (QString binary = binaryType(); !binary.isEmpty())
        return binary;
    if (m_text && m_pending == 0)
        return textType();
    return OctetStream;
}

QString MediaSniffer::sniff(QByteArrayView content)
{
    MediaSniffer sniffer;
    sniffer.feed(content);
    return sniffer.mediaType();
}

} // namespace vami
