#include "instant.h"

#include <QTimeZone>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

bool digits(QStringView s, qsizetype from, qsizetype count, int *out)
{
    if (from + count > s.size())
        return false;
    int v = 0;
    for (qsizetype i = from; i < from + count; ++i) {
        const QChar c = s[i];
        if (c < u'0' || c > u'9')
            return false;
        v = v * 10 + (c.unicode() - u'0');
    }
    *out = v;
    return true;
}

} // namespace

QString instantText(const QDateTime &instant)
{
    const QDateTime utc = instant.toUTC();
    const int ms = utc.time().msec();
    if (ms == 0)
        return utc.toString(u"yyyy-MM-ddTHH:mm:ss"_s) + u'Z';
    return utc.toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u"000Z"_s;
}

QByteArray instantUtf8(const QDateTime &instant)
{
    return instantText(instant).toLatin1();
}

std::optional<QDateTime> parseInstant(QStringView s)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, msec = 0;
    if (s.size() < 16 || s.size() > 40)
        return std::nullopt;
    if (!digits(s, 0, 4, &year) || s[4] != u'-' || !digits(s, 5, 2, &month) || s[7] != u'-'
        || !digits(s, 8, 2, &day) || (s[10] != u'T' && s[10] != u't') || !digits(s, 11, 2, &hour) || s[13] != u':'
        || !digits(s, 14, 2, &minute))
        return std::nullopt;
    qsizetype pos = 16;
    if (pos < s.size() && s[pos] == u':') {
        if (!digits(s, pos + 1, 2, &second))
            return std::nullopt;
        pos += 3;
        if (pos < s.size() && (s[pos] == u'.' || s[pos] == u',')) {
            ++pos;
            const qsizetype start = pos;
            int scale = 100;
            while (pos < s.size() && s[pos] >= u'0' && s[pos] <= u'9') {
                if (scale > 0) {
                    msec += (s[pos].unicode() - u'0') * scale;
                    scale /= 10;
                }
                ++pos;
            }
            if (pos == start || pos - start > 9)
                return std::nullopt;
        }
    }
    int offsetSeconds = 0;
    if (pos < s.size()) {
        const QChar c = s[pos];
        if ((c == u'Z' || c == u'z') && pos + 1 == s.size()) {
            pos += 1;
        } else if (c == u'+' || c == u'-') {
            int oh = 0, om = 0;
            if (!digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != u':'
                || !digits(s, pos + 4, 2, &om) || pos + 6 != s.size())
                return std::nullopt;
            if (oh > 23 || om > 59)
                return std::nullopt;
            offsetSeconds = (oh * 3600 + om * 60) * (c == u'-' ? -1 : 1);
            pos += 6;
        } else {
            return std::nullopt;
        }
    }
    if (pos != s.size())
        return std::nullopt;
    if (year < 1 || hour > 23 || minute > 59 || second > 59)
        return std::nullopt;
    const QDate date(year, month, day);
    const QTime time(hour, minute, second, msec);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    QDateTime dt(date, time, QTimeZone(offsetSeconds));
    if (!dt.isValid())
        return std::nullopt;
    return dt.toUTC();
}

QString storageInstantText(const QDateTime &instant)
{
    return instant.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u'Z';
}

QDateTime instantFromStorage(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return {};
    if (value.typeId() == QMetaType::QDateTime)
        return value.toDateTime().toUTC();
    const QString text = value.toString();
    if (auto parsed = parseInstant(text))
        return *parsed;
    // PostgreSQL's text form "2025-11-08 10:00:00.123+00".
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    return dt.isValid() ? dt.toUTC() : QDateTime();
}

} // namespace vami
