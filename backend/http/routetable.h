#pragma once

#include "route.h"

#include <QHash>
#include <QList>
#include <QString>

namespace vami::http {

// The server's routes. Immutable once the server starts; read from every worker.
class RouteTable
{
public:
    void add(Route route);

    struct Match
    {
        enum class Kind { Found, MethodNotAllowed, NotFound };
        Kind kind = Kind::NotFound;
        const Route *route = nullptr;
        QHash<QString, QString> params; // percent-decoded path parameters
        QList<Method> allowed;          // for MethodNotAllowed (and CORS preflight)
    };
    [[nodiscard]] Match match(Method method, const QString &normalizedPath) const;

    // Largest body accepted for a request line (the connection guard asks before
    // reading a body). Unknown paths get a small limit: they will be answered 404.
    [[nodiscard]] qint64 bodyLimitFor(QByteArrayView method, QByteArrayView target) const;

    [[nodiscard]] const QList<Route> &routes() const { return m_routes; }

    // "/api/api/x" -> "/api/x" (a path the original's client builds by mistake), a
    // trailing slash removed (both spellings are served), empty -> "/".
    [[nodiscard]] static QString normalizePath(QByteArrayView rawPath);

private:
    struct Compiled
    {
        QStringList segments; // literal text, or empty with isParam
        QList<bool> isParam;
        QStringList paramNames;
        int routeIndex = 0;
    };
    QList<Route> m_routes;
    QList<Compiled> m_compiled; // most specific first within each segment count
    QHash<int, QList<int>> m_bySegmentCount;
};

} // namespace vami::http
