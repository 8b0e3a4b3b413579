#include "testcertificates.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace vami::test {

namespace {

struct Deleter
{
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(X509 *p) const { X509_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(X509_EXTENSION *p) const { X509_EXTENSION_free(p); }
};
template<typename T> using Owned = std::unique_ptr<T, Deleter>;

QByteArray drain(BIO *bio)
{
    QByteArray out(qsizetype(BIO_ctrl_pending(bio)), Qt::Uninitialized);
    const int n = BIO_read(bio, out.data(), int(out.size()));
    out.resize(std::max(0, n));
    return out;
}

bool addExtension(X509 *certificate, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    Owned<X509_EXTENSION> extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData()));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

Owned<X509> makeCertificate(EVP_PKEY *key, const char *commonName, long serial, X509 *issuer, EVP_PKEY *issuerKey,
    const QList<std::pair<int, QByteArray>> &extensions)
{
    Owned<X509> certificate(X509_new());
    if (!certificate)
        return {};
    X509_set_version(certificate.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 24 * 3600);
    X509_set_pubkey(certificate.get(), key);
    X509_NAME *name = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(
        name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char *>("Vami tests"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char *>(commonName), -1, -1, 0);
    X509 *signer = issuer ? issuer : certificate.get();
    X509_set_issuer_name(certificate.get(), X509_get_subject_name(signer));
    for (const auto &[nid, value] : extensions) {
        if (!addExtension(certificate.get(), signer, nid, value))
            return {};
    }
    if (X509_sign(certificate.get(), issuerKey ? issuerKey : key, EVP_sha256()) <= 0)
        return {};
    return certificate;
}

QByteArray pem(X509 *certificate)
{
    Owned<BIO> bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_X509(bio.get(), certificate);
    return drain(bio.get());
}

} // namespace

std::optional<TestCertificates> TestCertificates::create(
    const QStringList &dnsNames, const QStringList &ipAddresses, QString *error)
{
    auto failed = [error](const QString &what) -> std::optional<TestCertificates> {
        if (error)
            *error = what;
        return std::nullopt;
    };
    Owned<EVP_PKEY> caKey(EVP_EC_gen("P-256"));
    Owned<EVP_PKEY> serverKey(EVP_EC_gen("P-256"));
    if (!caKey || !serverKey)
        return failed(u"cannot generate keys"_s);
    Owned<X509> ca = makeCertificate(caKey.get(), "Vami Test CA", 1, nullptr, nullptr,
        {{NID_basic_constraints, "critical,CA:TRUE"}, {NID_key_usage, "critical,keyCertSign,cRLSign"},
            {NID_subject_key_identifier, "hash"}});
    if (!ca)
        return failed(u"cannot make the CA certificate"_s);
    QStringList names;
    for (const QString &dns : dnsNames)
        names << u"DNS:"_s + dns;
    for (const QString &ip : ipAddresses)
        names << u"IP:"_s + ip;
    Owned<X509> server = makeCertificate(serverKey.get(), "Vami test server", 2, ca.get(), caKey.get(),
        {{NID_basic_constraints, "critical,CA:FALSE"}, {NID_key_usage, "critical,digitalSignature"},
            {NID_ext_key_usage, "serverAuth"}, {NID_subject_alt_name, names.join(u',').toLatin1()},
            {NID_authority_key_identifier, "keyid:always"}});
    if (!server)
        return failed(u"cannot make the server certificate"_s);
    TestCertificates out;
    out.caPem = pem(ca.get());
    out.serverCertificatePem = pem(server.get());
    Owned<BIO> keyBio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(keyBio.get(), serverKey.get(), nullptr, nullptr, 0, nullptr, nullptr);
    out.serverKeyPem = drain(keyBio.get());
    if (out.caPem.isEmpty() || out.serverCertificatePem.isEmpty() || out.serverKeyPem.isEmpty())
        return failed(u"cannot write the certificates"_s);
    return out;
}

} // namespace vami::test
