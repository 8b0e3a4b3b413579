#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace vami::http {

// A self-contained, readable HTML reference of the API rendered from the OpenAPI
// document (no scripts, no external resources; inline CSS only, so it works
// offline and under a strict Content-Security-Policy). Operations are grouped by
// tag, each with its method, path, summary, description, authentication,
// parameters, request body fields and responses; schemas are expanded into field
// tables (following $ref, with a depth limit against cycles). All text from the
// document is HTML-escaped.
[[nodiscard]] QByteArray renderDocsPage(const QJsonObject &openApi);

} // namespace vami::http
