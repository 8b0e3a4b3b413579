#include "blobreader.h"

#include "blobstore.h"

using namespace Qt::StringLiterals;

namespace vami {

BlobReader::BlobReader(BlobStore &store, BlobInfo info)
    : m_store(&store)
    , m_info(std::move(info))
{ }

Result<QByteArray> BlobReader::read(qint64 offset, qint64 length)
{
    if (offset < 0 || length < 0)
        return fail(Error::internal(u"BlobReader::read(%1, %2): a negative range"_s.arg(offset).arg(length)));
    const qint64 size = m_info.size;
    if (offset >= size || length == 0)
        return QByteArray();
    const qint64 end = length >= size - offset ? size : offset + length;
    const qint64 chunkSize = m_info.chunkSize;
    const int first = int(offset / chunkSize);
    const int last = int((end - 1) / chunkSize);
    auto slice = [&](int index) {
        const qint64 base = qint64(index) * chunkSize;
        const qint64 from = std::max(offset, base) - base;
        const qint64 to = std::min(end, base + chunkSize) - base;
        return m_store->readSlice(m_info.id, index, int(from), int(to - from));
    };
    if (first == last)
        return slice(first);
    QByteArray out;
    out.reserve(end - offset);
    for (int index = first; index <= last; ++index) {
        auto piece = slice(index);
        if (!piece)
            return fail(piece.error());
        out.append(*piece);
    }
    return out;
}

Result<QByteArray> BlobReader::next()
{
    auto piece = read(m_position, m_info.chunkSize - m_position % m_info.chunkSize);
    if (piece)
        m_position += piece->size();
    return piece;
}

} // namespace vami
