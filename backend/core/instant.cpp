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

constexpr qint64 MsPerDay = 86'400'000;
// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z.
constexpr qint64 FirstWritableMs = -62'135'596'800'000;
constexpr qint64 LastWritableMs = 253'402'300'799'999;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = int(y - era * 400);
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civilFromDays(qint64 z, int *y, int *m, int *d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = int(z - era * 146097);
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = int(yoe + era * 400) + (*m <= 2);
}

inline void put2(char *out, int v)
{
    out[0] = char('0' + v / 10);
    out[1] = char('0' + v % 10);
}

// "YYYY-MM-DDTHH:MM:SS" (19 bytes) and the millisecond part.
int writeSeconds(qint64 ms, char *out)
{
    qint64 days = ms / MsPerDay;
    qint64 rest = ms % MsPerDay;
    if (rest < 0) {
        rest += MsPerDay;
        --days;
    }
    int y = 0, mo = 0, d = 0;
    civilFromDays(days, &y, &mo, &d);
    const int secs = int(rest / 1000);
    put2(out, y / 100);
    put2(out + 2, y % 100);
    out[4] = '-';
    put2(out + 5, mo);
    out[7] = '-';
    put2(out + 8, d);
    out[10] = 'T';
    put2(out + 11, secs / 3600);
    out[13] = ':';
    put2(out + 14, secs / 60 % 60);
    out[16] = ':';
    put2(out + 17, secs % 60);
    return int(rest % 1000);
}

inline bool digitsAt(QByteArrayView s, qsizetype from, qsizetype count, int *out)
{
    if (from + count > s.size())
        return false;
    int v = 0;
    for (qsizetype i = from; i < from + count; ++i) {
        const char c = s[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

int daysInMonth(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
        return 29;
    return days[m - 1];
}

} // namespace

bool isWritableInstant(qint64 ms)
{
    return ms >= FirstWritableMs && ms <= LastWritableMs;
}

qsizetype writeInstantAscii(qint64 ms, char *out)
{
    const int millis = writeSeconds(ms, out);
    if (millis == 0) {
        out[19] = 'Z';
        return 20;
    }
    out[19] = '.';
    out[20] = char('0' + millis / 100);
    put2(out + 21, millis % 100);
    out[23] = '0';
    out[24] = '0';
    out[25] = '0';
    out[26] = 'Z';
    return 27;
}

void writeStorageInstantAscii(qint64 ms, char *out)
{
    const int millis = writeSeconds(ms, out);
    out[19] = '.';
    out[20] = char('0' + millis / 100);
    put2(out + 21, millis % 100);
    out[23] = 'Z';
}

std::optional<qint64> parseStorageInstantMs(QByteArrayView s)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (s.size() < 16 || s.size() > 40 || !digitsAt(s, 0, 4, &year) || s[4] != '-' || !digitsAt(s, 5, 2, &month)
        || s[7] != '-' || !digitsAt(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
        || !digitsAt(s, 11, 2, &hour) || s[13] != ':' || !digitsAt(s, 14, 2, &minute))
        return std::nullopt;
    qsizetype pos = 16;
    int millis = 0;
    if (pos < s.size() && s[pos] == ':') {
        if (!digitsAt(s, pos + 1, 2, &second))
            return std::nullopt;
        pos += 3;
        if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
            ++pos;
            const qsizetype start = pos;
            int scale = 100;
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
                millis += (s[pos] - '0') * scale;
                scale /= 10;
                ++pos;
            }
            if (pos == start || pos - start > 9)
                return std::nullopt;
        }
    }
    int offsetSeconds = 0;
    if (pos < s.size()) {
        const char c = s[pos];
        if ((c == 'Z' || c == 'z') && pos + 1 == s.size()) {
            pos += 1;
        } else if (c == '+' || c == '-') {
            // +HH, +HHMM, +HH:MM or +HH:MM:SS (PostgreSQL prints the shortest).
            int oh = 0, om = 0, os = 0;
            if (!digitsAt(s, pos + 1, 2, &oh))
                return std::nullopt;
            qsizetype p = pos + 3;
            if (p < s.size() && s[p] == ':')
                ++p;
            if (p < s.size()) {
                if (!digitsAt(s, p, 2, &om))
                    return std::nullopt;
                p += 2;
                if (p < s.size() && s[p] == ':') {
                    if (!digitsAt(s, p + 1, 2, &os))
                        return std::nullopt;
                    p += 3;
                }
            }
            if (p != s.size() || oh > 23 || om > 59 || os > 59)
                return std::nullopt;
            offsetSeconds = (oh * 3600 + om * 60 + os) * (c == '-' ? -1 : 1);
            pos = p;
        } else {
            return std::nullopt;
        }
    }
    if (pos != s.size() || year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23
        || minute > 59 || second > 59)
        return std::nullopt;
    const qint64 seconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
    return seconds * 1000 + millis;
}

QDateTime instantFromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString instantText(const QDateTime &instant)
{
    const QDateTime utc = instant.toUTC();
    const qint64 ms = utc.toMSecsSinceEpoch();
    if (!isWritableInstant(ms)) {
        if (utc.time().msec() == 0)
            return utc.toString(u"yyyy-MM-ddTHH:mm:ss"_s) + u'Z';
        return utc.toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u"000Z"_s;
    }
    char buffer[MaxInstantTextLength];
    return QString::fromLatin1(buffer, writeInstantAscii(ms, buffer));
}

QByteArray instantUtf8(const QDateTime &instant)
{
    const qint64 ms = instant.toMSecsSinceEpoch();
    if (!isWritableInstant(ms))
        return instantText(instant).toLatin1();
    char buffer[MaxInstantTextLength];
    return QByteArray(buffer, writeInstantAscii(ms, buffer));
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
    const qint64 ms = instant.toMSecsSinceEpoch();
    if (!isWritableInstant(ms))
        return instant.toUTC().toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u'Z';
    char buffer[StorageInstantLength];
    writeStorageInstantAscii(ms, buffer);
    return QString::fromLatin1(buffer, StorageInstantLength);
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
