#include "routetable.h"

#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vami::http {

QString RouteTable::normalizePath(QByteArrayView raw)
{
    QString path = QString::fromUtf8(raw);
    if (path.isEmpty())
        return u"/"_s;
    while (path.startsWith(u"/api/api/"_s) || path == u"/api/api"_s)
        path.remove(0, 4);
    while (path.size() > 1 && path.endsWith(u'/'))
        path.chop(1);
    return path;
}

void RouteTable::add(Route route)
{
    Compiled c;
    const QStringList parts = route.path.split(u'/', Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const bool param = part.startsWith(u'{') && part.endsWith(u'}');
        c.segments.append(param ? QString() : part);
        c.isParam.append(param);
        if (param)
            c.paramNames.append(part.mid(1, part.size() - 2));
    }
    c.routeIndex = int(m_routes.size());
    if (!route.sizeHint)
        route.sizeHint = std::make_shared<ResponseSizeHint>();
    m_routes.append(std::move(route));
    m_compiled.append(c);

    // Rebuild the index: within a segment count, literal segments win over
    // parameters at the first position where two templates differ.
    m_bySegmentCount.clear();
    QList<int> order(m_compiled.size());
    for (int i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
        const Compiled &x = m_compiled[a];
        const Compiled &y = m_compiled[b];
        for (qsizetype i = 0; i < std::min(x.isParam.size(), y.isParam.size()); ++i) {
            if (x.isParam[i] != y.isParam[i])
                return !x.isParam[i];
        }
        return false;
    });
    for (int i : order)
        m_bySegmentCount[int(m_compiled[i].segments.size())].append(i);
}

RouteTable::Match RouteTable::match(Method method, const QString &path) const
{
    Match result;
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    const auto candidates = m_bySegmentCount.constFind(int(parts.size()));
    if (candidates == m_bySegmentCount.constEnd())
        return result;
    for (int index : *candidates) {
        const Compiled &c = m_compiled[index];
        bool ok = true;
        for (qsizetype i = 0; i < parts.size() && ok; ++i) {
            if (!c.isParam[i] && c.segments[i] != parts[i])
                ok = false;
        }
        if (!ok)
            continue;
        const Route &route = m_routes[c.routeIndex];
        const bool methodMatches = route.method == method || (method == Method::Head && route.allowHead);
        if (!methodMatches) {
            if (!result.allowed.contains(route.method))
                result.allowed.append(route.method);
            if (route.allowHead && !result.allowed.contains(Method::Head))
                result.allowed.append(Method::Head);
            continue;
        }
        if (result.kind == Match::Kind::Found)
            continue; // a more specific template already matched
        result.kind = Match::Kind::Found;
        result.route = &route;
        qsizetype p = 0;
        for (qsizetype i = 0; i < parts.size(); ++i) {
            if (c.isParam[i])
                result.params.insert(c.paramNames[p++], QUrl::fromPercentEncoding(parts[i].toUtf8()));
        }
    }
    if (result.kind == Match::Kind::NotFound && !result.allowed.isEmpty())
        result.kind = Match::Kind::MethodNotAllowed;
    return result;
}

qint64 RouteTable::bodyLimitFor(QByteArrayView method, QByteArrayView target) const
{
    qsizetype end = target.indexOf('?');
    const QString path = normalizePath(end < 0 ? target : target.first(end));
    const Match m = match(parseMethod(method), path);
    if (m.kind != Match::Kind::Found)
        return 64 * 1024;
    return m.route->maxBodyBytes;
}

} // namespace vami::http
