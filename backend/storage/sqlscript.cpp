#include "sqlscript.h"

#include <QRegularExpression>

namespace vami {

namespace {

// Inside CREATE TRIGGER ... BEGIN ... END (SQLite), ';' separates the body's
// statements; only the ';' after END ends the trigger.
bool insideTriggerBody(const QString &statement)
{
    static const QRegularExpression trigger(QStringLiteral("^\\s*CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b"),
                                            QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression end(QStringLiteral("\\bEND\\s*$"), QRegularExpression::CaseInsensitiveOption);
    return trigger.match(statement).hasMatch() && !end.match(statement).hasMatch();
}

} // namespace

QStringList splitSqlScript(const QString &script)
{
    QStringList statements;
    QString current;
    const qsizetype n = script.size();
    qsizetype i = 0;
    auto flush = [&] {
        const QString s = current.trimmed();
        if (!s.isEmpty())
            statements.append(s);
        current.clear();
    };
    while (i < n) {
        const QChar c = script[i];
        if (c == u'-' && i + 1 < n && script[i + 1] == u'-') {
            while (i < n && script[i] != u'\n')
                ++i;
            continue;
        }
        if (c == u'/' && i + 1 < n && script[i + 1] == u'*') {
            i += 2;
            while (i + 1 < n && !(script[i] == u'*' && script[i + 1] == u'/'))
                ++i;
            i += 2;
            continue;
        }
        if (c == u'\'' || c == u'"') {
            const QChar quote = c;
            current.append(c);
            ++i;
            while (i < n) {
                current.append(script[i]);
                if (script[i] == quote) {
                    if (i + 1 < n && script[i + 1] == quote) {
                        current.append(script[i + 1]);
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                ++i;
            }
            continue;
        }
        if (c == u'$') {
            qsizetype j = i + 1;
            while (j < n && (script[j].isLetterOrNumber() || script[j] == u'_'))
                ++j;
            if (j < n && script[j] == u'$') {
                const QString tag = script.mid(i, j - i + 1);
                const qsizetype end = script.indexOf(tag, j + 1);
                const qsizetype stop = end < 0 ? n : end + tag.size();
                current.append(script.mid(i, stop - i));
                i = stop;
                continue;
            }
        }
        if (c == u';' && insideTriggerBody(current)) {
            current.append(c);
            ++i;
            continue;
        }
        if (c == u';') {
            flush();
            ++i;
            continue;
        }
        current.append(c);
        ++i;
    }
    flush();
    return statements;
}

} // namespace vami
