#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <QVariantList>

#include <optional>

namespace vami {

// Where the rows of a long list start, remembered for every Stride-th position, so a
// page deep in the list seeks to the nearest remembered row (an index range seek)
// and skips fewer than Stride entries instead of all that precede it. An entry is
// valid for one version of the list: a counter in the database that every change
// moving rows raises (kept by triggers), so every server instance sharing the
// database sees the same versions. Thread-safe; bounded in size.
//
// A key is the row's values of the ordering columns, as the database returned them
// (bound back unchanged, so no precision is lost on the way).
class PageBookmarks
{
public:
    static constexpr int Stride = 256;
    static constexpr int MaxLists = 256;

    struct Bookmark
    {
        qint64 version = 0; // of the list these positions were taken from
        qint64 position = 0; // of the row this key belongs to
        QVariantList key;
    };

    // The remembered row at or before `offset` in the latest remembered version of
    // `list`; nullopt when nothing is remembered (or offset is below Stride). The
    // caller checks, after reading the page, that the list still has that version.
    [[nodiscard]] std::optional<Bookmark> seek(const QString &list, qint64 offset) const;
    // Remembers the keys of rows 0, Stride, 2*Stride, ... of `list` at `version`.
    void store(const QString &list, qint64 version, QList<QVariantList> keys);
    void clear();

private:
    struct Entry
    {
        qint64 version = -1;
        QList<QVariantList> keys;
    };
    mutable QMutex m_mutex;
    QHash<QString, Entry> m_lists;
};

} // namespace vami
