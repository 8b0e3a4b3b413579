#include "pagebookmarks.h"

namespace vami {

std::optional<PageBookmarks::Bookmark> PageBookmarks::seek(const QString &list, qint64 offset) const
{
    if (offset < Stride)
        return std::nullopt;
    QMutexLocker locker(&m_mutex);
    auto it = m_lists.constFind(list);
    if (it == m_lists.constEnd() || it->keys.isEmpty())
        return std::nullopt;
    const qsizetype index = std::min<qsizetype>(offset / Stride, it->keys.size() - 1);
    return Bookmark {it->version, qint64(index) * Stride, it->keys.at(index)};
}

void PageBookmarks::store(const QString &list, qint64 version, QList<QVariantList> keys)
{
    QMutexLocker locker(&m_mutex);
    if (!m_lists.contains(list) && m_lists.size() >= MaxLists)
        m_lists.clear();
    Entry &entry = m_lists[list];
    if (entry.version > version)
        return; // a newer version is already remembered
    entry.version = version;
    entry.keys = std::move(keys);
}

void PageBookmarks::clear()
{
    QMutexLocker locker(&m_mutex);
    m_lists.clear();
}

} // namespace vami
