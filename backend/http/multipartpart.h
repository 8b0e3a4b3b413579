#pragma once

#include <QByteArray>
#include <QString>

namespace vami::http {

// One part of a multipart/form-data body. The content is not copied: it is the
// range [offset, offset + size) of the body the part came from (see
// MultipartBody::content).
struct MultipartPart
{
    QString name; // the Content-Disposition name parameter (never empty)
    // The filename parameter as sent (only when isFile): metadata only, it may hold
    // path separators, "..", bidi controls; sanitise it before showing or storing it.
    QString filename;
    bool isFile = false; // the part carried a filename parameter (it may be "")
    QByteArray mediaType; // lower case, without parameters; "text/plain" when not given
    QByteArray contentType; // the part's Content-Type value as sent (empty when absent)
    qsizetype offset = 0;
    qsizetype size = 0;
};

} // namespace vami::http
