#include "passwordhasher.h"

#include "core/threadpriority.h"

#include <QThread>
#include <QThreadPool>

#include <future>

#include "core/random.h"

#include <QStringList>

#include <openssl/crypto.h>
#include <openssl/evp.h>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

constexpr int SaltBytes = 16;
constexpr int KeyBytes = 32;
constexpr quint64 MaxMemoryBytes = 256ull * 1024 * 1024;

// PHC strings use the standard base64 alphabet without padding.
QByteArray toB64(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::OmitTrailingEquals);
}

std::optional<QByteArray> fromB64(QStringView text)
{
    if (text.isEmpty())
        return std::nullopt;
    for (const QChar c : text) {
        if (!((c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'+'
              || c == u'/'))
            return std::nullopt;
    }
    auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    // Reject non-canonical encodings (stray bits in the last character).
    if (toB64(decoded.decoded) != text.toLatin1())
        return std::nullopt;
    return decoded.decoded;
}

quint64 memoryFor(const ScryptParams &p)
{
    // 128 * r * N for V, plus 128 * r * p for B, plus slack for OpenSSL's bookkeeping.
    return 128ull * quint64(p.r) * (quint64(1) << p.logN) + 128ull * quint64(p.r) * quint64(p.p) + 1024 * 1024;
}

bool boundsOk(const ScryptParams &p)
{
    return p.logN >= 10 && p.logN <= 20 && p.r >= 1 && p.r <= 32 && p.p >= 1 && p.p <= 16
        && memoryFor(p) <= MaxMemoryBytes;
}

QByteArray deriveKey(const QByteArray &password, const QByteArray &salt, const ScryptParams &p, int length)
{
    QByteArray key(length, Qt::Uninitialized);
    const int ok = EVP_PBE_scrypt(password.constData(), size_t(password.size()),
                                  reinterpret_cast<const unsigned char *>(salt.constData()), size_t(salt.size()),
                                  quint64(1) << p.logN, quint64(p.r), quint64(p.p), memoryFor(p),
                                  reinterpret_cast<unsigned char *>(key.data()), size_t(length));
    if (ok != 1) {
        OPENSSL_cleanse(key.data(), size_t(key.size()));
        return {};
    }
    return key;
}

// A decimal without sign or leading zeros.
std::optional<int> strictInt(QStringView text)
{
    if (text.isEmpty() || text.size() > 4 || (text.size() > 1 && text.front() == u'0'))
        return std::nullopt;
    int v = 0;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        v = v * 10 + (c.unicode() - u'0');
    }
    return v;
}

struct Parsed
{
    ScryptParams params;
    QByteArray salt;
    QByteArray key;
};

std::optional<Parsed> parse(const QString &phc)
{
    // $scrypt$ln=15,r=8,p=3$<salt>$<key>
    const QStringList parts = phc.split(u'$');
    if (parts.size() != 5 || !parts[0].isEmpty() || parts[1] != u"scrypt"_s)
        return std::nullopt;
    const QStringList fields = parts[2].split(u',');
    if (fields.size() != 3 || !fields[0].startsWith(u"ln="_s) || !fields[1].startsWith(u"r="_s)
        || !fields[2].startsWith(u"p="_s))
        return std::nullopt;
    const auto ln = strictInt(QStringView(fields[0]).mid(3));
    const auto r = strictInt(QStringView(fields[1]).mid(2));
    const auto p = strictInt(QStringView(fields[2]).mid(2));
    if (!ln || !r || !p)
        return std::nullopt;
    Parsed out;
    out.params = ScryptParams{*ln, *r, *p};
    if (!boundsOk(out.params))
        return std::nullopt;
    const auto salt = fromB64(parts[3]);
    const auto key = fromB64(parts[4]);
    if (!salt || !key || salt->size() < 8 || salt->size() > 64 || key->size() < 16 || key->size() > 64)
        return std::nullopt;
    out.salt = *salt;
    out.key = *key;
    return out;
}

} // namespace

PasswordHasher::PasswordHasher(ScryptParams params)
    : m_params(params)
    , m_pool(std::make_shared<QThreadPool>())
{
    m_pool->setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    m_dummy = hash(secureToken(24).toUtf8());
}

PasswordHasher::~PasswordHasher()
{
    m_pool->waitForDone();
}

QByteArray PasswordHasher::derive(
    const QByteArray &password, const QByteArray &salt, const ScryptParams &params, int length) const
{
    // std::promise rather than QFuture: waiting on a QFuture may run a task that has
    // not started yet on the waiting thread, at the waiter's priority.
    std::promise<QByteArray> done;
    std::future<QByteArray> key = done.get_future();
    m_pool->start([&] {
        lowerThisThreadsPriority();
        done.set_value(deriveKey(password, salt, params, length));
    });
    return key.get();
}

QString PasswordHasher::hash(const QByteArray &password) const
{
    if (password.size() > MaxPasswordBytes || !boundsOk(m_params))
        return {};
    const QByteArray salt = secureRandomBytes(SaltBytes);
    QByteArray key = derive(password, salt, m_params, KeyBytes);
    if (key.isEmpty())
        return {};
    const QString phc = u"$scrypt$ln=%1,r=%2,p=%3$"_s.arg(m_params.logN).arg(m_params.r).arg(m_params.p)
        + QString::fromLatin1(toB64(salt)) + u'$' + QString::fromLatin1(toB64(key));
    OPENSSL_cleanse(key.data(), size_t(key.size()));
    return phc;
}

PasswordHasher::Verification PasswordHasher::verify(const QByteArray &password, const QString &phc) const
{
    Verification result;
    if (password.size() > MaxPasswordBytes)
        return result;
    const auto parsed = parse(phc);
    if (!parsed)
        return result;
    QByteArray key = derive(password, parsed->salt, parsed->params, int(parsed->key.size()));
    if (key.size() != parsed->key.size())
        return result;
    result.matches = CRYPTO_memcmp(key.constData(), parsed->key.constData(), size_t(key.size())) == 0;
    OPENSSL_cleanse(key.data(), size_t(key.size()));
    result.needsRehash = result.matches && (parsed->params != m_params || parsed->key.size() != KeyBytes);
    return result;
}

const QString &PasswordHasher::dummyHash() const
{
    return m_dummy;
}

} // namespace vami
