#include "blobwriter.h"

#include "blobspec.h"
#include "blobstore.h"
#include "database.h"
#include "mediasniffer.h"

#include "core/logging.h"

#include <openssl/evp.h>

#include <optional>

using namespace Qt::StringLiterals;

namespace vami {

struct BlobWriter::Private
{
    enum class Stage { Writing, Finishing, Finished, Aborted };

    BlobStore *store = nullptr;
    BlobInfo blob;
    qint64 maxSize = 0;
    QByteArray buffer;
    int nextChunk = 0;
    std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX *)> sha {EVP_MD_CTX_new(), EVP_MD_CTX_free};
    MediaSniffer sniffer;
    std::optional<Error> failure;
    Stage stage = Stage::Writing;
};

namespace {

Error misuse(const QString &what)
{
    qCCritical(lcStorage).noquote() << what;
    return Error::internal(what);
}

} // namespace

BlobWriter::BlobWriter(BlobStore &store, BlobInfo blob, const BlobSpec &spec)
    : d(std::make_unique<Private>())
{
    d->store = &store;
    d->blob = std::move(blob);
    d->maxSize = spec.maxSize;
    if (!d->sha || EVP_DigestInit_ex(d->sha.get(), EVP_sha256(), nullptr) != 1)
        d->failure = Error::internal(u"SHA-256 is not available"_s);
}

BlobWriter::BlobWriter(BlobWriter &&other) noexcept = default;

BlobWriter &BlobWriter::operator=(BlobWriter &&other) noexcept
{
    if (this != &other) {
        BlobWriter dropped(std::move(*this));
        d = std::move(other.d);
    }
    return *this;
}

BlobWriter::~BlobWriter()
{
    if (!d || d->stage == Private::Stage::Finished || d->stage == Private::Stage::Aborted)
        return;
    if (Database::threadInTransaction())
        return; // stays invisible; purgeIncomplete() sweeps it
    if (Status aborted = abort(); !aborted)
        qCWarning(lcStorage).noquote() << "an unfinished blob stays until it is purged:" << aborted.error().diagnostic();
}

QUuid BlobWriter::id() const
{
    return d ? d->blob.id : QUuid();
}

qint64 BlobWriter::size() const
{
    return d ? d->blob.size : 0;
}

Status BlobWriter::write(QByteArrayView bytes)
{
    if (!d)
        return fail(misuse(u"BlobWriter::write on a moved-from writer"_s));
    if (d->failure)
        return fail(*d->failure);
    if (d->stage != Private::Stage::Writing)
        return fail(misuse(u"BlobWriter::write after finish() or abort()"_s));
    if (Database::threadInTransaction()) {
        d->failure = misuse(u"BlobWriter::write inside a database transaction"_s);
        return fail(*d->failure);
    }
    if (d->maxSize > 0 && bytes.size() > d->maxSize - d->blob.size) {
        d->failure = Error::rejected(u"storage.blob_too_large"_s, QT_TRANSLATE_NOOP("vami", "The file is too large."))
                         .withDiagnostic(u"more than %1 bytes"_s.arg(d->maxSize));
        return fail(*d->failure);
    }
    if (EVP_DigestUpdate(d->sha.get(), bytes.data(), size_t(bytes.size())) != 1) {
        d->failure = Error::internal(u"SHA-256 update failed"_s);
        return fail(*d->failure);
    }
    d->sniffer.feed(bytes);
    const qsizetype chunkSize = d->blob.chunkSize;
    if (d->buffer.capacity() < chunkSize)
        d->buffer.reserve(chunkSize);
    while (!bytes.isEmpty()) {
        const qsizetype take = std::min(bytes.size(), chunkSize - d->buffer.size());
        d->buffer.append(bytes.first(take));
        bytes = bytes.sliced(take);
        d->blob.size += take;
        if (d->buffer.size() < chunkSize)
            break;
        if (Status written = d->store->writeChunk(d->blob.id, d->nextChunk, d->buffer, d->blob.size); !written) {
            d->failure = written.error();
            return written;
        }
        ++d->nextChunk;
        d->buffer.resize(0); // keeps the capacity for the next chunk
    }
    return {};
}

Result<BlobInfo> BlobWriter::finish()
{
    if (!d)
        return fail(misuse(u"BlobWriter::finish on a moved-from writer"_s));
    if (d->failure)
        return fail(*d->failure);
    if (d->stage == Private::Stage::Aborted)
        return fail(misuse(u"BlobWriter::finish after abort()"_s));
    if (d->stage == Private::Stage::Finished)
        return d->blob;
    if (d->stage == Private::Stage::Writing) {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (EVP_DigestFinal_ex(d->sha.get(), digest, &length) != 1) {
            d->failure = Error::internal(u"SHA-256 final failed"_s);
            return fail(*d->failure);
        }
        d->blob.sha256 = QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), qsizetype(length)).toHex());
        d->blob.mediaType = d->sniffer.mediaType();
        d->stage = Private::Stage::Finishing;
    }
    // Finishing may run again (a failed attempt, or a retry of the transaction it
    // joined): the tail and the hash stay until it is known to be done.
    auto completed = d->store->complete(d->blob, d->nextChunk, d->buffer);
    if (!completed)
        return fail(completed.error());
    d->blob = *completed;
    if (!Database::threadInTransaction()) {
        d->stage = Private::Stage::Finished;
        d->buffer = QByteArray();
    }
    return d->blob;
}

Status BlobWriter::abort()
{
    if (!d)
        return fail(misuse(u"BlobWriter::abort on a moved-from writer"_s));
    if (d->stage == Private::Stage::Aborted || d->stage == Private::Stage::Finished)
        return {};
    // Only a blob still being written is dropped; one that a finish() in a committed
    // transaction completed stays.
    auto discarded = d->store->discard(d->blob.id, d->blob.organizationId, BlobState::Writing);
    if (!discarded)
        return fail(discarded.error());
    d->stage = Private::Stage::Aborted;
    d->buffer = QByteArray();
    return {};
}

} // namespace vami
