#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace vami {

// Tells the media type of content from the content itself (security.md 1.4.3:
// the type comes from the bytes, never from a name or a declared type). Fed the
// content in order, in pieces of any size, it keeps only the first HeadSize bytes
// and a few bytes of state, so memory stays constant however long the content is.
//
// Binary formats are recognised by their signature at the start: WAV, WebP and AVI
// (RIFF), MP3 (an ID3v2 tag, or two consecutive MPEG audio frame headers), Ogg
// (audio, video or generic by its first packet), FLAC, WebM and Matroska (EBML
// DocType; audio when the tracks seen in the head are all audio), MP4 / M4A /
// QuickTime / 3GP (ftyp brand), PDF, PNG, JPEG, GIF and ZIP; a ZIP whose head holds
// the local headers of [Content_Types].xml and word/document.xml, xl/workbook.xml or
// ppt/presentation.xml is DOCX, XLSX or PPTX. Content that is valid UTF-8 from start
// to end (a BOM allowed) without NUL or control characters other than tab, line
// feed, form feed and carriage return is text: JSON when it starts with { or [ and
// ends with the matching bracket, CSV when its first records (at least two, up to
// 50) all have the same number (at least two) of comma- or semicolon-separated
// fields, plain text otherwise. Everything else, and empty content, is
// application/octet-stream.
//
// Sniffing names the format the content starts as: a polyglot (a PDF that is also a
// ZIP) gets the first type only. Deeper checks (ZIP entry limits, PDF structure)
// belong to whoever processes the file.
class MediaSniffer
{
public:
    static constexpr qsizetype HeadSize = 64 * 1024;

    void feed(QByteArrayView bytes);
    // The type of everything fed so far (call after the last piece).
    [[nodiscard]] QString mediaType() const;

    // The type of a whole content at once.
    [[nodiscard]] static QString sniff(QByteArrayView content);

private:
    void followText(QByteArrayView bytes);
    [[nodiscard]] QString binaryType() const;
    [[nodiscard]] QString textType() const;

    QByteArray m_head;
    qint64 m_size = 0;
    // Text state: valid so far, continuation bytes still expected and the range
    // the next one must fall in, the last non-blank character.
    bool m_text = true;
    int m_pending = 0;
    uchar m_low = 0x80;
    uchar m_high = 0xBF;
    char m_last = 0;
};

} // namespace vami
