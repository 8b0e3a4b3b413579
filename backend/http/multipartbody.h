#pragma once

#include "multipartpart.h"

#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QStringView>

namespace vami::http {

struct MultipartLimits
{
    int maxParts = 16;
    qsizetype maxHeaderBytes = 8 * 1024; // the header block of one part, CRLFs included
    int maxHeaders = 8; // header fields in one part
};

// A multipart/form-data body (RFC 7578 on RFC 2046), parsed strictly. The boundary
// comes from the Content-Type's boundary parameter (1-70 bchars, quoted or not).
// Lines end in CRLF; a preamble before the first delimiter and an epilogue after
// the closing one are ignored. Every part needs `Content-Disposition: form-data`
// with a non-empty, unique name; its Content-Type defaults to text/plain. A
// Content-Transfer-Encoding other than 7bit, 8bit or binary, a malformed or
// folded header line, a bare CR or LF, NUL or another control character in the
// headers, a delimiter followed by anything but CRLF or "--", a missing closing
// delimiter and more parts, header bytes or header fields than the limits allow
// are validation errors.
//
// The body is kept (implicitly shared, never copied); parts are ranges of it.
class MultipartBody
{
public:
    MultipartBody() = default;

    [[nodiscard]] static Result<MultipartBody> parse(
        const QByteArray &body, QByteArrayView contentType, const MultipartLimits &limits = {});
    // The boundary parameter of a multipart Content-Type value, checked against RFC 2046.
    [[nodiscard]] static Result<QByteArray> boundaryOf(QByteArrayView contentType);

    [[nodiscard]] const QList<MultipartPart> &parts() const { return m_parts; }
    [[nodiscard]] bool isEmpty() const { return m_parts.isEmpty(); }
    // The part with this name; nullptr when the body has none.
    [[nodiscard]] const MultipartPart *part(QStringView name) const;
    // The content of one of this body's parts, a view into the body.
    [[nodiscard]] QByteArrayView content(const MultipartPart &part) const;

private:
    QByteArray m_body;
    QList<MultipartPart> m_parts;
};

} // namespace vami::http
