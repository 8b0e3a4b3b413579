#include "mailmessage.h"

#include "core/random.h"

#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

// Header values never carry CR or LF: that would let text inject headers.
QString clean(const QString &text)
{
    QString out = text;
    out.replace(u'\r', u' ').replace(u'\n', u' ');
    return out.trimmed();
}

bool isPlainAscii(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    }
    return true;
}

// RFC 2047 encoded-words (base64), never splitting a UTF-8 sequence, joined by
// folding white space. A line holding encoded-words may not exceed 76 characters
// (RFC 2047 section 2), and the first one shares its line with the field name.
QByteArray encodedWords(const QString &text)
{
    constexpr int MaxPayload = 39; // 39 bytes -> 52 base64 characters; "Subject: " + 12 + 52 = 73
    QByteArray out;
    QByteArray chunk;
    auto flush = [&] {
        if (chunk.isEmpty())
            return;
        if (!out.isEmpty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + chunk.toBase64() + "?=";
        chunk.clear();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        QString one(text[i]);
        if (text[i].isHighSurrogate() && i + 1 < text.size())
            one += text[++i];
        const QByteArray bytes = one.toUtf8();
        if (chunk.size() + bytes.size() > MaxPayload)
            flush();
        chunk += bytes;
    }
    flush();
    return out;
}

QByteArray headerText(const QString &text)
{
    const QString value = clean(text);
    if (isPlainAscii(value) && value.size() <= 900)
        return value.toLatin1();
    return encodedWords(value);
}

QByteArray displayName(const QString &name)
{
    const QString value = clean(name);
    if (value.isEmpty())
        return {};
    if (!isPlainAscii(value))
        return encodedWords(value);
    static const QString specials = u"()<>[]:;@\\,.\""_s;
    bool quote = false;
    for (const QChar c : value)
        quote = quote || specials.contains(c);
    if (!quote)
        return value.toLatin1();
    QString escaped = value;
    escaped.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
    return '"' + escaped.toLatin1() + '"';
}

QByteArray mailbox(const QString &name, const QString &address)
{
    QString a = clean(address);
    a.remove(u'<').remove(u'>');
    const QByteArray n = displayName(name);
    if (n.isEmpty())
        return a.toUtf8();
    // After encoded-words the address goes on a folded line of its own.
    if (n.startsWith("=?"))
        return n + "\r\n <" + a.toUtf8() + '>';
    return n + " <" + a.toUtf8() + '>';
}

QByteArray base64Lines(const QByteArray &data)
{
    const QByteArray encoded = data.toBase64();
    QByteArray out;
    out.reserve(encoded.size() + encoded.size() / 76 * 2 + 2);
    for (qsizetype i = 0; i < encoded.size(); i += 76)
        out += encoded.mid(i, 76) + "\r\n";
    return out;
}

QByteArray rfc5322Date(const QDateTime &date)
{
    static const char *days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDateTime utc = date.toUTC();
    const QDate d = utc.date();
    const QTime t = utc.time();
    return QByteArray(days[d.dayOfWeek() - 1]) + ", " + QByteArray::number(d.day()).rightJustified(2, '0') + ' '
        + months[d.month() - 1] + ' ' + QByteArray::number(d.year()) + ' '
        + t.toString(u"HH:mm:ss"_s).toLatin1() + " +0000";
}

QByteArray textPart(const QString &body, const char *subtype)
{
    QString normalized = body;
    normalized.replace(u"\r\n"_s, u"\n"_s).replace(u'\r', u'\n').replace(u'\n', u"\r\n"_s);
    return QByteArray("Content-Type: text/") + subtype + "; charset=utf-8\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n" + base64Lines(normalized.toUtf8());
}

} // namespace

QByteArray composeMail(const MailMessage &message, const MailSender &from, const QDateTime &date,
                       const QString &messageId)
{
    QByteArray out;
    out += "From: " + mailbox(from.name, from.address) + "\r\n";
    out += "To: " + mailbox(message.toName, message.toAddress) + "\r\n";
    out += "Subject: " + headerText(message.subject) + "\r\n";
    out += "Date: " + rfc5322Date(date) + "\r\n";
    QString id = clean(messageId);
    id.remove(u'<').remove(u'>');
    out += "Message-ID: <" + id.toUtf8() + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    out += "Auto-Submitted: auto-generated\r\n";
    if (message.htmlBody.isEmpty()) {
        out += textPart(message.textBody, "plain");
        return out;
    }
    const QByteArray boundary = "=_vami_" + secureRandomBytes(12).toHex();
    out += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
    out += "This is a message in MIME format.\r\n";
    out += "--" + boundary + "\r\n" + textPart(message.textBody, "plain");
    out += "--" + boundary + "\r\n" + textPart(message.htmlBody, "html");
    out += "--" + boundary + "--\r\n";
    return out;
}

} // namespace vami
